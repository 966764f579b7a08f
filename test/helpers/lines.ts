import type { BBox, OcrLine } from '../../src/model.js';

/** A line (index 7) of words at these confidences, laid left to right from x0 on a band at y 100–140, 20 px a letter. */
export function line(words: [string, number][], x0 = 100): OcrLine {
  let x = x0;
  const placed = words.map(([text, confidence]) => {
    const bbox: BBox = [x, 100, x + 20 * text.length, 140];
    x = bbox[2] + 20;
    return { text, bbox, confidence, colour: 0 };
  });
  return { index: 7, text: words.map(([text]) => text).join(' '), bbox: [x0, 100, x - 20, 140], confidence: 90, words: placed };
}
