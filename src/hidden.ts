/**
 * Words the edition has and the scan's reading lacks, where the page cannot be read: is there room for them
 * beside the words read, and ink there that no word was read from (a hand's initials struck over the line's
 * end, a received stamp over a word), or matter stripped from that very place? Then the page may well hold
 * them, and their absence from the reading is OCR's, not the document's. A typist's omission leaves the
 * words on either side one space apart, with nothing between. Pure.
 */
import type { BBox, ScanToken } from './model.js';

/**
 * The place a missing word would take reaches this share of a line's height above and below the line read
 * beside it: a hand's mark over a word sits a little above the typing it covers.
 */
const REACH = 0.5;
/**
 * Between two words read on one line, the gap must hold this share of the missing text's width (at the
 * line's pitch, with a space) for the words to have been typed there; a single space holds none of it.
 */
const ROOM = 0.8;
/** Ink over at least this share of the place's area hides what stood there; a speck's corner does not. */
const COVERED = 0.15;

const width = ([x0, , x1]: BBox) => x1 - x0;
const height = ([, y0, , y1]: BBox) => y1 - y0;
const overlap = (a: BBox, b: BBox) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));

/** The width of a character on the line a token was read on, from the token's own box. */
function pitch(token: ScanToken): number {
  return width(token.bbox) / Math.max(1, [...token.t].length);
}

/** Whether ink or stripped matter covers enough of a place. */
function covered(place: BBox, cover: readonly BBox[]): boolean {
  const area = width(place) * height(place);
  return area > 0 && cover.reduce((sum, box) => sum + overlap(place, box), 0) >= COVERED * area;
}

/**
 * Whether the text `missing`, which the edition has between the scan's tokens `before` and `after` (either
 * may be absent at the ends), may lie hidden on the page. `cover` gives a page's unread ink and the boxes of
 * the lines stripped from it.
 */
export function hiddenOnPage(missing: string, before: ScanToken | undefined, after: ScanToken | undefined, cover: (page: string) => readonly BBox[]): boolean {
  const sameLine = before !== undefined && after !== undefined && before.page === after.page && before.line === after.line;
  const beside = before ?? after;
  if (!beside) return false;
  const need = ([...missing].length + 1) * pitch(beside);
  const band = (token: ScanToken): [number, number] => [token.bbox[1] - REACH * height(token.bbox), token.bbox[3] + REACH * height(token.bbox)];
  if (sameLine) {
    // Between two words of one line: only where a gap was left wide enough to have held the words.
    if (after.bbox[0] - before.bbox[2] < ROOM * need) return false;
    const [y0, y1] = band(before);
    return covered([before.bbox[2], y0, after.bbox[0], y1], cover(before.page));
  }
  // At a line's end, or its beginning: the place just after the last word read, or just before the first.
  const places: { page: string; box: BBox }[] = [];
  if (before) {
    const [y0, y1] = band(before);
    places.push({ page: before.page, box: [before.bbox[2], y0, before.bbox[2] + need, y1] });
  }
  if (after) {
    const [y0, y1] = band(after);
    places.push({ page: after.page, box: [after.bbox[0] - need, y0, after.bbox[0], y1] });
  }
  return places.some(({ page, box }) => covered(box, cover(page)));
}
