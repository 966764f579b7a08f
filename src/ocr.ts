/**
 * OCR, at the edge: the only pipeline module that touches image libraries (sharp, mupdf) and tesseract.js.
 * It reads an image's header, decodes a page (PNG, JPEG, TIFF with all its pages, PDF rasterized at
 * 300 dpi), prepares it for OCR, and turns tesseract's block → paragraph → line → word tree into our own
 * OcrPage at once, so no other module sees tesseract's types. English data comes from the
 * @tesseract.js-data/eng package: nothing is downloaded, and nothing is written to the working directory.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { createScheduler, createWorker, OEM, PSM, type InitOptions, type Line, type Page } from 'tesseract.js';
import { InputError } from './errors.js';
import { reason, shown } from './files.js';
import type { BBox, OcrLine, OcrPage, PageSource, PreprocessOptions } from './model.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** Larger images are refused: a letter page at 600 dpi is about 34 megapixels. */
export const MAX_PIXELS = 100_000_000;
export const PDF_DPI = 300;

/** What read the page; part of every cache key. Bump `preprocess` when the preparation of pages changes. */
export const ENGINE = {
  preprocess: 5,
  name: 'tesseract.js',
  version: versionOf('tesseract.js'),
  core: versionOf('tesseract.js-core'),
  data: `@tesseract.js-data/eng@${versionOf('@tesseract.js-data/eng')}`,
  sharp: sharp.versions.sharp ?? 'unknown',
  vips: sharp.versions.vips,
};

const isPdf = (file: string) => path.extname(file).toLowerCase() === '.pdf';

async function readImageFile(file: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (error) {
    throw new InputError(`${shown(file)}: cannot read the image: ${reason(error)}`);
  }
  if (data.length === 0) throw new InputError(`${shown(file)}: the file is empty (0 bytes)`);
  return data;
}

async function openPdf(file: string, data: Buffer) {
  const mupdf = await import('mupdf');
  try {
    return { mupdf, doc: mupdf.Document.openDocument(data, 'application/pdf') };
  } catch (error) {
    throw new InputError(`${shown(file)}: not a readable PDF: ${reason(error)}`);
  }
}

/**
 * Reads an image's header and counts its pages, refusing what is empty, not an image, or too large,
 * before any OCR starts.
 */
export async function probe(file: string): Promise<number> {
  const data = await readImageFile(file);
  if (isPdf(file)) {
    const { doc } = await openPdf(file, data);
    try {
      const count = doc.countPages();
      if (count === 0) throw new InputError(`${shown(file)}: the PDF has no pages`);
      return count;
    } finally {
      doc.destroy();
    }
  }
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new InputError(`${shown(file)}: not a readable image: ${reason(error)}`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_PIXELS) {
    throw new InputError(
      `${shown(file)}: the image is ${meta.width}×${meta.height} (${Math.round(pixels / 1e6)} megapixels), over the ${MAX_PIXELS / 1e6}-megapixel limit; scan at 300–600 dpi`,
    );
  }
  return meta.pages ?? 1;
}

/** The decoded page as 8-bit RGB pixels. */
export interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

const where = (source: PageSource) => `${shown(source.file)}${source.subpages > 1 ? ` page ${source.subpage + 1}` : ''}`;

/** Decodes one page to RGB. A truncated or corrupt file is an InputError naming it. */
export async function decodePage(source: PageSource): Promise<Raster> {
  const data = await readImageFile(source.file);
  if (isPdf(source.file)) {
    const { mupdf, doc } = await openPdf(source.file, data);
    try {
      const scale = PDF_DPI / 72;
      const pixmap = doc.loadPage(source.subpage).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
      const raster = { data: Buffer.from(pixmap.getPixels()), width: pixmap.getWidth(), height: pixmap.getHeight() };
      pixmap.destroy();
      if (raster.width * raster.height > MAX_PIXELS) throw new InputError(`${where(source)}: the page rasterizes to over ${MAX_PIXELS / 1e6} megapixels at ${PDF_DPI} dpi`);
      return raster;
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${where(source)}: cannot rasterize the PDF page: ${reason(error)}`);
    } finally {
      doc.destroy();
    }
  }
  try {
    const { data: pixels, info } = await sharp(data, { page: source.subpage, limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, decoded ${info.channels}`);
    return { data: pixels, width: info.width, height: info.height };
  } catch (error) {
    throw new InputError(`${where(source)}: cannot decode the image: ${reason(error)}`);
  }
}

/** The content hash of a page: its file's bytes, and which page of the file. */
export async function pageDigest(source: PageSource): Promise<string> {
  const data = await readImageFile(source.file);
  return createHash('sha256').update(data).update(`#${source.subpage}`).digest('hex');
}

/** Chosen by measurement with `collate eval` on the facsimiles; see BENCHMARKS.md. */
export const DEFAULT_PREPROCESS: PreprocessOptions = { suppressColour: true, normalize: true, despeckle: 3 };

/** The paper's colour: the 90th percentile of each channel, which on a page of text is bare paper. */
function paperColour(raster: Raster): [number, number, number] {
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  for (let p = 0; p < raster.data.length; p += 3 * 7) for (let c = 0; c < 3; c++) histograms[c]![raster.data[p + c]!]!++;
  return histograms.map((histogram) => {
    const total = histogram.reduce((a, b) => a + b, 0);
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= total * 0.9) return Math.max(v, 64);
    return 255;
  }) as [number, number, number];
}

