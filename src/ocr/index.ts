/**
 * OCR: page images in, our own page model out. The only part of the pipeline that touches image
 * libraries (sharp, mupdf) and the recognizers. The page is prepared here, then read by one of two readers:
 * tesseract.js, in a pool of workers (one per core by default), with models from npm (nothing is
 * downloaded, nothing written to the working directory), or the native `tesseract` CLI where one is
 * installed (`--engine native`). Either's reading is turned into OcrLine at once, so no other module sees
 * tesseract's types. tesseract.js and the native reader are loaded only when a page needs reading.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { InitOptions, Line, Page } from 'tesseract.js';
import { DEFAULT_OCR } from '../defaults.js';
import type { BBox, OcrLine, OcrOptions, OcrPage, PageSource } from '../model.js';
import { decodePage } from './image.js';
import { MODELS, modelDir, scratchModels } from './model-data.js';
import { colourShare, preprocess, unrotate, unscale } from './prepare.js';
import { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';
import { detectTurn, OSD_SCALE, turnRaster, unturnLine, type Detect } from './orient.js';
import { stampImage } from './stamps.js';

export { decodePage, MAX_PIXELS, pageDigest, PDF_DPI, probe, type Raster } from './image.js';
export { colourShare, measureSkew, preprocess, unrotate, type Prepared } from './prepare.js';
export { stampRegions } from './stamps.js';
export { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';
export { asScanned, detectTurn, turnBox, turnOf, turnRaster, unturnBox, upright, MIN_TURN_CONFIDENCE, type Turn } from './orient.js';
export { MODELS, modelDir } from './model-data.js';
export { DEFAULT_OCR };

const require = createRequire(import.meta.url);
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

/** What read the page with tesseract.js; part of every cache key. Bump `preprocess` when the preparation or the reading of pages changes. */
export const ENGINE = {
  preprocess: 19,
  osd: `@tesseract.js-data/osd@${versionOf('@tesseract.js-data/osd')}`,
  name: 'tesseract.js',
  version: versionOf('tesseract.js'),
  core: versionOf('tesseract.js-core'),
  sharp: sharp.versions.sharp ?? 'unknown',
  vips: sharp.versions.vips,
};

/**
 * What reads pages with these options, for the cache key: the engine, its version (the installed
 * tesseract's for `--engine native`), and the model by its digest. Refuses `--engine native` where no
 * tesseract is installed.
 */
export async function engineKey(options: OcrOptions): Promise<object> {
  const data = options.engine === 'legacy' ? `@tesseract.js-data/eng@${versionOf('@tesseract.js-data/eng')}/4.0.0` : `${options.model} md5 ${MODELS[options.model].md5}`;
  if (options.engine !== 'native') return { ...ENGINE, data };
  const { nativeVersion } = await import('./native.js');
  return { preprocess: ENGINE.preprocess, name: 'tesseract', version: await nativeVersion(), sharp: ENGINE.sharp, vips: ENGINE.vips, data };
}

/** The orientation data: the legacy engine's, which OSD runs on. */
const osdPath = () => path.join(path.dirname(require.resolve('@tesseract.js-data/osd/package.json')), '4.0.0');

/**
 * What a typewriter of the period could strike: printable ASCII, and the few signs that English-language
 * keyboards of the 1930s and 40s carried beside it (a British machine's £, an American one's ¢, ½ and ¼, the
 * degree and section signs). No em dashes, curly quotes or ligatures. A letter of 1938 reading "£4,000" was read
 * "24,000" without the pound sign.
 */
const TYPEWRITER = `${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}£¢½¼¾°§`;

/** A pool of readers, started once and shared by every page of a run. */
export interface Engine {
  recognize(source: PageSource): Promise<OcrPage>;
  close(): Promise<void>;
}

/** Reads an image (PGM or PNG) into lines in its own coordinates, in reading order. */
type Read = (image: Buffer) => Promise<OcrLine[]>;

export interface EngineSetup {
  /** Where the models are kept (the cache's `models` folder); without one, a scratch folder for this run. */
  models?: string;
  warn?: (line: string) => void;
}

