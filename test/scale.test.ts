import { describe, expect, it } from 'vitest';
import { blobHeights, inkThreshold, scaleFor, TARGET_X_HEIGHT, xHeight } from '../src/ocr/scale.js';

/** A white page with ink drawn on it as boxes: [x, y, width, height]. */
function page(width: number, height: number, boxes: [number, number, number, number][]): Uint8Array {
  const gray = new Uint8Array(width * height).fill(235);
  for (const [x0, y0, w, h] of boxes) for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) gray[y * width + x] = 30;
  return gray;
}

/** Lines of "typing": mostly x-height letters, some with ascenders, and dust between them. */
function typed(xh: number, width = 1200, height = 1600): Uint8Array {
  const boxes: [number, number, number, number][] = [];
  const pitch = Math.round(xh * 0.9);
  for (let line = 0, y = 50; y + 3 * xh < height; line++, y += 3 * xh) {
    for (let i = 0, x = 40; x + pitch < width - 40; i++, x += pitch) {
      if (i % 6 === 5) continue; // a space
      const ascender = i % 4 === 0;
      boxes.push([x, ascender ? y - Math.round(xh * 0.4) : y, Math.max(2, pitch - 3), ascender ? Math.round(xh * 1.4) : xh]);
    }
    boxes.push([(line * 97) % width, y + 2 * xh, 2, 2]); // dust
  }
  return page(width, height, boxes);
}

describe('scale: the size of the typing, and the size tesseract reads best', () => {
  it('counts connected blobs of ink, corners joining them, and gives each its height', () => {
    // An "o" (a ring) is one blob; two boxes touching at a corner are one; a box apart is another.
    const ring: [number, number, number, number][] = [[10, 10, 10, 2], [10, 18, 10, 2], [10, 10, 2, 10], [18, 10, 2, 10]];
    const gray = page(60, 40, [...ring, [30, 5, 3, 3], [33, 8, 3, 3], [45, 20, 4, 7]]);
    expect(blobHeights(gray, 60, 40, inkThreshold(gray)).sort((a, b) => a - b)).toEqual([6, 7, 10]);
  });

  it('finds the x-height of the typing, not of its ascenders or the dust', () => {
    for (const xh of [7, 9, 14, 22, 30]) expect(xHeight(typed(xh), 1200, 1600), `x-height ${xh}`).toBeGreaterThanOrEqual(xh - 1);
    for (const xh of [7, 9, 14, 22, 30]) expect(xHeight(typed(xh), 1200, 1600), `x-height ${xh}`).toBeLessThanOrEqual(xh + 1);
  });

  it('has nothing to measure on a blank page', () => {
    expect(xHeight(page(400, 500, []), 400, 500)).toBeUndefined();
  });

  it('blows small typing up to the target, brings very large typing down, and leaves typing near it alone', () => {
    expect(scaleFor(undefined)).toBe(1);
    expect(scaleFor(TARGET_X_HEIGHT)).toBe(1);
    expect(scaleFor(18)).toBe(1); // a facsimile at 300 dpi
    expect(scaleFor(26)).toBe(1); // a pica despatch at 300 dpi
    expect(scaleFor(8)).toBeCloseTo(TARGET_X_HEIGHT / 8, 2); // 96 dpi
    expect(scaleFor(44)).toBe(0.5); // 600 dpi
    expect(scaleFor(2)).toBe(4); // never more than four times
  });
});
