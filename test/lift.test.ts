import { describe, expect, it } from 'vitest';
import { awayFromCores, CORE_REACH, liftCorelessInk } from '../src/ocr/lift.js';

const [WIDTH, HEIGHT] = [800, 600];
const PAPER = 255;
const STAMP = 130;

/**
 * A page of paper with rows of typed "letters": upright strokes with a dark core (`core`) and an anti-aliased
 * edge of 150 a pixel wide around it.
 */
function typedPage(core: number) {
  const gray = new Uint8Array(WIDTH * HEIGHT).fill(PAPER);
  const at = (x: number, y: number) => y * WIDTH + x;
  const letter = (x0: number, y0: number) => {
    for (let y = y0 - 1; y <= y0 + 16; y++) for (let x = x0 - 1; x <= x0 + 4; x++) gray[at(x, y)] = 150;
    for (let y = y0; y < y0 + 16; y++) for (let x = x0; x < x0 + 4; x++) gray[at(x, y)] = core;
  };
  for (let row = 0; row < 5; row++) for (let k = 0; k < 25; k++) letter(40 + k * 28, 40 + row * 40);
  return { gray, at, letter };
}

/** A stamp's frame, 2 px of even mid-gray ink, over [x0, x1) × [y0, y1). */
function frame(page: ReturnType<typeof typedPage>, x0: number, y0: number, x1: number, y1: number) {
  for (let x = x0; x < x1; x++) for (const y of [y0, y0 + 1, y1 - 2, y1 - 1]) page.gray[page.at(x, y)] = Math.min(page.gray[page.at(x, y)]!, STAMP);
  for (let y = y0; y < y1; y++) for (const x of [x0, x0 + 1, x1 - 2, x1 - 1]) page.gray[page.at(x, y)] = Math.min(page.gray[page.at(x, y)]!, STAMP);
}

describe('liftCorelessInk: gray stamp ink, found by having no dark core', () => {
  it('lifts a gray stamp’s frame to paper and keeps a typed letter under it whole, core and edge', async () => {
    const page = typedPage(30);
    page.letter(400, 400);
    frame(page, 300, 380, 620, 520);
    // A rule of the stamp runs through the letter.
    for (let x = 302; x < 618; x++) for (const y of [408, 409]) page.gray[page.at(x, y)] = Math.min(page.gray[page.at(x, y)]!, STAMP);
    const before = Uint8Array.from(page.gray);
    const lift = await liftCorelessInk(page.gray, WIDTH, HEIGHT);
    expect(lift.regions).toHaveLength(1);
    expect(lift.lifted).toBeGreaterThan(1500);
    expect(page.gray[page.at(500, 381)]).toBe(PAPER);
    expect(page.gray[page.at(301, 450)]).toBe(PAPER);
    expect(page.gray[page.at(350, 408)]).toBe(PAPER);
    // The letter, core and edge, is as it was; so is the rule where it lies within CORE_REACH of the core.
    for (let y = 399; y <= 416; y++) for (let x = 399; x <= 404; x++) expect(page.gray[page.at(x, y)]).toBe(before[page.at(x, y)]);
    expect(page.gray[page.at(400 - CORE_REACH, 408)]).toBe(STAMP);
    expect(page.gray[page.at(400 - CORE_REACH - 2, 408)]).toBe(PAPER);
    // Typing outside the stamp is untouched.
    for (let i = 0; i < page.at(0, 300); i++) expect(page.gray[i]).toBe(before[i]);
  });

  it('lifts nothing on a page whose darkest ink is light (a carbon copy): its typing has no dark core', async () => {
    const page = typedPage(150);
    frame(page, 300, 380, 620, 520);
    const before = Uint8Array.from(page.gray);
    const lift = await liftCorelessInk(page.gray, WIDTH, HEIGHT);
    expect(lift).toMatchObject({ regions: [], lifted: 0 });
    expect(page.gray).toEqual(before);
  });

  it('lifts nothing where there is no patch: a stray light mark is not a stamp', async () => {
    const page = typedPage(30);
    for (let x = 300; x < 340; x++) page.gray[page.at(x, 450)] = STAMP;
    const before = Uint8Array.from(page.gray);
    expect((await liftCorelessInk(page.gray, WIDTH, HEIGHT)).lifted).toBe(0);
    expect(page.gray).toEqual(before);
  });
});

describe('awayFromCores: the colour lift without the typing’s colour fringes', () => {
  it('keeps the lift of coloured ink far from typing and drops it within CORE_REACH of a dark core', async () => {
    const page = typedPage(30);
    const lifts = new Uint8Array(WIDTH * HEIGHT).fill(40);
    const kept = await awayFromCores(page.gray, lifts, WIDTH, HEIGHT);
    expect(kept[page.at(41, 48)]).toBe(0);
    expect(kept[page.at(40 + 4 + CORE_REACH - 1, 48)]).toBe(0);
    expect(kept[page.at(40 + 4 + CORE_REACH + 1, 48)]).toBe(40);
    expect(kept[page.at(400, 500)]).toBe(40);
  });
});
