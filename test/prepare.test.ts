import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { INK, median3, restoreCrossings, RULE_LENGTH, RULE_LIFT, RULE_REACH } from '../src/ocr/prepare.js';

const PAPER = 250;
const TYPING = 60;
const RULE = 130;
const LIFTED = 255;

/** A blank page of paper: luma as balanced, lifts as computed, gray as lifted (what tesseract would get). */
function page(width: number, height: number) {
  const luma = new Uint8Array(width * height).fill(PAPER);
  const lifts = new Uint8Array(width * height);
  const at = (x: number, y: number) => y * width + x;
  return {
    luma,
    lifts,
    at,
    type(x0: number, y0: number, x1: number, y1: number) {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) luma[at(x, y)] = TYPING;
    },
    /** Stamp ink over [x0, x1) × [y0, y1): lifted, and dark where it is, darker still over typing. */
    stamp(x0: number, y0: number, x1: number, y1: number) {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) {
        const i = at(x, y);
        lifts[i] = 160;
        luma[i] = Math.min(luma[i]!, RULE);
      }
    },
    restored() {
      const gray = Uint8Array.from(luma, (v, i) => (lifts[i]! > 0 ? LIFTED : v));
      restoreCrossings(gray, luma, lifts, width, height);
      return gray;
    },
  };
}

describe('restoreCrossings: typing cut by a stamp’s rule', () => {
  it('gives back a typed stroke where a level rule crossed it, and only the stroke', () => {
    const p = page(200, 60);
    p.type(100, 10, 104, 50); // an upright stroke of a letter
    p.stamp(20, 28, 180, 33); // a rule 160 pixels long, 5 thick, across it
    const gray = p.restored();
    for (let y = 28; y < 33; y++) {
      expect(gray[p.at(101, y)]).toBe(TYPING);
      expect(gray[p.at(60, y)]).toBe(LIFTED);
      expect(gray[p.at(110, y)]).toBe(LIFTED);
    }
  });

  it('gives back a typed stroke where an upright rule crossed it', () => {
    const p = page(60, 200);
    p.type(10, 100, 50, 104);
    p.stamp(28, 20, 33, 180);
    const gray = p.restored();
    for (let x = 28; x < 33; x++) expect(gray[p.at(x, 101)]).toBe(TYPING);
    expect(gray[p.at(30, 60)]).toBe(LIFTED);
  });

  it('leaves the rule lifted inside a letter’s bowl, where the walk comes out on paper', () => {
    const p = page(200, 60);
    p.type(90, 10, 110, 14); // the top of an "o"
    p.type(90, 44, 110, 48); // its bottom
    p.stamp(20, 28, 180, 33); // the rule through the bowl, clear of both
    const gray = p.restored();
    for (let y = 28; y < 33; y++) expect(gray[p.at(100, y)]).toBe(LIFTED);
  });

  it('leaves a stamp’s lettering lifted: a short stroke of stamp ink is not a rule', () => {
    const p = page(200, 60);
    p.type(100, 10, 104, 50);
    p.stamp(80, 28, 120, 33); // 40 pixels: a bar of a stamped letter
    const gray = p.restored();
    for (let y = 28; y < 33; y++) expect(gray[p.at(101, y)]).toBe(LIFTED);
  });

  it('agrees with a direct reading of its definition on any page', () => {
    // The direct reading: run lengths measured pixel by pixel, slow but plain.
    const reference = (gray: Uint8Array, luma: Uint8Array, lifts: Uint8Array, width: number, height: number) => {
      const lifted = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && lifts[y * width + x]! >= RULE_LIFT;
      const run = (x: number, y: number, dx: number, dy: number) => {
        let n = 1;
        for (let k = 1; lifted(x + k * dx, y + k * dy); k++) n++;
        for (let k = 1; lifted(x - k * dx, y - k * dy); k++) n++;
        return n;
      };
      const exits = (x: number, y: number, dx: number, dy: number) => {
        for (let d = 1; d <= RULE_REACH; d++) {
          const [u, v] = [x + d * dx, y + d * dy];
          if (!lifted(u, v)) return luma[v * width + u]! < INK;
        }
        return false;
      };
      const out = Uint8Array.from(gray);
      for (let y = RULE_REACH; y < height - RULE_REACH; y++) {
        for (let x = RULE_REACH; x < width - RULE_REACH; x++) {
          const i = y * width + x;
          if (!lifted(x, y) || luma[i]! >= INK) continue;
          const level = run(x, y, 1, 0) >= RULE_LENGTH && exits(x, y, 0, -1) && exits(x, y, 0, 1);
          const upright = run(x, y, 0, 1) >= RULE_LENGTH && exits(x, y, -1, 0) && exits(x, y, 1, 0);
          if (level || upright) out[i] = luma[i]!;
        }
      }
      return out;
    };
    const box = fc.tuple(fc.nat(90), fc.nat(90), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 12 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(box, { maxLength: 6 }), fc.array(box, { maxLength: 6 }), (typed, stamps) => {
        const p = page(100, 100);
        const clip = ([x, y, long, thick, upright]: [number, number, number, number, boolean]) =>
          (upright ? [x, y, Math.min(100, x + thick), Math.min(100, y + long)] : [x, y, Math.min(100, x + long), Math.min(100, y + thick)]) as [number, number, number, number];
        for (const b of typed) p.type(...clip(b));
        for (const b of stamps) p.stamp(...clip(b));
        const gray = Uint8Array.from(p.luma, (v, i) => (p.lifts[i]! > 0 ? LIFTED : v));
        const expected = reference(gray, p.luma, p.lifts, 100, 100);
        restoreCrossings(gray, p.luma, p.lifts, 100, 100);
        expect(Array.from(gray)).toEqual(Array.from(expected));
      }),
      { numRuns: 200 },
    );
  });
});

