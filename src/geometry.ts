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
