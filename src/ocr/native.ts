/**
 * The native `tesseract` CLI as a reader, for `--engine native`: a prepared page is piped to one tesseract
 * process, and the images read again from it (doubtful lines, unread ink, stamps) go to one more, as a list
 * of files; at most `jobs` processes at a time. Their hOCR is read back with the project's own hOCR reader.
 * Only used where tesseract is installed; tesseract.js needs nothing.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { InputError } from '../errors.js';
import { readHocr } from '../formats.js';
import type { OcrLine } from '../model.js';

const MISSING = '--engine native needs the tesseract CLI on the PATH (Debian and Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract), or use --engine lstm';

interface Ran {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function execute(args: readonly string[], input?: Buffer): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // One thread per process: collate runs `jobs` of them side by side, as it runs `jobs` tesseract.js workers.
    const child = spawn('tesseract', args, { env: { OMP_THREAD_LIMIT: '1', ...process.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new InputError(`tesseract: not found; ${MISSING}`) : error));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
    // A process that exits early (a bad option) closes its input; the exit code says what happened.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** The installed tesseract's version line ("tesseract 5.3.0"), which goes into the cache key. */
export async function nativeVersion(): Promise<string> {
  const ran = await execute(['--version']);
  const line = ran.stdout.toString().split('\n')[0]?.trim();
  if (ran.code !== 0 || !line?.startsWith('tesseract')) throw new InputError(`tesseract --version: exit code ${ran.code}; ${MISSING}`);
  return line;
}

export interface NativeReader {
  /** An image (PGM or PNG) read into lines, in the image's coordinates and tesseract's reading order. */
  read(image: Buffer): Promise<OcrLine[]>;
  /**
   * Several images read by one process, each as `read` reads it: tesseract loads its model once (a tenth of
   * a second of CPU with tessdata_best) instead of once an image.
   */
  readAll(images: readonly Buffer[]): Promise<OcrLine[][]>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * A reader that runs `tesseract` with the model in `tessdata` (a folder holding eng.traineddata), the same
 * page segmentation and resolution as the tesseract.js engine, and `whitelist` as its character set.
 */
export function nativeReader(jobs: number, tessdata: string, whitelist: string | undefined): NativeReader {
  const limit = pLimit(Math.max(1, jobs));
  const args = [
    'stdin', 'stdout',
    '--tessdata-dir', tessdata, '-l', 'eng', '--oem', '1', '--psm', '3', '--dpi', '300',
    '-c', 'tessedit_create_hocr=1', '-c', 'hocr_font_info=0', '-c', 'debug_file=/dev/null',
    ...(whitelist === undefined ? [] : ['-c', `tessedit_char_whitelist=${whitelist}`]),
  ];
  const hocr = async (input: string, image?: Buffer) => {
    const ran = await execute([input, ...args.slice(1)], image);
    if (ran.code !== 0) throw new Error(`tesseract exited with code ${ran.code}: ${ran.stderr.trim().split('\n').pop() ?? ''}`);
    return readHocr(ran.stdout.toString('utf8'), 'tesseract hOCR');
  };
  const read = (image: Buffer) => limit(async () => (await hocr('stdin', image))[0]?.lines ?? []);
  const readAll = async (images: readonly Buffer[]): Promise<OcrLine[][]> => {
    if (images.length <= 1) return Promise.all(images.map(read));
    return limit(async () => {
      // An input that is a text file of image paths gives one hOCR page per image, in the list's order.
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'collate-native-'));
      try {
        const files = images.map((image, i) => path.join(dir, `${i}.${image.subarray(0, 4).equals(PNG) ? 'png' : 'pgm'}`));
        await Promise.all(images.map((image, i) => fs.writeFile(files[i]!, image)));
        await fs.writeFile(path.join(dir, 'images.txt'), `${files.join('\n')}\n`);
        const pages = await hocr(path.join(dir, 'images.txt'));
        if (pages.length !== images.length) throw new Error(`tesseract read ${pages.length} of ${images.length} images`);
        return pages.map((page) => page.lines);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  };
  return { read, readAll };
}
