/**
 * The native `tesseract` CLI as a reader, for `--engine native`: each image (a prepared page, a line read
 * again, a stamp) is piped to one tesseract process, at most `jobs` at a time, and its hOCR read back with
 * the project's own hOCR reader. Only used where tesseract is installed; tesseract.js needs nothing.
 */
import { spawn } from 'node:child_process';
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
}

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
  return {
    read: (image) =>
      limit(async () => {
        const ran = await execute(args, image);
        if (ran.code !== 0) throw new Error(`tesseract exited with code ${ran.code}: ${ran.stderr.trim().split('\n').pop() ?? ''}`);
        return readHocr(ran.stdout.toString('utf8'), 'tesseract hOCR')[0]?.lines ?? [];
      }),
  };
}
