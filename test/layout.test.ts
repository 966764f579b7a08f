import { describe, expect, it } from 'vitest';
import { BODY_COLUMNS, layoutPage, PAGE_HEIGHT, PAGE_WIDTH, wrap, type TypedRun } from '../src/facsimile/layout.js';
import { makeRng } from '../src/facsimile/random.js';
import type { TruthPage } from '../src/model.js';

describe('wrap', () => {
  it('keeps words whole and lines within the width', () => {
    const text = 'Answer to Dept’s 284, Feb 3 involves questions so intricate, so delicate, so strange to our form of thought';
    const rows = wrap(text, 30, 5);
    expect(rows.join(' ')).toBe(text);
    expect(rows[0]!.length).toBeLessThanOrEqual(25);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(30);
  });
  it('gives nothing for empty text, and one row for a short line', () => {
    expect(wrap('', 10)).toEqual([]);
    expect(wrap('Washington.', 72)).toEqual(['Washington.']);
  });
  it('lets a word longer than the line stand alone rather than split it', () => {
    expect(wrap('a supercalifragilistic b', 8)).toEqual(['a', 'supercalifragilistic', 'b']);
  });
});

const page: TruthPage = {
  label: '2',
  lines: [
    { text: 'SECRET', class: 'classification', struck: true },
    { text: '-2- #511, February 22, 9 p.m. from Moscow via War', class: 'continuation-header' },
    { text: 'word '.repeat(400).trim(), class: 'body' },
    { text: 'democratic)', class: 'catchword' },
    { text: 'DECLASSIFIED', class: 'stamp', group: 2 },
    { text: 'E.O. 11652, Sec. 3(E) and 5(D) or (E)', class: 'stamp', group: 2 },
    { text: 'P', class: 'marginalia', hand: true },
  ],
};

describe('layoutPage', () => {
  const layout = layoutPage(page, { continuesParagraph: true }, makeRng(1));
  const typed = layout.elements.filter((e): e is TypedRun => e.kind === 'typed');

  it('places every line of the page somewhere', () => {
    const placed = new Set(layout.elements.flatMap((e) => (e.kind === 'stamp' ? e.lines : [e.line])));
    expect([...placed].sort((a, b) => a - b)).toEqual(page.lines.map((_, i) => i));
  });
  it('keeps typed text on the sheet and the body within its column', () => {
    for (const run of typed) {
      expect(run.x).toBeGreaterThanOrEqual(0);
      expect(run.baseline).toBeLessThan(PAGE_HEIGHT);
      expect(run.x + run.text.length * 25).toBeLessThanOrEqual(PAGE_WIDTH);
    }
    for (const run of typed.filter((r) => r.class === 'body')) expect(run.text.length).toBeLessThanOrEqual(BODY_COLUMNS);
  });
  it('types the body in reading order, top to bottom, and the catchword below it', () => {
    const body = typed.filter((r) => r.class === 'body');
    expect(body.map((r) => r.text).join(' ')).toBe(page.lines[2]!.text);
    body.slice(1).forEach((run, i) => expect(run.baseline).toBeGreaterThan(body[i]!.baseline));
    const catchword = typed.find((r) => r.class === 'catchword')!;
    expect(catchword.baseline).toBeGreaterThan(body.at(-1)!.baseline);
  });
  it('draws one stamp box for a stamp group', () => {
    const stamps = layout.elements.filter((e) => e.kind === 'stamp');
    expect(stamps).toHaveLength(1);
    expect(stamps[0]).toMatchObject({ texts: ['DECLASSIFIED', 'E.O. 11652, Sec. 3(E) and 5(D) or (E)'] });
  });
  it('skews the sheet by no more than 1.5 degrees, the same way for the same seed', () => {
    for (let seed = 0; seed < 50; seed++) expect(Math.abs(layoutPage(page, { continuesParagraph: false }, makeRng(seed)).skew)).toBeLessThanOrEqual(1.5);
    expect(layoutPage(page, { continuesParagraph: true }, makeRng(1))).toEqual(layout);
  });
});

