import { describe, expect, it } from 'vitest';
import { turnBox } from '../src/geometry.js';
import { coveredShare, hiddenOnPage, pageFrame } from '../src/hidden.js';
import type { BBox, BodyLine, StrippedPage } from '../src/model.js';
import { scanWitness } from '../src/witness.js';

const PITCH = 25;
const FULL = 'the measures were applied with the greatest severity in every district of';

/** A body line of words set from `x` at 25 px a character, or at the x given after "@" ("which@1300"). */
function line(k: number, text: string, x = 400): BodyLine {
  let cursor = x;
  const words = text.split(' ').map((raw) => {
    const [word, at] = raw.split('@');
    if (at) cursor = Number(at);
    const bbox: BBox = [cursor, 300 + k * 50, cursor + word!.length * PITCH, 300 + k * 50 + 30];
    cursor += (word!.length + 1) * PITCH;
    return { text: word!, bbox, confidence: 95 };
  });
  return { line: k, text: words.map((w) => w.text).join(' '), bbox: [words[0]!.bbox[0], words[0]!.bbox[1], words.at(-1)!.bbox[2], words[0]!.bbox[3]], confidence: 95, words };
}

/** A page of body lines (full lines around the ones given), with unread ink and stripped lines. */
function page(lines: BodyLine[], unread: BBox[] = [], stripped: BBox[] = []): StrippedPage {
  return { label: '1', file: 'p1.jpg', width: 2550, height: 3300, body: lines, stripped: stripped.map((bbox, i) => ({ page: '1', file: 'p1.jpg', line: 90 + i, text: 'RECEIVED', class: 'stamp', rule: 'stamp', bbox, confidence: 40 })), unread };
}

/** Whether `missing` may be hidden between the witness's tokens `before` and `after` (their texts) on the page. */
function hidden(p: StrippedPage, missing: string, before: string, after: string): boolean {
  const { tokens } = scanWitness([p]);
  const at = tokens.findIndex((t, i) => t.t === before && tokens[i + 1]?.t === after);
  expect(at, `${before} ${after}`).toBeGreaterThanOrEqual(0);
  const frame = pageFrame(p);
  return hiddenOnPage(missing, tokens[at], tokens[at + 1], () => frame);
}

describe('hiddenOnPage: may the words the reading lacks lie hidden on the page?', () => {
  // "Jews" ends its line at x 950, well short of the column's edge (x 2275).
  const lines = [line(0, FULL), line(1, 'of the lot of the Jews'), line(2, FULL.replace('the', 'this')), line(3, FULL)];
  const jewsEnd = lines[1]!.bbox[2];

  it('at a line’s end: yes where unread ink covers the place the words would take, a little above the line too', () => {
    expect(hidden(page(lines, [[jewsEnd + 15, 340, jewsEnd + 70, 385]]), 'in', 'Jews', 'this')).toBe(true);
  });
  it('at a line’s end: no where the place is bare, or the ink lies a line away or past the words’ width', () => {
    expect(hidden(page(lines), 'in', 'Jews', 'this')).toBe(false);
    expect(hidden(page(lines, [[jewsEnd + 15, 420, jewsEnd + 70, 450]]), 'in', 'Jews', 'this')).toBe(false);
    expect(hidden(page(lines, [[jewsEnd + 300, 350, jewsEnd + 360, 380]]), 'in', 'Jews', 'this')).toBe(false);
  });
  it('at a line’s end: no where the line runs to the column’s edge, whatever stamp stands in the margin', () => {
    const full = [line(0, FULL), line(1, FULL), line(2, 'this country and its people were alarmed'), line(3, FULL)];
    const edge = full[1]!.bbox[2];
    expect(hidden(page(full, [], [[edge + 10, 330, edge + 200, 400]]), 'in', 'of', 'this')).toBe(false);
  });
  it('between two words of a line: only where a gap wide enough for the words was left, with ink in it', () => {
    // "last," ends at x 750; "which" begins at 850, room for "at" and a space (75 px).
    const wide = [line(0, FULL), line(1, 'June 8th last, which@850 time he read'), line(2, FULL)];
    expect(hidden(page(wide, [[770, 350, 840, 380]]), 'at', ',', 'which')).toBe(true);
    expect(hidden(page(wide), 'at', ',', 'which')).toBe(false);
    // One space apart: the typist left the word out, whatever ink lies near.
    const close = [line(0, FULL), line(1, 'June 8th last, which time he read'), line(2, FULL)];
    expect(hidden(page(close, [[close[1]!.words[2]!.bbox[2], 350, close[1]!.words[3]!.bbox[0], 380]]), 'at', ',', 'which')).toBe(false);
  });
  it('at a line’s beginning: the place just before its first word, within the column', () => {
    const indented = [line(0, FULL), line(1, FULL), line(2, 'country and its people', 600), line(3, FULL)];
    expect(hidden(page(indented, [[520, 400, 590, 430]]), 'the', 'of', 'country')).toBe(true);
    expect(hidden(page(indented, [[100, 400, 380, 430]]), 'the', 'of', 'country')).toBe(false);
  });
  it('not a passage of more than a few words, nor under a speck’s corner', () => {
    const mark: BBox = [jewsEnd + 15, 340, jewsEnd + 900, 385];
    expect(hidden(page(lines, [mark]), 'in this whole wide country', 'Jews', 'this')).toBe(false);
    expect(hidden(page(lines, [[jewsEnd, 378, jewsEnd + 8, 386]]), 'in', 'Jews', 'this')).toBe(false);
  });
  it('judges a page scanned upside down on the page upright', () => {
    const mark: BBox = [jewsEnd + 15, 340, jewsEnd + 70, 385];
    const upright = page(lines, [mark]);
    const flip = (b: BBox) => turnBox(b, 180, 2550, 3300);
    const scanned: StrippedPage = { ...upright, turn: 180, unread: [flip(mark)], body: upright.body.map((l) => ({ ...l, bbox: flip(l.bbox), words: l.words.map((w) => ({ ...w, bbox: flip(w.bbox) })) })) };
    expect(hidden(scanned, 'in', 'Jews', 'this')).toBe(true);
    expect(hidden({ ...scanned, unread: [] }, 'in', 'Jews', 'this')).toBe(false);
  });
});

describe('coveredShare', () => {
  it('counts a point covered by several boxes once', () => {
    const place: BBox = [0, 0, 100, 100];
    expect(coveredShare(place, [[0, 0, 50, 100]])).toBeCloseTo(0.5);
    expect(coveredShare(place, [[0, 0, 50, 100], [0, 0, 50, 100], [0, 0, 25, 100]])).toBeCloseTo(0.5);
    expect(coveredShare(place, [[200, 0, 300, 100]])).toBe(0);
  });
});