describe('bilevel: a page its scanner already thresholded', () => {
  it('is told from a grayscale page by its want of midtones', async () => {
    const { bilevel } = await import('../src/ocr/prepare.js');
    const size = 200 * 200;
    const thresholded = Uint8Array.from({ length: size }, (_, i) => (i % 13 === 0 ? 0 : 255));
    const grain = Uint8Array.from({ length: size }, (_, i) => (i % 13 === 0 ? 20 : i % 5 === 0 ? 175 : 240));
    const antialiased = Uint8Array.from({ length: size }, (_, i) => (i % 13 === 0 ? 0 : i % 13 === 1 ? 150 : 255));
    expect(bilevel(thresholded)).toBe(true);
    expect(bilevel(grain)).toBe(false);
    expect(bilevel(antialiased)).toBe(false);
  });
});

describe('median3', () => {
  it('gives the same pixels as sharp’s median(3), edges included', async () => {
    const [width, height] = [37, 23];
    // Paper with specks, strokes and noise: every kind of window the filter meets on a page.
    const gray = Buffer.from(Array.from({ length: width * height }, (_, i) => (i % 11 === 0 ? 0 : i % 7 === 0 ? (i * 37) % 256 : 255)));
    const expected = await sharp(gray, { raw: { width, height, channels: 1 } }).median(3).toColourspace('b-w').raw().toBuffer();
    expect(median3(gray, width, height).equals(expected)).toBe(true);
  });

  it('gives the same pixels as sharp’s median(3) on any image of 3 pixels a side or more (a page has 16)', async () => {
    const image = fc.integer({ min: 3, max: 12 }).chain((width) => fc.integer({ min: 3, max: 12 }).chain((height) => fc.uint8Array({ minLength: width * height, maxLength: width * height }).map((pixels) => ({ width, height, pixels }))));
    await fc.assert(
      fc.asyncProperty(image, async ({ width, height, pixels }) => {
        const expected = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } }).median(3).toColourspace('b-w').raw().toBuffer();
        expect([...median3(pixels, width, height)]).toEqual([...expected]);
      }),
      { numRuns: 200 },
    );
  });
});
