import { describe, expect, it } from 'vitest';
import { hiddenOnPage } from '../src/hidden.js';
import type { BBox, ScanToken } from '../src/model.js';

/** A word read on line `line` of page 1, `x` pixels in, 25 px a letter, 40 px high. */
const word = (t: string, x: number, line = 0): ScanToken => ({ t, n: t.toLowerCase(), start: 0, end: t.length, page: '1', file: 'p1.jpg', line, bbox: [x, line * 60, x + t.length * 25, line * 60 + 40], confidence: 95 });
const on = (boxes: BBox[]) => (page: string) => (page === '1' ? boxes : []);

describe('hiddenOnPage: may the words the reading lacks lie hidden on the page?', () => {
  const last = word('Jews', 1000); // ends at 1100
  const nextLine = word('this', 100, 1);

  it('at a line’s end: yes where unread ink covers the place the words would take', () => {
    const mark: BBox = [1120, -10, 1180, 40]; // a hand's initials over the line's end, a little above it
    expect(hiddenOnPage('in', last, nextLine, on([mark]))).toBe(true);
  });
  it('at a line’s end: no where the place is bare, or the ink lies a line away or past the words’ width', () => {
    expect(hiddenOnPage('in', last, nextLine, on([]))).toBe(false);
    expect(hiddenOnPage('in', last, nextLine, on([[1120, 120, 1180, 160]]))).toBe(false);
    expect(hiddenOnPage('in', last, nextLine, on([[1400, 0, 1460, 40]]))).toBe(false);
    expect(hiddenOnPage('in', last, nextLine, (page) => (page === '2' ? [[1120, -10, 1180, 40]] : []))).toBe(false);
  });
  it('between two words of a line: only where a gap wide enough for the words was left, and ink lies in it', () => {
    const before = word('last,', 100); // ends at 225
    const stamped = word('which', 350); // a gap of 125 px: room for "at" and a space (75 px)
    expect(hiddenOnPage('at', before, stamped, on([[240, 0, 330, 40]]))).toBe(true);
    expect(hiddenOnPage('at', before, stamped, on([]))).toBe(false);
    // One space apart: the typist left the words out, whatever ink lies near.
    const close = word('which', 250);
    expect(hiddenOnPage('at', before, close, on([[226, 0, 249, 40]]))).toBe(false);
  });
  it('at a line’s beginning: the place just before its first word', () => {
    expect(hiddenOnPage('the', undefined, word('country', 400), on([[320, 0, 390, 40]]))).toBe(true);
    expect(hiddenOnPage('the', undefined, word('country', 400), on([[100, 0, 200, 40]]))).toBe(false);
  });
  it('a speck’s corner does not hide a word', () => {
    expect(hiddenOnPage('in', last, nextLine, on([[1100, 35, 1110, 45]]))).toBe(false);
  });
});
