/**
 * A second look at a doubtful line: which lines to read again, the image of the line to read, and which
 * reading to keep. Everything here is in the coordinates of the levelled page that tesseract read. Pure.
 */
import type { BBox, OcrLine } from '../model.js';
import { toPgm, type Prepared } from './prepare.js';

/** A word under DOUBT is doubtful; a line whose median word is SURE or more is read surely. */
const DOUBT = 60;
const SURE = 80;
/** A crop smaller than this either way is not worth a second reading. */
const SMALLEST = 8;

/**
 * A line of text with one word read doubtfully among words read surely: a word under 60 where the line's
 * median is 80 or more, in a line of three words or more. Read on the whole page, such a word is often
 * thrown by ink around it (a stamp's lettering across "rising power" read "Fang: POMer"); read from an
 * image of its line alone, it usually comes right.
 */
export function doubtful(line: Pick<OcrLine, 'words'>): boolean {
  const confidences = line.words.map((word) => word.confidence).sort((a, b) => a - b);
  return confidences.length >= 3 && confidences[0]! < DOUBT && confidences[Math.floor(confidences.length / 2)]! >= SURE;
}

/**
 * The band of a line to read again: its width, and the height of its surely read words (their median top
 * and bottom), not of its box, which stray ink above or below can stretch into the next line. With a little
 * paper around it, kept inside the page. Undefined when too small to read.
 */
export function lineCrop(line: Pick<OcrLine, 'bbox' | 'words'>, page: Pick<Prepared, 'rotatedWidth' | 'rotatedHeight'>): BBox | undefined {
  const sure = line.words.filter((word) => word.confidence >= SURE);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [top, bottom] = sure.length > 0 ? [median(sure.map((word) => word.bbox[1])), median(sure.map((word) => word.bbox[3]))] : [line.bbox[1], line.bbox[3]];
  const pad = Math.round((bottom - top) / 4);
  const crop: BBox = [Math.max(0, line.bbox[0] - 2 * pad), Math.max(0, top - pad), Math.min(page.rotatedWidth, line.bbox[2] + 2 * pad), Math.min(page.rotatedHeight, bottom + pad)];
  return crop[2] - crop[0] >= SMALLEST && crop[3] - crop[1] >= SMALLEST ? crop : undefined;
}

/** Part of the levelled page as a binary PGM image. */
export function cropPgm(prepared: Pick<Prepared, 'levelled' | 'rotatedWidth'>, [x0, y0, x1, y1]: BBox): Buffer {
  const width = x1 - x0;
  const pixels = Buffer.alloc(width * (y1 - y0));
  for (let y = y0; y < y1; y++) prepared.levelled.copy(pixels, (y - y0) * width, y * prepared.rotatedWidth + x0, y * prepared.rotatedWidth + x1);
  return toPgm(width, y1 - y0, pixels);
}

/** Lines read from a crop, moved to where the crop lies on the page. */
export function fromCrop(lines: readonly OcrLine[], [cx, cy]: BBox): OcrLine[] {
  const move = ([x0, y0, x1, y1]: BBox): BBox => [x0 + cx, y0 + cy, x1 + cx, y1 + cy];
  return lines.map((line) => ({ ...line, bbox: move(line.bbox), words: line.words.map((word) => ({ ...word, bbox: move(word.bbox) })) }));
}

/**
 * The second reading of a doubtful line, if it is better; otherwise the first, the same object. The lines
 * read from the line's image that lie on the first reading's band (their middles inside its top and
 * bottom) are joined, left to right; a sliver of the line above or below is not. The joined reading is
 * kept when every word of the first reading lies over some word of it, so no word goes missing, and its
 * mean word confidence is higher.
 */
export function secondLook(first: OcrLine, again: readonly OcrLine[]): OcrLine {
  const [, top, , bottom] = first.bbox;
  const onBand = again.filter((line) => line.words.length > 0 && top <= (line.bbox[1] + line.bbox[3]) / 2 && (line.bbox[1] + line.bbox[3]) / 2 <= bottom);
  const words = onBand.flatMap((line) => line.words).sort((a, b) => a.bbox[0] - b.bbox[0]);
  if (words.length === 0) return first;
  const over = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2];
  if (!first.words.every((word) => words.some((other) => over(word.bbox, other.bbox)))) return first;
  const mean = (ws: readonly { confidence: number }[]) => ws.reduce((sum, w) => sum + w.confidence, 0) / ws.length;
  if (mean(words) <= mean(first.words)) return first;
  // The line's confidence as tesseract gave it, for each line joined, weighted by its words.
  const confidence = onBand.reduce((sum, line) => sum + line.confidence * line.words.length, 0) / words.length;
  return { ...first, text: words.map((word) => word.text).join(' '), confidence, words };
}
