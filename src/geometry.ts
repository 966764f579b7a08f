/** Boxes on the page image. Pure. */
import type { BBox } from './model.js';

/** The smallest box holding all the given boxes. */
export function unionBoxes(boxes: readonly BBox[]): BBox {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) [x0, y0, x1, y1] = [Math.min(x0, b[0]), Math.min(y0, b[1]), Math.max(x1, b[2]), Math.max(y1, b[3])];
  return boxes.length === 0 ? [0, 0, 0, 0] : [x0, y0, x1, y1];
}
