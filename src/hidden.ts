/**
 * Words the edition has and the scan's reading lacks, where the page cannot be read: is there room for them
 * beside the words read, and ink there that no word was read from (a hand's initials struck over the line's
 * end, a received stamp over a word), or matter stripped from that very place? Then the page may well hold
 * them, and their absence from the reading is OCR's, not the document's. A typist's omission leaves the
 * words on either side one space apart with nothing between, or a line running on to the column's edge.
 * Everything is judged on the page upright. Pure.
 */
import { turnBox } from './geometry.js';
import type { BBox, ScanToken, StrippedPage } from './model.js';

/**
 * The place a missing word would take reaches this share of a line's height above and below the line read
 * beside it: a hand's mark over a word sits a little above the typing it covers.
 */
const REACH = 0.5;
/**
 * The room left for the missing words (between two words read on one line, or between a line's last word
 * and the column's edge) must hold this share of their width at the page's pitch, with a space; a single
 * space between two words holds none of it.
 */
const ROOM = 0.8;
/** Ink over at least this share of the place's area hides what stood there; a speck's corner does not. */
const COVERED = 0.15;
/** A mark or a stamp hides a word or a few; a longer passage missing from the reading is not hidden so. */
const MOST_WORDS = 3;
/** The column's edges: these quantiles of the body lines' left and right ends (a stray scrap does not move them). */
const EDGE = 0.05;
/**
 * And this many characters beyond them: lines end ragged, and a typist's line runs a character or two past
 * most others before the bell (on `dr0712` page 1 "last, at" ends 2 characters past the 95th percentile).
 */
const SLACK = 2;

/** What a page offers to judge by: where it cannot be read, its typing's pitch and column, all upright. */
export interface PageFrame {
  /** Ink no word was read from, and the lines stripped from the page. */
  cover: readonly BBox[];
  /** A typed character's width: the median over the body's words of three letters or more. */
  pitch: number;
  /** The typed column's left and right edges, with a character or two of slack. */
  left: number;
  right: number;
  /** A box on the page as scanned, turned upright. */
  upright: (bbox: BBox) => BBox;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] ?? 0;
};

/** The page's frame; undefined for a page with no body line to measure its typing by. */
export function pageFrame(page: StrippedPage): PageFrame | undefined {
  const turn = page.turn ?? 0;
  const upright = (bbox: BBox) => turnBox(bbox, turn, page.width, page.height);
  const lines = page.body.filter((line) => line.words.length > 0).map((line) => ({ ...line, bbox: upright(line.bbox) }));
  const widths = page.body.flatMap((line) => line.words).flatMap((word) => {
    const letters = word.text.replace(/[^\p{L}\p{N}]/gu, '').length;
    const [x0, y0, x1, y1] = upright(word.bbox);
    // Words of letters and digits alone: a stop or a quote widens the box by a character.
    return letters >= 3 && letters === [...word.text].length && y1 > y0 ? [(x1 - x0) / letters] : [];
  });
  if (lines.length === 0 || widths.length === 0) return undefined;
  const pitch = quantile(widths, 0.5);
  return {
    cover: [...(page.unread ?? []), ...page.stripped.map((line) => line.bbox)].map(upright),
    pitch,
    left: quantile(lines.map((line) => line.bbox[0]), EDGE) - SLACK * pitch,
    right: quantile(lines.map((line) => line.bbox[2]), 1 - EDGE) + SLACK * pitch,
    upright,
  };
}

/** The share of a place that the boxes cover, each point counted once however many boxes hold it. */
export function coveredShare(place: BBox, cover: readonly BBox[]): number {
  const [x0, y0, x1, y1] = place;
  if (x1 <= x0 || y1 <= y0) return 0;
  const near = cover.filter((b) => b[0] < x1 && x0 < b[2] && b[1] < y1 && y0 < b[3]);
  if (near.length === 0) return 0;
  // Sampled on a grid of 8 × 8 points: the place is a word or two wide and a line high.
  const STEPS = 8;
  let inside = 0;
  for (let i = 0; i < STEPS; i++) {
    for (let j = 0; j < STEPS; j++) {
      const [x, y] = [x0 + ((i + 0.5) * (x1 - x0)) / STEPS, y0 + ((j + 0.5) * (y1 - y0)) / STEPS];
      if (near.some((b) => b[0] <= x && x < b[2] && b[1] <= y && y < b[3])) inside++;
    }
  }
  return inside / (STEPS * STEPS);
}

/**
 * Whether the text `missing`, which the edition has between the scan's tokens `before` and `after` (either
 * may be absent at the ends), may lie hidden on the page. `frameOf` gives a page's frame by its label.
 */
export function hiddenOnPage(missing: string, before: ScanToken | undefined, after: ScanToken | undefined, frameOf: (page: string) => PageFrame | undefined): boolean {
  if (missing.split(/\s+/).filter(Boolean).length > MOST_WORDS) return false;
  const places: { frame: PageFrame; box: BBox }[] = [];
  const band = (bbox: BBox): [number, number] => [bbox[1] - REACH * (bbox[3] - bbox[1]), bbox[3] + REACH * (bbox[3] - bbox[1])];
  const sameLine = before !== undefined && after !== undefined && before.page === after.page && before.line === after.line;
  if (sameLine) {
    const frame = frameOf(before.page);
    if (!frame) return false;
    const [a, b] = [frame.upright(before.bbox), frame.upright(after.bbox)];
    // Between two words of one line: only where a gap was left wide enough to have held the words.
    if (b[0] - a[2] < ROOM * need(missing, frame)) return false;
    const [y0, y1] = band(a);
    places.push({ frame, box: [a[2], y0, b[0], y1] });
  } else {
    // At a line's end, only where the line stops short of the column's edge by the words' width; at a line's
    // beginning, where it starts in from the column's edge. The place is kept within the column.
    const end = before && frameOf(before.page);
    if (before && end) {
      const a = end.upright(before.bbox);
      const width = need(missing, end);
      const [y0, y1] = band(a);
      if (end.right - a[2] >= ROOM * width) places.push({ frame: end, box: [a[2], y0, Math.min(a[2] + width, end.right), y1] });
    }
    const start = after && frameOf(after.page);
    if (after && start) {
      const b = start.upright(after.bbox);
      const width = need(missing, start);
      const [y0, y1] = band(b);
      if (b[0] - start.left >= ROOM * width) places.push({ frame: start, box: [Math.max(start.left, b[0] - width), y0, b[0], y1] });
    }
  }
  return places.some(({ frame, box }) => coveredShare(box, frame.cover) >= COVERED);
}

/** The width the missing text takes at the page's pitch, with a space before it. */
function need(missing: string, frame: PageFrame): number {
  return ([...missing].length + 1) * frame.pitch;
}
