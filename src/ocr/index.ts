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
import type { InitOptions, Line, Page } from 'tesseract.js';
import { DEFAULT_OCR } from '../defaults.js';
import type { BBox, OcrLine, OcrOptions, OcrPage, PageSource } from '../model.js';
import { decodePage } from './image.js';
import { modelDir, scratchModels } from './model-data.js';
import { colourShare, preprocess, unrotate, unscale } from './prepare.js';
import { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';
import { secondOpinion, unsure } from './second-opinion.js';
import { englishLexicon } from '../lexicon.js';
import { gapLines, unreadInk, unreadPatches } from './gaps.js';
import { detectTurn, OSD_SCALE, plainlyUpright, turnRaster, unturnBox, unturnLine, type Detect, type Turn } from './orient.js';
import { stampImage } from './stamps.js';

export { decodePage, MAX_PIXELS, pageDigest, PDF_DPI, probe, toPgm, type Raster } from './image.js';
export { colourShare, measureSkew, preprocess, unrotate, type Prepared } from './prepare.js';
export { stampRegions } from './stamps.js';
export { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from './second-look.js';
export { secondOpinion, unsure } from './second-opinion.js';
export { asScanned, detectTurn, plainlyUpright, turnBox, turnOf, turnRaster, unturnBox, upright, MIN_TURN_CONFIDENCE, UPRIGHT_CONFIDENCE, type Turn } from './orient.js';
export { MODELS, modelDir } from './model-data.js';
export { ENGINE, engineKey } from './key.js';
export { DEFAULT_OCR };

const require = createRequire(import.meta.url);

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
/** Reads several images, each as `Read` does. */
type ReadAll = (images: readonly Buffer[]) => Promise<OcrLine[][]>;

/** A recognizer: `read` and `readAll`, and how to stop it. */
interface Reader {
  read: Read;
  readAll: ReadAll;
  close: () => Promise<void>;
}

export interface EngineSetup {
  /** Where the models are kept (the cache's `models` folder); without one, a scratch folder for this run. */
  models?: string;
  warn?: (line: string) => void;
}

/** tesseract.js workers in a scheduler, reading with the model in `langPath`. */
async function wasmReader(jobs: number, options: OcrOptions, langPath: string, gzip: boolean): Promise<Reader> {
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
  const read: Read = async (image) => {
    const { data } = await scheduler.addJob('recognize', image, {}, { blocks: true, text: false });
    return linesOf(data).map((line, index) => toLine(line, index));
  };
  // The workers keep their model loaded: images go to them one by one, side by side.
  return { read, readAll: (images) => Promise.all(images.map(read)), close: () => scheduler.terminate() };
}

/** A tesseract.js worker for OSD alone. */
async function startOsd() {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const worker = await createWorker('osd', OEM.TESSERACT_ONLY, { langPath: osdPath(), gzip: true, cacheMethod: 'none', legacyCore: true, legacyLang: true, logger: () => {}, errorHandler: () => {} }, { debug_file: '/dev/null' } as Partial<InitOptions>);
  // Pages go to OSD at half size: half the reading's 300 dpi, said outright so tesseract does not guess and warn.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.OSD_ONLY, user_defined_dpi: String(300 * OSD_SCALE) });
  return worker;
}

export async function startEngine(jobs: number, options: OcrOptions, setup: EngineSetup = {}): Promise<Engine> {
  const scratch = setup.models === undefined && options.engine !== 'legacy' ? await scratchModels() : undefined;
  const models = async () => modelDir(options.model, setup.models ?? scratch!.dir, setup.warn);
  let reader: Reader;
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
  const { read, readAll } = reader;
  // The other LSTM model, for a second opinion on lines that hold a word no dictionary knows; started when
  // the first such line is met. tesseract.js's LSTM only: the legacy engine has one model, and the native
  // reader is the baseline's.
  const otherModel = options.model === 'best' ? 'fast' : 'best';
  let other: ReturnType<typeof wasmReader> | undefined;
  const startOther = async () => wasmReader(jobs, { ...options, model: otherModel }, await modelDir(otherModel, setup.models ?? scratch!.dir, setup.warn), false);
  const readOther: Read | undefined = options.engine === 'lstm' ? async (image) => (await (other ??= startOther())).read(image) : undefined;
  const known = readOther ? await englishLexicon() : () => true;
  /**
   * Each image's lines, or the error that reading it alone gave: read together first (one process for the
   * native CLI), and if that fails, each alone, so that one image that cannot be read costs only its own.
   */
  const readEach = async (images: readonly Buffer[]): Promise<(OcrLine[] | Error)[]> => {
    try {
      return await readAll(images);
    } catch {
      return Promise.all(images.map((image) => read(image).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
    }
  };
  // One worker for orientation, started when the first page needs it: OSD needs the legacy engine and its own data.
  let osd: ReturnType<typeof startOsd> | undefined;
  const detect: Detect = async (image) => {
    const { data } = await (await (osd ??= startOsd())).detect(image);
    return { degrees: data.orientation_degrees ?? 0, confidence: data.orientation_confidence ?? 0 };
  };
  // The legacy engine's confidences are not the LSTM's that `plainlyUpright` was measured on: its pages go to OSD first.
  const osdFirst = options.engine === 'legacy';
  return {
    async recognize(source) {
      const scanned = await decodePage(source);
      const readTurned = async (turn: Turn) => {
        const prepared = await preprocess(turnRaster(scanned, turn), options);
        return { turn, prepared, first: await read(prepared.pgm) };
      };
      // A page scanned upside down or on its side is read upright; its boxes go back onto the page as scanned.
      // Most pages are read upright at once, and their reading shows it; only a page whose reading does not
      // is shown to OSD, and read again if OSD finds it turned.
      let reading = await readTurned(osdFirst ? await detectTurn(scanned, detect) : 0);
      if (!osdFirst && !plainlyUpright(reading.first)) {
        const turn = await detectTurn(scanned, detect);
        if (turn !== 0) reading = await readTurned(turn);
      }
      const { turn, prepared, first } = reading;
      const place = (bbox: BBox) => unrotate(bbox, prepared);
      const colour = (bbox: BBox) => colourShare(prepared, bbox);
      const placed = (line: OcrLine): OcrLine => {
        const words = line.words.map((word) => {
          const bbox = place(word.bbox);
          return { ...word, bbox, colour: colour(bbox) };
        });
        return { ...line, bbox: place(line.bbox), confidence: tenth(line.confidence), words };
      };
      // A second opinion, from the other model, on a line that holds a word no dictionary knows.
      const askOther = async (level: OcrLine): Promise<OcrLine> => {
        const crop = readOther && unsure(level, known) ? lineCrop(level, prepared) : undefined;
        if (!crop) return level;
        try {
          return secondOpinion(level, fromCrop(await readOther!(cropPgm(prepared, crop)), crop), known);
        } catch {
          return level;
        }
      };
      // What is read again, each from an image of its own, all in one call:
      // - a second look at each doubtful line, from an image of that line alone;
      // - ink that no line covers: typing the page's layout took for a picture;
      // - the stamps, lifted out of the page before OCR, each from its coloured ink only, so that what
      //   stripping removes is still on record.
      const crops = first.map((line) => (doubtful(line) ? lineCrop(line, prepared) : undefined));
      const readBoxes = first.map((line) => line.bbox);
      const gapRegions = unreadInk(prepared.levelled, prepared.rotatedWidth, prepared.rotatedHeight, readBoxes);
      const looked = crops.filter((crop) => crop !== undefined);
      const again = await readEach([
        ...looked.map((crop) => cropPgm(prepared, crop)),
        ...gapRegions.map((region) => cropPgm(prepared, region)),
        ...(await Promise.all(prepared.stamps.map((region) => stampImage(prepared, region)))),
      ]);
      const [looks, gapReads, stampReads] = [again.slice(0, looked.length), again.slice(looked.length, looked.length + gapRegions.length), again.slice(looked.length + gapRegions.length)];
      // The second look's readings are compared on the levelled page, where tesseract read them, and only the
      // kept one is placed on the scan. A line that could not be read again keeps its first reading.
      // Then a second opinion, from the other model, on a line that holds a word no dictionary knows.
      let k = 0;
      const kept = first.map((level, i) => {
        const crop = crops[i];
        if (!crop) return level;
        const look = looks[k++]!;
        return look instanceof Error ? level : secondLook(level, fromCrop(look.map((line) => ({ ...line, index: level.index })), crop));
      });
      const lines = await Promise.all(kept.map(async (line) => placed(await askOther(line))));
      const gaps = gapReads.flatMap((read, i) => (read instanceof Error ? [] : gapLines(fromCrop(read, gapRegions[i]!), readBoxes)));
      lines.push(...gaps.map(placed));
      // The stamp's box is on the page as scanned, not levelled.
      const stamps = stampReads.map((inkLines, i) => {
        if (inkLines instanceof Error) throw inkLines;
        return fromCrop(inkLines.map((line) => ({ ...line, words: line.words.map((word) => ({ ...word, colour: 1 })) })), prepared.stamps[i]!);
      });
      const onScan = (line: OcrLine): OcrLine =>
        unturnLine({ ...line, bbox: unscale(line.bbox, prepared.scale), words: line.words.map((word) => ({ ...word, bbox: unscale(word.bbox, prepared.scale) })) }, turn, scanned.width, scanned.height);
      // What is left unread once all is read: where a word may lie hidden under a mark or a stamp. Looked for
      // on the page before any ink was lifted (a blue-black blot is lifted as coloured), around the words read:
      // a line's box, on a page not quite level, takes in the ends of the lines above and below.
      const unread = [...unreadPatches(prepared.luma, prepared.width, prepared.height, [...lines, ...stamps.flat()].flatMap((line) => line.words.map((word) => word.bbox))), ...prepared.stamps];
      const boxOnScan = (bbox: BBox) => unturnBox(unscale(bbox, prepared.scale), turn, scanned.width, scanned.height);
      // In reading order on the page as read, upright, before the boxes go back onto the page as scanned.
      return { ...pageOf(source, scanned.width, scanned.height, readingOrder([...lines, ...stamps.flat()]).map(onScan)), ...(turn !== 0 ? { turn } : {}), unread: unread.map(boxOnScan) };
    },
    async close() {
      await reader.close();
      if (other) await (await other).close();
      if (osd) await (await osd).terminate();
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

/**
 * Lines top to bottom, and left to right within a row. tesseract gives them block by block, and its blocks
 * need not follow the page down: a file number at the foot was given before the complimentary close above
 * it, and two halves of one typed line set apart by a wide space came as two blocks. A row is the lines
 * whose middles lie within half a line's height of the first line's middle in it.
 */
export function readingOrder<T extends Pick<OcrLine, 'bbox'>>(lines: readonly T[]): T[] {
  const middle = (line: T) => (line.bbox[1] + line.bbox[3]) / 2;
  const heights = lines.map((line) => line.bbox[3] - line.bbox[1]).sort((a, b) => a - b);
  const half = (heights[Math.floor(heights.length / 2)] ?? 0) / 2;
  const byMiddle = [...lines].sort((a, b) => middle(a) - middle(b));
  const rows: T[][] = [];
  for (const line of byMiddle) {
    const row = rows.at(-1);
    if (row && middle(line) - middle(row[0]!) <= half) row.push(line);
    else rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.bbox[0] - b.bbox[0]));
}
