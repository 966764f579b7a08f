/**
 * OCR: page images in, our own page model out. The only part of the pipeline that touches image
 * libraries (sharp, mupdf) and tesseract.js. tesseract.js runs in a pool of workers (one per core by
 * default) with English data from the @tesseract.js-data/eng package: nothing is downloaded, and nothing
 * is written to the working directory. tesseract's block → paragraph → line → word tree is turned into
 * OcrPage at once, so no other module sees tesseract's types.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createScheduler, createWorker, OEM, PSM, type InitOptions, type Line, type Page } from 'tesseract.js';
import type { BBox, OcrLine, OcrOptions, OcrPage, PageSource } from '../model.js';
import { decodePage } from './image.js';
import { colourShare, preprocess, unrotate } from './prepare.js';
import { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';
import { detectTurn, OSD_SCALE, turnBox, turnRaster, unturnBox, unturnLine, type Detect } from './orient.js';
import { stampImage, stampRegions } from './stamps.js';

export { decodePage, MAX_PIXELS, pageDigest, PDF_DPI, probe, type Raster } from './image.js';
export { colourShare, measureSkew, preprocess, unrotate, type Prepared } from './prepare.js';
export { stampRegions } from './stamps.js';
export { asScanned, detectTurn, turnBox, turnOf, turnRaster, unturnBox, upright, MIN_TURN_CONFIDENCE, type Turn } from './orient.js';
export { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** What read the page; part of every cache key. Bump `preprocess` when the preparation or the reading of pages changes. */
export const ENGINE = {
  preprocess: 14,
  name: 'tesseract.js',
  version: versionOf('tesseract.js'),
  core: versionOf('tesseract.js-core'),
  data: `@tesseract.js-data/eng@${versionOf('@tesseract.js-data/eng')}`,
  osd: `@tesseract.js-data/osd@${versionOf('@tesseract.js-data/osd')}`,
  sharp: sharp.versions.sharp ?? 'unknown',
  vips: sharp.versions.vips,
};

/**
 * Chosen by measurement with `collate eval` on the facsimiles (see BENCHMARKS.md): without the median
 * filter or the deskew, body CER rises several-fold; the LSTM engine reads about three times fewer
 * characters wrong than the legacy one, at about twice the time.
 */
export const DEFAULT_OCR: OcrOptions = { suppressColour: true, normalize: true, despeckle: 3, deskew: true, engine: 'lstm', charset: 'typewriter' };

/** tessdata_best (integer) for the LSTM engine; tessdata, which carries the legacy classifier, for the legacy one. */
function langPath(engine: OcrOptions['engine']): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), engine === 'lstm' ? '4.0.0_best_int' : '4.0.0');
}

/** The orientation data: the legacy engine's, which OSD runs on. */
const osdPath = () => path.join(path.dirname(require.resolve('@tesseract.js-data/osd/package.json')), '4.0.0');

/** What a typewriter of the period could strike: printable ASCII. No em dashes, curly quotes or ligatures. */
const TYPEWRITER = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

/** A pool of tesseract workers, started once and shared by every page of a run. */
export interface Engine {
  recognize(source: PageSource): Promise<OcrPage>;
  close(): Promise<void>;
}