describe('layout: other designs', () => {
  const despatch: TruthPage = {
    label: '1',
    lines: [
      { text: 'LEGATION OF THE', class: 'form-header' },
      { text: 'No. 9.', class: 'body' },
      { text: 'Oslo, May 2, 1940.', class: 'body' },
      { text: 'Subject: A subject long enough to be typed over two lines of the despatch heading.', class: 'body' },
      { text: 'The Honorable', class: 'body' },
      { text: 'Sir:', class: 'body' },
      { text: 'word '.repeat(60).trim(), class: 'body' },
      { text: 'next', class: 'catchword' },
      { text: 'RECEIVED', class: 'stamp', group: 1 },
      { text: 'MAY 9 1940', class: 'stamp', group: 1 },
      { text: '857.00/12', class: 'stamp', group: 2 },
    ],
  };

  it('types a despatch heading: the number and the date on one row, the date flush right, the body double-spaced', async () => {
    const { layoutDespatch } = await import('../src/facsimile/despatch.js');
    const layout = layoutDespatch(despatch, { continuesParagraph: false }, makeRng(3));
    const typed = layout.elements.filter((e): e is TypedRun => e.kind === 'typed');
    const at = (text: string) => typed.find((e) => e.text.startsWith(text))!;
    expect(at('No. 9.').baseline).toBe(at('Oslo').baseline);
    expect(at('Oslo').x).toBeGreaterThan(at('No. 9.').x + 1000);
    const rows = typed.filter((e) => e.text.startsWith('word'));
    expect(rows.length).toBeGreaterThan(2);
    expect(rows[1]!.baseline - rows[0]!.baseline).toBe(100);
    expect(at('Sir:').baseline).toBeLessThan(rows[0]!.baseline);
    expect(at('next').baseline).toBeGreaterThan(rows.at(-1)!.baseline);
    // Every line of the page is placed, and the file number goes turned a quarter into the right margin.
    const placed = new Set(layout.elements.flatMap((e) => (e.kind === 'stamp' ? e.lines : [e.line])));
    expect([...placed].sort((a, b) => a - b)).toEqual(despatch.lines.map((_, i) => i));
    const file = layout.elements.find((e) => e.kind === 'stamp' && e.texts[0] === '857.00/12');
    expect(file).toMatchObject({ kind: 'stamp', frame: 'none' });
    expect(file && file.kind === 'stamp' && file.cx).toBeGreaterThan(PAGE_WIDTH - 300);
  });

  it('sets a telegram heading lower, and types the routing code on the continuation header’s line', () => {
    const withCode: TruthPage = { ...page, lines: [...page.lines, { text: 'GRAY', class: 'routing' }] };
    const plain = layoutPage(withCode, { continuesParagraph: false }, makeRng(5));
    const lower = layoutPage(withCode, { continuesParagraph: false, headerDrop: 400 }, makeRng(5));
    const beside = layoutPage(withCode, { continuesParagraph: false, routingOnHeader: true }, makeRng(5));
    const find = (layout: typeof plain, text: string) => layout.elements.find((e): e is TypedRun => e.kind === 'typed' && e.text === text)!;
    const header = '-2- #511, February 22, 9 p.m. from Moscow via War';
    expect(find(lower, header).baseline).toBe(find(plain, header).baseline + 400);
    expect(find(lower, 'GRAY').baseline).toBe(find(plain, 'GRAY').baseline + 400);
    expect(find(beside, 'GRAY').baseline).toBe(find(beside, header).baseline);
    expect(find(beside, 'GRAY').x).toBeGreaterThan(find(beside, header).x + header.length * 25);
    expect(find(plain, 'GRAY').baseline).not.toBe(find(plain, header).baseline);
  });
});
