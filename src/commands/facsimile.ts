/**
 * `collate facsimile <id>`: renders fixtures/<id> into scans/<id>/page-NN.jpg and scans/<id>/manifest.json.
 * `fixtures/<id>/facsimile.json`, where present, gives the seed and each page's design and condition;
 * style flags given on the command line apply to every page, over it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEED } from '../defaults.js';
import { renderDocument } from '../facsimile/render.js';
import { InputError } from '../errors.js';
import { checkDocumentId, CONFIG_FILE, loadTruth, readJsonIfPresent, reason, refuseToOverwrite, shown, writeAtomic } from '../files.js';
import { FacsimileConfig, FacsimileStyleSettings, Manifest } from '../model.js';
import { IMAGE_EXTENSIONS } from '../pages.js';
import { decisionsPath } from './run.js';

export interface FacsimileOptions {
  fixtures?: string;
  out?: string;
  /** Render into a folder even when it holds page images collate did not render. */
  force?: boolean;
  seed?: number;
  quality?: number;
  jobs?: number;
  /** Style for every page, over the fixture's facsimile.json. */
  style?: FacsimileStyleSettings;
  log?: (line: string) => void;
}

export { DEFAULT_SEED };
const GENERATOR = 'collate facsimile';
const CONFIG = 'facsimile.json';

/**
 * Refuses a folder that holds page images collate did not render: those not listed in a manifest that
 * `collate facsimile` wrote. They may be a user's only scans, which rendering would overwrite. `force`
 * lets it render over them; a file where the folder should be is refused either way.
 */
async function refuseForeignImages(out: string, force: boolean): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw new InputError(`--out ${shown(out)}: that is a file, not a folder; render into a folder`);
    throw new InputError(`--out ${shown(out)}: cannot read the folder: ${reason(error)}`);
  }
  const images = names.filter((name) => IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase()));
  if (images.length === 0 || force) return;
  const manifest = await readJsonIfPresent(path.join(out, 'manifest.json'), Manifest, 'the scans manifest').catch(() => undefined);
  const rendered = new Set(manifest?.facsimile?.generator === GENERATOR ? manifest.pages.map((page) => page.file) : []);
  const foreign = images.filter((name) => !rendered.has(name));
  if (foreign.length > 0) {
    throw new InputError(`--out ${shown(out)}: the folder holds ${foreign.length} page image(s) that collate facsimile did not render (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); render into another folder (--out DIR), or pass --force to overwrite them`);
  }
}

export async function facsimile(id: string, options: FacsimileOptions = {}): Promise<Manifest> {
  checkDocumentId(id);
  const fixtures = options.fixtures ?? path.join('fixtures', id);
  const out = options.out ?? path.join('scans', id);
  const log = options.log ?? (() => {});
  const transcript = path.join('transcripts', `${id}.txt`);
  await refuseToOverwrite('--out', out, [
    { path: transcript, what: 'the transcript' },
    { path: decisionsPath(transcript), what: 'the decisions file' },
    { path: `${decisionsPath(transcript)}.bak`, what: 'the decisions file’s backup' },
    { path: CONFIG_FILE, what: 'the collate config' },
  ]);
  await refuseForeignImages(out, options.force ?? false);
  const truth = await loadTruth(fixtures);
  const config = (await readJsonIfPresent(path.join(fixtures, CONFIG), FacsimileConfig, 'the facsimile settings')) ?? {};
  const seed = options.seed ?? config.seed ?? DEFAULT_SEED;
  const given = FacsimileStyleSettings.safeParse(options.style ?? {});
  if (!given.success) throw new InputError(`facsimile style: ${given.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const labels = new Set(truth.pages.map((page) => page.label));
  for (const label of Object.keys(config.pages ?? {})) {
    if (!labels.has(label)) throw new InputError(`${shown(path.join(fixtures, CONFIG))}: pages: no page labelled "${label}" in the fixture`);
  }
  const styles = truth.pages.map((page) => ({ ...config.style, ...config.pages?.[page.label], ...given.data }));
  const width = String(truth.pages.length).length < 2 ? 2 : String(truth.pages.length).length;
  const fileOf = (index: number) => `page-${String(index + 1).padStart(width, '0')}.jpg`;

  await fs.mkdir(out, { recursive: true });
  const started = performance.now();
  const rendered = await renderDocument(truth.pages, {
    seed,
    quality: options.quality,
    concurrency: options.jobs,
    styles,
    onPage: (page) => log(`page ${page.manifest.label} → ${shown(path.join(out, fileOf(page.index)))} (${Math.round(page.jpeg.length / 1024)} KB)`),
  });
  await Promise.all(rendered.map((page) => writeAtomic(path.join(out, fileOf(page.index)), page.jpeg)));

  const manifest = Manifest.parse({
    document: id,
    facsimile: {
      generator: GENERATOR,
      seed,
      fixture: fixtures.split(path.sep).join('/'),
      note: 'A facsimile rendered from the ground-truth transcription, not a photograph of the archive’s pages.',
    },
    pages: rendered.map((page) => ({ file: fileOf(page.index), ...page.manifest })),
  });
  await writeAtomic(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`rendered ${rendered.length} pages of ${id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}