export async function startEngine(jobs: number, options: OcrOptions): Promise<Engine> {
  const scheduler = createScheduler();
  const workers = await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, () =>
      createWorker('eng', options.engine === 'lstm' ? OEM.LSTM_ONLY : OEM.TESSERACT_ONLY, { langPath: langPath(options.engine), gzip: true, cacheMethod: 'none', logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>),
    ),
  );
  for (const worker of workers) {
    await worker.setParameters({
      tessedit_pageseg_mode: PSM.AUTO,
      user_defined_dpi: '300',
      ...(options.charset === 'typewriter' ? { tessedit_char_whitelist: TYPEWRITER } : {}),
    });
    scheduler.addWorker(worker);
  }
  // One worker for orientation: OSD needs the legacy engine and its own data, and is cheap next to reading.
  const osd = createWorker('osd', OEM.TESSERACT_ONLY, { langPath: osdPath(), gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true, logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>).then(async (worker) => {
    // Pages go to OSD at half size: half the reading's 300 dpi, said outright so tesseract does not guess and warn.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.OSD_ONLY, user_defined_dpi: String(300 * OSD_SCALE) });
    return worker;
  });
  const detect: Detect = async (png) => {
    const { data } = await (await osd).detect(png);
    return { degrees: data.orientation_degrees ?? 0, confidence: data.orientation_confidence ?? 0 };
  };
  return {
    async recognize(source) {
      const scanned = await decodePage(source);
      // A page scanned upside down or on its side is read upright; its boxes go back onto the page as scanned.
      const turn = await detectTurn(scanned, detect);
      const raster = turnRaster(scanned, turn);
      const prepared = await preprocess(raster, options);
      const { data } = await scheduler.addJob('recognize', prepared.pgm, {}, { blocks: true, text: false });
      const place = (bbox: BBox) => unturnBox(unrotate(bbox, prepared), turn, scanned.width, scanned.height);
      const colour = (bbox: BBox) => colourShare(prepared, turnBox(bbox, turn, scanned.width, scanned.height));
      // A second look at a doubtful line, read again from an image of that line alone. The readings are
      // compared on the levelled page, where tesseract read them, and only the kept one is placed on the scan.
      // Undefined when the first reading stands.
      const lookAgain = async (line: Line, index: number): Promise<OcrLine | undefined> => {
        const level = toLine(line, index);
        const crop = doubtful(level) ? lineCrop(level, prepared) : undefined;
        if (!crop) return undefined;
        let again: Page;
        try {
          ({ data: again } = await scheduler.addJob('recognize', cropPgm(prepared, crop), {}, { blocks: true, text: false }));
        } catch {
          return undefined;
        }
        const kept = secondLook(level, fromCrop(linesOf(again).map((l) => toLine(l, index)), crop));
        if (kept === level) return undefined;
        const words = kept.words.map((word) => {
          const bbox = place(word.bbox);
          return { ...word, bbox, colour: colour(bbox) };
        });
        return { ...kept, bbox: place(kept.bbox), confidence: tenth(kept.confidence), words };
      };
      const lines = await Promise.all(linesOf(data).map(async (line, index) => (await lookAgain(line, index)) ?? toLine(line, index, place, colour)));
      // Stamps were lifted out of the page before OCR; read each on its own, from its coloured ink only, so
      // what stripping removes is still on record. The stamp's box is on the page as scanned, not levelled.
      const stamps = await Promise.all(
        stampRegions(prepared).map(async (region) => {
          const { data: read } = await scheduler.addJob('recognize', await stampImage(prepared, region), {}, { blocks: true, text: false });
          return fromCrop(linesOf(read).map((l, index) => toLine(l, index, undefined, () => 1)), region).map((line) => unturnLine(line, turn, scanned.width, scanned.height));
        }),
      );
      return { ...pageOf(source, scanned.width, scanned.height, [...lines, ...stamps.flat()]), ...(turn !== 0 ? { turn } : {}) };
    },
    close: async () => {
      await scheduler.terminate();
      await (await osd).terminate();
    },
  };
}

const box = (b: { x0: number; y0: number; x1: number; y1: number }): BBox => [b.x0, b.y0, b.x1, b.y1];

/** tesseract's lines in reading order. */
const linesOf = (data: Page): Line[] => (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));

const tenth = (n: number) => Math.round(n * 10) / 10;

function toLine(line: Line, index: number, place: (bbox: BBox) => BBox = (bbox) => bbox, colour: (bbox: BBox) => number = () => 0): OcrLine {
  const words = line.words
    .filter((word) => word.text.trim() !== '')
    .map((word) => {
      const bbox = place(box(word.bbox));
      return { text: word.text.normalize('NFC'), bbox, confidence: tenth(word.confidence), colour: colour(bbox) };
    });
  return { index, text: words.map((word) => word.text).join(' '), bbox: place(box(line.bbox)), confidence: tenth(line.confidence), words };
}

/** A page of these lines, the empty ones left out, numbered in order. */
function pageOf(source: PageSource, width: number, height: number, lines: readonly OcrLine[]): OcrPage {
  return {
    label: source.label,
    position: source.position,
    file: source.file,
    ...(source.subpages > 1 ? { subpage: source.subpage } : {}),
    width,
    height,
    lines: lines.filter((line) => line.words.length > 0).map((line, index) => ({ ...line, index })),
  };
}
