import { describe, expect, it } from 'vitest';
import type { BBox, OcrLine } from '../src/model.js';
import { GAP_CELL, GAP_SURE, gapLines, unreadInk, unreadPatches } from '../src/ocr/gaps.js';
import { readingOrder } from '../src/ocr/index.js';

/** A white page with dark bars where lines of typing would be. */
function page(width: number, height: number, bars: BBox[]): Uint8Array {
  const pixels = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, x1, y1] of bars) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x += 3) pixels[y * width + x] = 0;
  return pixels;
}

const line = (text: string, bbox: BBox, confidence = 90): OcrLine => ({ index: 0, text, bbox, confidence, words: text.split(' ').map((w) => ({ text: w, bbox, confidence })) });

describe('gaps: ink that no line read covers', () => {
  const [width, height] = [1200, 1600];
  const typed: BBox[] = [100, 200, 300, 400].map((y) => [100, y, 1100, y + 30]);

  it('finds a line of ink that the reading left out, and nothing where every line was read', () => {
    const missed: BBox = [500, 700, 900, 730];
    const pixels = page(width, height, [...typed, missed]);
    const regions = unreadInk(pixels, width, height, typed);
    expect(regions).toHaveLength(1);
    const [x0, y0, x1, y1] = regions[0]!;
    expect(x0 <= missed[0] && y0 <= missed[1] && x1 >= missed[2] && y1 >= missed[3]).toBe(true);
    expect(x1 - x0).toBeLessThanOrEqual(missed[2] - missed[0] + 3 * GAP_CELL);
    expect(unreadInk(page(width, height, typed), width, height, typed)).toEqual([]);
  });

  it('leaves a speck, and a block as tall as a quarter of the page, unread', () => {
    const speck: BBox = [600, 900, 610, 910];
    const picture: BBox = [200, 800, 1000, 1300];
    expect(unreadInk(page(width, height, [...typed, speck]), width, height, typed)).toEqual([]);
    expect(unreadInk(page(width, height, [...typed, picture]), width, height, typed)).toEqual([]);
  });

  it('keeps from a gap only lines read surely, with a word, over no line already read', () => {
    const read: BBox[] = [[100, 100, 1100, 130]];
    const again = [line('Burton Y. Berry', [500, 700, 900, 730], 76), line('pr H 2s', [450, 640, 950, 690], 28), line('American', [100, 110, 400, 128], 95), line('1 2', [500, 760, 600, 790], 90)];
    expect(gapLines(again, read).map((l) => l.text)).toEqual(['Burton Y. Berry']);
    expect(GAP_SURE).toBeGreaterThan(28);
  });
});

describe('reading order: lines down the page, and across within a row', () => {
  it('puts a file number read first below the close it stands under, and two halves of a row left to right', () => {
    const lines = [line('the Jews of Europe.', [100, 100, 500, 130]), line('891', [100, 900, 160, 930]), line('The Rumanian writer claims', [600, 102, 1100, 128]), line('Respectfully yours,', [700, 500, 1000, 530])];
    expect(readingOrder(lines).map((l) => l.text)).toEqual(['the Jews of Europe.', 'The Rumanian writer claims', 'Respectfully yours,', '891']);
  });
});

describe('unreadPatches: every mark left unread, where a word may lie hidden', () => {
  const [width, height] = [1200, 800];
  const words: BBox[] = [100, 200, 300].map((y) => [100, y, 1000, y + 30]);
  /** Solid ink over a box (a blot, a stamp's pad). */
  const solid = (pixels: Uint8Array, [x0, y0, x1, y1]: BBox) => {
    for (let y = y0; y < y1; y++) pixels.fill(0, y * width + x0, y * width + x1);
    return pixels;
  };
  it('finds a blot between two typed lines, beside the words, and nothing under the words read', () => {
    const blot: BBox = [1010, 160, 1100, 190];
    const found = unreadPatches(solid(page(width, height, words), blot), width, height, words);
    expect(found).toHaveLength(1);
    const [x0, y0, x1, y1] = found[0]!;
    expect(x0 <= blot[0] && y0 <= blot[1] && x1 >= blot[2] && y1 >= blot[3]).toBe(true);
    expect(x1 - x0).toBeLessThanOrEqual(blot[2] - blot[0] + 16);
    expect(unreadPatches(page(width, height, words), width, height, words)).toEqual([]);
  });
  it('leaves a speck under 16 px across', () => {
    expect(unreadPatches(solid(page(width, height, words), [600, 500, 610, 510]), width, height, words)).toEqual([]);
  });
});
