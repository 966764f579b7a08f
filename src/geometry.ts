/** Boxes on the page image, and words joined into runs. Pure. */
import type { BBox } from './model.js';

/** The smallest box holding all the given boxes. */
export function unionBoxes(boxes: readonly BBox[]): BBox {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) [x0, y0, x1, y1] = [Math.min(x0, b[0]), Math.min(y0, b[1]), Math.max(x1, b[2]), Math.max(y1, b[3])];
  return boxes.length === 0 ? [0, 0, 0, 0] : [x0, y0, x1, y1];
}

/** Words read as one run: their text joined by spaces, the box around them, their mean confidence to a tenth. */
export function joinWords<W extends { text: string; bbox: BBox; confidence: number }>(words: W[]): { text: string; bbox: BBox; confidence: number; words: W[] } {
  const confidence = words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
  return { text: words.map((w) => w.text).join(' '), bbox: unionBoxes(words.map((w) => w.bbox)), confidence: Math.round(confidence * 10) / 10, words };
}

/** A patch of a grid: its extent in cells (columns x0–x1, rows y0–y1, inclusive) and how many cells it joins. */
export interface CellPatch {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  cells: number;
}

/**
 * The patches of a grid of `columns` × `rows` cells: the marked cells joined where they lie within `reach`
 * cells of each other across or down (1: side by side or corner to corner), in the order of each patch's first
 * cell, row by row.
 */
export function cellPatches(columns: number, rows: number, marked: (cell: number) => boolean, reach: number): CellPatch[] {
  const seen = new Uint8Array(columns * rows);
  const patches: CellPatch[] = [];
  for (let start = 0; start < columns * rows; start++) {
    if (seen[start] || !marked(start)) continue;
    const stack = [start];
    seen[start] = 1;
    const patch: CellPatch = { x0: columns, y0: rows, x1: 0, y1: 0, cells: 0 };
    while (stack.length > 0) {
      const c = stack.pop()!;
      const [cx, cy] = [c % columns, Math.floor(c / columns)];
      [patch.x0, patch.y0, patch.x1, patch.y1] = [Math.min(patch.x0, cx), Math.min(patch.y0, cy), Math.max(patch.x1, cx), Math.max(patch.y1, cy)];
      patch.cells++;
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          const [nx, ny] = [cx + dx, cy + dy];
          const n = ny * columns + nx;
          if (nx < 0 || ny < 0 || nx >= columns || ny >= rows || seen[n] || !marked(n)) continue;
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    patches.push(patch);
  }
  return patches;
}

/**
 * A box on the page as scanned (width × height), moved onto the page turned clockwise by `turn`. Boxes are
 * pixel edges, [x0, y0) to [x1, y1).
 */
export function turnBox([x0, y0, x1, y1]: BBox, turn: 0 | 90 | 180 | 270, width: number, height: number): BBox {
  if (turn === 90) return [height - y1, x0, height - y0, x1];
  if (turn === 180) return [width - x1, height - y1, width - x0, height - y0];
  if (turn === 270) return [y0, width - x1, y1, width - x0];
  return [x0, y0, x1, y1];
}