/**
 * Turns a colour page into the grayscale image tesseract reads best.
 *
 * Stamp ink is suppressed by where it is, not pixel by pixel: JPEG keeps colour only at low resolution, so
 * a thin violet stroke's own pixels look almost gray. The page is first balanced against its paper, so
 * typing (paper-coloured ink) is neutral; the chroma left over is blurred into a map of where coloured ink
 * lies, and pixels there are lightened in proportion. Black typing under a stamp is far darker than the
 * stamp's ink, so it stays dark while the stamp fades to paper.
 */
export async function preprocess(raster: Raster, options: PreprocessOptions): Promise<Prepared> {
  const { width, height } = raster;
  const [pr, pg, pb] = paperColour(raster);
  const gray = Buffer.alloc(width * height);
  const chroma = Buffer.alloc(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 3) {
    const r = Math.min(255, (raster.data[p]! * 255) / pr);
    const g = Math.min(255, (raster.data[p + 1]! * 255) / pg);
    const b = Math.min(255, (raster.data[p + 2]! * 255) / pb);
    gray[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    chroma[i] = Math.max(r, g, b) - Math.min(r, g, b);
  }
  const spread = await sharp(chroma, { raw: { width, height, channels: 1 } }).blur(COLOUR_BLUR).toColourspace('b-w').raw().toBuffer();
  const luma = Buffer.from(gray);
  const lifts = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) {
    const lift = Math.min(COLOUR_LIFT_MAX, COLOUR_GAIN * Math.max(0, spread[i]! - COLOUR_FLOOR));
    lifts[i] = lift;
    if (options.suppressColour) gray[i] = Math.min(255, gray[i]! + lift);
  }
  let image = sharp(gray, { raw: { width, height, channels: 1 } });
  if (options.normalize) image = image.normalise({ lower: 1, upper: 99 });
  if (options.despeckle > 0) image = image.median(options.despeckle);
  return { png: await image.toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer(), luma, lifts, width };
}

/** The page ready for OCR, with its balanced luma and how much each pixel was lifted as coloured ink. */
export interface Prepared {
  png: Buffer;
  luma: Uint8Array;
  lifts: Uint8Array;
  width: number;
}

/**
 * How surely the ink inside a box is stamp ink, 0–1. Stamp ink is light and coloured: even its darkest
 * tenth is lighter than typing's, and it was lifted as coloured. Typing over a stamp keeps its dark
 * strokes, so it reads 0 however much stamp ink crosses it.
 */
export function colourShare(prepared: Prepared, [x0, y0, x1, y1]: BBox): number {
  const darkness = new Uint32Array(256);
  const lifted = new Uint32Array(256);
  let inked = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * prepared.width + x;
      const luma = prepared.luma[i] ?? 255;
      if (luma >= INK) continue;
      inked++;
      darkness[luma]!++;
      lifted[prepared.lifts[i] ?? 0]!++;
    }
  }
  if (inked === 0) return 0;
  const quantile = (histogram: Uint32Array, q: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) > inked * q) return v;
    return 255;
  };
  if (quantile(darkness, 0.1) < STAMP_DARKEST) return 0;
  return Math.min(1, Math.round((quantile(lifted, 0.5) / COLOURED) * 100) / 100);
}

/** Balanced luma below which a pixel is ink. */
const INK = 170;
/** Median lift at which ink is surely coloured. */
const COLOURED = 16;
/** Balanced luma of the darkest tenth of stamp ink; typing's is darker. */
const STAMP_DARKEST = 100;
const COLOUR_BLUR = 0.8;
const COLOUR_FLOOR = 8;
const COLOUR_GAIN = 12;
const COLOUR_LIFT_MAX = 160;

function langPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** A pool of tesseract workers, started once and shared by every page of a run. */
export interface Engine {
  recognize(source: PageSource): Promise<OcrPage>;
  close(): Promise<void>;
}

export async function startEngine(jobs: number, options: PreprocessOptions): Promise<Engine> {
  const scheduler = createScheduler();
  const workers = await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, () =>
      createWorker('eng', OEM.LSTM_ONLY, { langPath: langPath(), gzip: true, cacheMethod: 'none', logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>),
    ),
  );
  for (const worker of workers) {
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, user_defined_dpi: '300' });
    scheduler.addWorker(worker);
  }
  return {
    async recognize(source) {
      const raster = await decodePage(source);
      const prepared = await preprocess(raster, options);
      const { data } = await scheduler.addJob('recognize', prepared.png, {}, { blocks: true, text: false });
      return toPage(data, source, raster.width, raster.height, (bbox) => colourShare(prepared, bbox));
    },
    close: () => scheduler.terminate(),
  };
}

const box = (b: { x0: number; y0: number; x1: number; y1: number }): BBox => [b.x0, b.y0, b.x1, b.y1];
const tenth = (n: number) => Math.round(n * 10) / 10;

function toLine(line: Line, index: number, colour: (bbox: BBox) => number): OcrLine {
  const words = line.words
    .filter((word) => word.text.trim() !== '')
    .map((word) => ({ text: word.text.normalize('NFC'), bbox: box(word.bbox), confidence: tenth(word.confidence), colour: colour(box(word.bbox)) }));
  return { index, text: words.map((word) => word.text).join(' '), bbox: box(line.bbox), confidence: tenth(line.confidence), words };
}

/** tesseract's tree, flattened to lines in reading order, each word with its box and confidence. */
export function toPage(data: Page, source: PageSource, width: number, height: number, colour: (bbox: BBox) => number = () => 0): OcrPage {
  const lines = (data.blocks ?? [])
    .flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines))
    .map((line, index) => toLine(line, index, colour))
    .filter((line) => line.words.length > 0)
    .map((line, index) => ({ ...line, index }));
  return { label: source.label, position: source.position, file: source.file, ...(source.subpages > 1 ? { subpage: source.subpage } : {}), width, height, lines };
}
