import { describe, expect, it } from 'vitest';
import type { BBox } from '../src/model.js';
import { plainlyUpright, turnBox, turnOf, turnRaster, unturnBox, type Turn } from '../src/ocr/orient.js';

/** A 4 × 3 page, each pixel's red channel its number, so where a pixel goes can be read off. */
const page = { width: 4, height: 3, data: Buffer.from(Array.from({ length: 12 }, (_, i) => [i, 0, 0]).flat()) };
const red = (r: { width: number; data: Buffer }, x: number, y: number) => r.data[(y * r.width + x) * 3];

describe('orientation: turning a page and mapping boxes back', () => {
  it('turns the page clockwise', () => {
    expect(turnRaster(page, 0)).toBe(page);
    const right = turnRaster(page, 90);
    expect([right.width, right.height]).toEqual([3, 4]);
    expect(red(right, 2, 0)).toBe(0); // the top-left pixel goes to the top-right
    expect(red(right, 0, 0)).toBe(8); // the bottom-left goes to the top-left
    const down = turnRaster(page, 180);
    expect(red(down, 0, 0)).toBe(11);
    const left = turnRaster(page, 270);
    expect(red(left, 0, 3)).toBe(0);
  });

  it('moves a box with the pixels it holds, and back again', () => {
    for (const turn of [0, 90, 180, 270] as Turn[]) {
      const turned = turnRaster(page, turn);
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 4; x++) {
          const box: BBox = [x, y, x + 1, y + 1];
          const [tx, ty] = turnBox(box, turn, 4, 3);
          expect(red(turned, tx, ty), `${turn}° (${x}, ${y})`).toBe(y * 4 + x);
          expect(unturnBox(turnBox(box, turn, 4, 3), turn, 4, 3)).toEqual(box);
        }
      }
    }
  });

  it('acts on OSD only when it is sure', () => {
    expect(turnOf({ degrees: 180, confidence: 11.8 })).toBe(180);
    expect(turnOf({ degrees: 270, confidence: 15.7 })).toBe(270);
    expect(turnOf({ degrees: 180, confidence: 0 })).toBe(0);
  });
});

describe('orientation: a page whose first reading shows it upright', () => {
  /** A line of `n` words of five letters, each read with `confidence`, in a box `w` wide and `h` high. */
  const line = (n: number, confidence: number, w = 1200, h = 40) => ({
    bbox: [100, 100, 100 + w, 100 + h] as BBox,
    words: Array.from({ length: n }, (_, i) => ({ text: 'words', bbox: [100 + i * 60, 100, 150 + i * 60, 140] as BBox, confidence })),
  });

  it('is a surely read page of level lines', () => {
    expect(plainlyUpright([line(10, 92), line(12, 85), line(8, 40)])).toBe(true);
  });

  it('is not a page read unsurely, as one upside down reads', () => {
    expect(plainlyUpright([line(10, 25), line(12, 30), line(8, 20)])).toBe(false);
  });

  it('is not a page whose lines stand upright, as on a page on its side', () => {
    expect(plainlyUpright([line(10, 92, 40, 1200), line(12, 90, 40, 1200)])).toBe(false);
  });

  it('is not a page with too little text to judge, nor a blank one', () => {
    expect(plainlyUpright([line(3, 95)])).toBe(false);
    expect(plainlyUpright([])).toBe(false);
  });
});
