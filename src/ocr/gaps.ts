/**
 * Ink that no line covers. tesseract's page layout sometimes takes a block of typing for a picture and reads
 * nothing there: a despatch's typed signature just under the handwritten one ("Burton Y. Berry" beneath its
 * signature) is lost with the signature. Such regions are found here on the levelled page and read again on
 * their own, where the layout sees the typing apart from the hand. Pure; the coordinates are the levelled
 * page's, where tesseract read.
 */
import { cellPatches } from '../geometry.js';
import type { BBox, OcrLine } from '../model.js';

/**
 * The grid the page is looked at in, in pixels: about a typed line's height on a page rescaled to the
 * x-height tesseract reads best (22 px, `src/ocr/scale.ts`), so a line of typing fills a row of cells.
 */
export const GAP_CELL = 32;
/** Levelled gray below which a pixel is ink. */
const DARK = 128;
/** Dark pixels in a cell for it to hold ink rather than a speck: a typed letter's stroke has several times more. */
const CELL_INK = 24;
/** A region narrower than this many cells is a mark or two, not a line of typing. */
const MIN_CELLS_WIDE = 4;
/** A region taller than this share of the page is a picture or a stamp block, not a missed line. */
const MAX_HEIGHT_SHARE = 0.25;
/** At most this many regions a page are read again: the largest. */
const MAX_REGIONS = 6;
/**
 * Line confidence from which a line read in a gap is taken for typing. A typed signature under a hand reads
 * at 76 from its region; the hand itself reads under 45.
 */
export const GAP_SURE = 70;

/** The patches of the levelled page that hold ink no read line covers, in cells, with their boxes padded by half a cell. */
function inkPatches(pixels: Uint8Array, width: number, height: number, read: readonly BBox[]): { box: BBox; cells: number; wide: number; high: number }[] {
  const cols = Math.ceil(width / GAP_CELL);
  const rows = Math.ceil(height / GAP_CELL);
  const covered = new Uint8Array(cols * rows);
  const pad = GAP_CELL / 2;
  for (const [x0, y0, x1, y1] of read) {
    for (let r = Math.max(0, Math.floor((y0 - pad) / GAP_CELL)); r <= Math.min(rows - 1, Math.floor((y1 + pad) / GAP_CELL)); r++) {
      for (let c = Math.max(0, Math.floor((x0 - pad) / GAP_CELL)); c <= Math.min(cols - 1, Math.floor((x1 + pad) / GAP_CELL)); c++) covered[r * cols + c] = 1;
    }
  }
  const inked = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (covered[r * cols + c]) continue;
      let dark = 0;
      for (let y = r * GAP_CELL; y < Math.min(height, (r + 1) * GAP_CELL) && dark < CELL_INK; y++) {
        const row = y * width;
        for (let x = c * GAP_CELL; x < Math.min(width, (c + 1) * GAP_CELL); x++) if (pixels[row + x]! < DARK) dark++;
      }
      if (dark >= CELL_INK) inked[r * cols + c] = 1;
    }
  }
  // Cells joined side by side or corner to corner.
  return cellPatches(cols, rows, (c) => inked[c] === 1, 1).map(({ x0: c0, y0: r0, x1: c1, y1: r1, cells }) => ({
    box: [Math.max(0, c0 * GAP_CELL - pad), Math.max(0, r0 * GAP_CELL - pad), Math.min(width, (c1 + 1) * GAP_CELL + pad), Math.min(height, (r1 + 1) * GAP_CELL + pad)] as BBox,
    cells,
    wide: c1 - c0 + 1,
    high: r1 - r0 + 1,
  }));
}

/**
 * The regions of the levelled page that hold ink no read line covers, padded by half a cell, largest
 * first: those wide enough to be a line of typing, to be read again. `pixels` is the levelled page, `width` to a row.
 */
export function unreadInk(pixels: Uint8Array, width: number, height: number, read: readonly BBox[]): BBox[] {
  return inkPatches(pixels, width, height, read)
    .filter((patch) => patch.wide >= MIN_CELLS_WIDE && patch.high * GAP_CELL <= height * MAX_HEIGHT_SHARE)
    .sort((a, b) => b.cells - a.cells)
    .slice(0, MAX_REGIONS)
    .map((patch) => patch.box);
}

/**
 * At most this many patches of unread ink are kept for a page, the largest: a page's marks, initials and
 * stamps make tens; a page of hundreds is a dark scan, whose specks tell nothing about hidden words.
 */
const MAX_UNREAD = 200;

/**
 * Every patch of ink left unread once the page is read, however small: where a word of the page may lie
 * hidden under a hand's mark or a stamp (kept on the page as `unread`). Largest first.
 */
export function unreadPatches(pixels: Uint8Array, width: number, height: number, read: readonly BBox[]): BBox[] {
  return inkPatches(pixels, width, height, read)
    .sort((a, b) => b.cells - a.cells)
    .slice(0, MAX_UNREAD)
    .map((patch) => patch.box);
}

/**
 * The lines read in a gap that are typing: read surely (GAP_SURE), with a word of three letters or more,
 * and over no line the page's own reading has (the pad around a region can take in a sliver of one).
 */
export function gapLines(again: readonly OcrLine[], read: readonly BBox[]): OcrLine[] {
  const overlaps = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  return again.filter((line) => line.confidence >= GAP_SURE && line.words.some((word) => /\p{L}{3}/u.test(word.text)) && !read.some((box) => overlaps(line.bbox, box)));
}
