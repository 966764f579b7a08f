/**
 * Orientation: a page scanned upside down or on its side is read the right way up. Most pages lie upright,
 * and their first reading shows it (`plainlyUpright`); a page whose reading does not is shown to
 * tesseract's orientation and script detection (OSD, the legacy engine with `@tesseract.js-data/osd`),
 * which says how the page is turned. The page is turned back, prepared and read again, and every box read
 * from it is mapped back to the page as scanned, so the apparatus still points at the image the user has.
 */
import { turnBox } from '../geometry.js';
import type { BBox, OcrLine, OcrPage, StrippedPage } from '../model.js';
import { toPgm, type Raster } from './image.js';

export { turnBox };

/** How far the page must be turned clockwise to read it upright. */
export type Turn = 0 | 90 | 180 | 270;

/**
 * OSD's confidence below which its answer is not acted on, and the page is read as scanned. On the 22
 * facsimile pages (511 and 878) at half size, each turned 0°, 90° and 180°, all 66 answers were right, the
 * least sure at 5.9; a blank page gets no answer at all. Half the least sure right answer.
 */
export const MIN_TURN_CONFIDENCE = 3;

/** OSD reads the page at half its size: as sure on typescript, and a third cheaper. */
export const OSD_SCALE = 0.5;

/** What OSD answers about an image (PGM): the page's orientation in degrees (0, 90, 180, 270) and its confidence. */
export type Detect = (image: Buffer) => Promise<{ degrees: number; confidence: number }>;

/**
 * The LSTM's mean word confidence (weighted by characters) above which a page was read the right way up.
 * Read upright, the 27 EHRI pages and the facsimiles of 511 and 878 read at 79 or more; turned half round,
 * the eight pages tried (both models) at 30 or less, and on their side at 26 or less, or with tall lines.
 */
export const UPRIGHT_CONFIDENCE = 50;

/**
 * Fewer characters than this, and a reading is too slight to judge the page by: it goes to OSD, as every
 * page once did. (A blank page reads nothing; OSD gives it no answer either.)
 */
const FEWEST_TO_JUDGE = 100;

/**
 * Whether a page's first reading shows that it lies upright, so that OSD need not be asked: its words were
 * read surely, and they lie in level lines. A page on its side is often read surely too, since tesseract
 * finds its upright lines of text, but those lines are taller than they are wide. Pure.
 */
export function plainlyUpright(lines: readonly Pick<OcrLine, 'bbox' | 'words'>[]): boolean {
  let [chars, weighted, level] = [0, 0, 0];
  for (const line of lines) {
    const wide = line.bbox[2] - line.bbox[0] >= line.bbox[3] - line.bbox[1];
    for (const word of line.words) {
      chars += word.text.length;
      weighted += word.confidence * word.text.length;
      if (wide) level += word.text.length;
    }
  }
  return chars >= FEWEST_TO_JUDGE && weighted / chars >= UPRIGHT_CONFIDENCE && level / chars > 0.5;
}

/** The turn that reads the page upright, from OSD's answer: 0 unless it is sure enough. */
export function turnOf(answer: { degrees: number; confidence: number }): Turn {
  const degrees = ((Math.round(answer.degrees / 90) * 90) % 360 + 360) % 360;
  return answer.confidence >= MIN_TURN_CONFIDENCE ? (degrees as Turn) : 0;
}

/** Asks OSD how the page lies; a page it cannot judge (blank, say) is taken as upright. */
export async function detectTurn(raster: Raster, detect: Detect): Promise<Turn> {
  // As PGM, like the page read: PNG's compression costs time at both ends and changes no pixel.
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
    .resize({ width: Math.max(1, Math.round(raster.width * OSD_SCALE)) })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  try {
    return turnOf(await detect(toPgm(info.width, info.height, data)));
  } catch {
    return 0;
  }
}

/** The page turned clockwise by `turn`. Pure. */
export function turnRaster(raster: Raster, turn: Turn): Raster {
  if (turn === 0) return raster;
  const { width, height, data } = raster;
  const [w, h] = turn === 180 ? [width, height] : [height, width];
  const out = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [tx, ty] = turnPoint(x, y, turn, width, height);
      const from = (y * width + x) * 3;
      const to = (ty * w + tx) * 3;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
    }
  }
  return { data: out, width: w, height: h };
}

/** Where pixel (x, y) of a width × height page lands when the page is turned clockwise by `turn`. */
function turnPoint(x: number, y: number, turn: Turn, width: number, height: number): [number, number] {
  if (turn === 90) return [height - 1 - y, x];
  if (turn === 180) return [width - 1 - x, height - 1 - y];
  if (turn === 270) return [y, width - 1 - x];
  return [x, y];
}

/** A box on the page turned by `turn` moved back onto the page as scanned (width × height, before turning). */
export function unturnBox(bbox: BBox, turn: Turn, width: number, height: number): BBox {
  if (turn === 0) return bbox;
  // Turning back is turning on by the rest of the circle, on the turned page's own size.
  const back = ((360 - turn) % 360) as Turn;
  return turn === 180 ? turnBox(bbox, back, width, height) : turnBox(bbox, back, height, width);
}

/** A line read on the turned page, every box moved back onto the page as scanned. */
export function unturnLine(line: OcrLine, turn: Turn, width: number, height: number): OcrLine {
  if (turn === 0) return line;
  const back = (bbox: BBox) => unturnBox(bbox, turn, width, height);
  return { ...line, bbox: back(line.bbox), words: line.words.map((word) => ({ ...word, bbox: back(word.bbox) })) };
}

/** A page read turned, with its boxes on the upright page, for the stages that judge by place. Pure. */
export function upright(page: OcrPage): OcrPage {
  const turn = page.turn ?? 0;
  if (turn === 0) return page;
  const [width, height] = turn === 180 ? [page.width, page.height] : [page.height, page.width];
  const on = (bbox: BBox) => turnBox(bbox, turn, page.width, page.height);
  return { ...page, width, height, lines: page.lines.map((line) => ({ ...line, bbox: on(line.bbox), words: line.words.map((word) => ({ ...word, bbox: on(word.bbox) })) })), ...(page.unread ? { unread: page.unread.map(on) } : {}) };
}

/** A page stripped upright, every box moved back onto the page as scanned (`scanned`). Pure. */
export function asScanned(page: StrippedPage, scanned: OcrPage): StrippedPage {
  const turn = scanned.turn ?? 0;
  if (turn === 0) return page;
  const back = (bbox: BBox) => unturnBox(bbox, turn, scanned.width, scanned.height);
  return {
    ...page,
    width: scanned.width,
    height: scanned.height,
    body: page.body.map((line) => ({ ...line, bbox: back(line.bbox), words: line.words.map((word) => ({ ...word, bbox: back(word.bbox) })) })),
    stripped: page.stripped.map((line) => ({ ...line, bbox: back(line.bbox) })),
    ...(page.unread ? { unread: page.unread.map(back) } : {}),
    turn,
  };
}
