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

/** How finely a page is looked at for ink: the cell's side in pixels, and how many dark pixels make a cell inked. */
interface Grid {
  cell: number;
  ink: number;
}

/** The grid for finding lines of typing the reading missed: a cell about a typed line high. */
const LINE_GRID: Grid = { cell: GAP_CELL, ink: CELL_INK };

/**
 * The patches of a page that hold ink no read box covers, in cells of the grid, with their boxes padded by
 * half a cell.
 */
function inkPatches(pixels: Uint8Array, width: number, height: number, read: readonly BBox[], { cell, ink }: Grid = LINE_GRID): { box: BBox; cells: number; wide: number; high: number }[] {
  const cols = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const covered = new Uint8Array(cols * rows);
  const pad = cell / 2;
  for (const [x0, y0, x1, y1] of read) {
    for (let r = Math.max(0, Math.floor((y0 - pad) / cell)); r <= Math.min(rows - 1, Math.floor((y1 + pad) / cell)); r++) {
      for (let c = Math.max(0, Math.floor((x0 - pad) / cell)); c <= Math.min(cols - 1, Math.floor((x1 + pad) / cell)); c++) covered[r * cols + c] = 1;
    }
  }
  const inked = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (covered[r * cols + c]) continue;
      let dark = 0;
      for (let y = r * cell; y < Math.min(height, (r + 1) * cell) && dark < ink; y++) {
        const row = y * width;
        for (let x = c * cell; x < Math.min(width, (c + 1) * cell); x++) if (pixels[row + x]! < DARK) dark++;
      }
      if (dark >= ink) inked[r * cols + c] = 1;
    }
  }
  // Cells joined side by side or corner to corner.
  return cellPatches(cols, rows, (c) => inked[c] === 1, 1).map(({ x0: c0, y0: r0, x1: c1, y1: r1, cells }) => ({
    box: [Math.max(0, c0 * cell - pad), Math.max(0, r0 * cell - pad), Math.min(width, (c1 + 1) * cell + pad), Math.min(height, (r1 + 1) * cell + pad)] as BBox,
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
 * The grid for marks over typing: cells a third of a typed letter's height at 300 dpi, so that the ink between
 * two typed lines (a blot, a pen's loop, a stamp's edge) is seen apart from the words above and below it; a
 * cell is inked when a fifth of it is dark, as a pen's or a stamp pad's stroke makes it.
 */
const MARK_GRID: Grid = { cell: 8, ink: 13 };
/** A patch of fewer cells is a speck or a stray stroke (under 16 × 16 px), not a mark that could hide a word. */
const MARK_CELLS = 4;

/**
 * At most this many patches of unread ink are kept for a page, the largest: a page's marks, initials and
 * stamps make tens. On a dark scan of hundreds, the largest are still the marks that may hide a word.
 */
const MAX_UNREAD = 200;

/**
 * Every patch of ink left unread once the page is read, however small: where a word of the page may lie
 * hidden under a hand's mark or a stamp (kept on the page as `unread`). Largest first. `pixels` may be any
 * gray page whose frame the `read` boxes are in.
 */
export function unreadPatches(pixels: Uint8Array, width: number, height: number, read: readonly BBox[]): BBox[] {
  return inkPatches(pixels, width, height, read, MARK_GRID)
    .filter((patch) => patch.cells >= MARK_CELLS)
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