/** tesseract.js workers in a scheduler, reading with the model in `langPath`. */
async function wasmReader(jobs: number, options: OcrOptions, langPath: string, gzip: boolean): Promise<{ read: Read; close: () => Promise<void> }> {
  const { createScheduler, createWorker, OEM, PSM } = await import('tesseract.js');
  const scheduler = createScheduler();
  const workers = await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, () =>
      createWorker('eng', options.engine === 'legacy' ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, { langPath, gzip, cacheMethod: 'none', logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>),
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
  return {
    read: async (image) => {
      const { data } = await scheduler.addJob('recognize', image, {}, { blocks: true, text: false });
      return linesOf(data).map((line, index) => toLine(line, index));
    },
    close: () => scheduler.terminate(),
  };
}

export async function startEngine(jobs: number, options: OcrOptions, setup: EngineSetup = {}): Promise<Engine> {
  const scratch = setup.models === undefined && options.engine !== 'legacy' ? await scratchModels() : undefined;
  const models = async () => modelDir(options.model, setup.models ?? scratch!.dir, setup.warn);
  let reader: { read: Read; close: () => Promise<void> };
  try {
    if (options.engine === 'native') {
      const { nativeReader } = await import('./native.js');
      reader = { ...nativeReader(jobs, await models(), options.charset === 'typewriter' ? TYPEWRITER : undefined), close: async () => {} };
    } else if (options.engine === 'legacy') {
      // tessdata, which carries the legacy classifier; tessdata_fast and tessdata_best do not.
      reader = await wasmReader(jobs, options, path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0'), true);
    } else {
      reader = await wasmReader(jobs, options, await models(), false);
    }
  } catch (error) {
    await scratch?.dispose();
    throw error;
  }
  const { read } = reader;
  // One worker for orientation: OSD needs the legacy engine and its own data, and is cheap next to reading.
  const osd = import('tesseract.js').then(({ createWorker, OEM }) => createWorker('osd', OEM.TESSERACT_ONLY, { langPath: osdPath(), gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true, logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>)).then(async (worker) => {
    const { PSM } = await import('tesseract.js');
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
      const first = await read(prepared.pgm);
      const place = (bbox: BBox) => unrotate(bbox, prepared);
      const colour = (bbox: BBox) => colourShare(prepared, bbox);
      const placed = (line: OcrLine): OcrLine => {
        const words = line.words.map((word) => {
          const bbox = place(word.bbox);
          return { ...word, bbox, colour: colour(bbox) };
        });
        return { ...line, bbox: place(line.bbox), confidence: tenth(line.confidence), words };
      };
      // A second look at a doubtful line, read again from an image of that line alone. The readings are
      // compared on the levelled page, where tesseract read them, and only the kept one is placed on the scan.
      const lookAgain = async (level: OcrLine): Promise<OcrLine> => {
        const crop = doubtful(level) ? lineCrop(level, prepared) : undefined;
        if (!crop) return level;
        let again: OcrLine[];
        try {
          again = await read(cropPgm(prepared, crop));
        } catch {
          return level;
        }
        return secondLook(level, fromCrop(again.map((line) => ({ ...line, index: level.index })), crop));
      };
      const lines = await Promise.all(first.map(async (line) => placed(await lookAgain(line))));
      // Stamps were lifted out of the page before OCR; read each on its own, from its coloured ink only, so
      // what stripping removes is still on record. The stamp's box is on the page as scanned, not levelled.
      const stamps = await Promise.all(
        prepared.stamps.map(async (region) => {
          const inkLines = await read(await stampImage(prepared, region));
          return fromCrop(inkLines.map((line) => ({ ...line, words: line.words.map((word) => ({ ...word, colour: 1 })) })), region);
        }),
      );
      const onScan = (line: OcrLine): OcrLine =>
        unturnLine({ ...line, bbox: unscale(line.bbox, prepared.scale), words: line.words.map((word) => ({ ...word, bbox: unscale(word.bbox, prepared.scale) })) }, turn, scanned.width, scanned.height);
      return { ...pageOf(source, scanned.width, scanned.height, [...lines, ...stamps.flat()].map(onScan)), ...(turn !== 0 ? { turn } : {}) };
    },
    async close() {
      await reader.close();
      await (await osd).terminate();
      await scratch?.dispose();
    },
  };
}

const box = (b: { x0: number; y0: number; x1: number; y1: number }): BBox => [b.x0, b.y0, b.x1, b.y1];

/** tesseract's lines in reading order. */
const linesOf = (data: Page): Line[] => (data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));

const tenth = (n: number) => Math.round(n * 10) / 10;

function toLine(line: Line, index: number): OcrLine {
  const words = line.words
    .filter((word) => word.text.trim() !== '')
    .map((word) => ({ text: word.text.normalize('NFC'), bbox: box(word.bbox), confidence: tenth(word.confidence) }));
  return { index, text: words.map((word) => word.text).join(' '), bbox: box(line.bbox), confidence: tenth(line.confidence), words };
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
