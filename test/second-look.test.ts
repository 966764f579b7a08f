import { describe, expect, it } from 'vitest';
import type { BBox, OcrLine } from '../src/model.js';
import { doubtful, secondLook } from '../src/ocr/index.js';

/** A line of words at these confidences, laid left to right from x0 on a band at y 100–140. */
function line(words: [string, number][], x0 = 100): OcrLine {
  let x = x0;
  const placed = words.map(([text, confidence]) => {
    const bbox: BBox = [x, 100, x + 20 * text.length, 140];
    x = bbox[2] + 20;
    return { text, bbox, confidence, colour: 0 };
  });
  return { index: 7, text: words.map(([text]) => text).join(' '), bbox: [x0, 100, x - 20, 140], confidence: 90, words: placed };
}

describe('a second look at a doubtful line', () => {
  it('looks again at one doubtful word among sure ones, and not at a line read doubtfully throughout', () => {
    expect(doubtful(line([['given', 96], ['by', 96], ['Fang:', 39], ['of', 94]]))).toBe(true);
    expect(doubtful(line([['given', 96], ['by', 96], ['rising', 96]]))).toBe(false);
    expect(doubtful(line([['Dept.', 40], ['of', 30], ['State', 55], ['letter', 20]]))).toBe(false);
    expect(doubtful(line([['x', 10], ['by', 96]]))).toBe(false);
  });

  it('keeps the second reading when it is surer, in the first reading’s place', () => {
    const first = line([['by', 96], ['Fang:', 39], ['POMer,', 0], ['of', 94]]);
    const again = line([['by', 96], ['rising', 95], ['power', 60], ['of', 94]]);
    const kept = secondLook(first, [again]);
    expect(kept.text).toBe('by rising power of');
    expect(kept.index).toBe(7);
    expect(kept.bbox).toEqual(first.bbox);
  });

  it('keeps the first reading when the second is no surer, or reads nothing where the line was', () => {
    const first = line([['by', 96], ['rising', 60], ['of', 94]]);
    expect(secondLook(first, [line([['by', 96], ['nsing', 40], ['of', 94]])])).toBe(first);
    expect(secondLook(first, [])).toBe(first);
    expect(secondLook(first, [line([['elsewhere', 99], ['entirely', 99]], 5000)])).toBe(first);
  });

  it('joins the lines read on the first reading’s band, left to right, and leaves out a sliver of the next line', () => {
    const first = line([['by', 96], ['Fang:', 39], ['of', 94]]);
    const sliver = { ...line([['om', 99], ['I', 99]]), bbox: [100, 138, 300, 150] as BBox };
    const right = line([['of', 94]], 300);
    const leftPart = line([['by', 96], ['rising', 90]]);
    expect(secondLook(first, [sliver, right, leftPart]).text).toBe('by rising of');
  });

  it('keeps the first reading when the second, however sure, leaves part of the line unread', () => {
    const first = line([['economy', 96], ['will', 30], ['decide', 96], ['fate', 96], ['of', 96], ['capitalism', 96]]);
    const half = line([['economy', 99], ['will', 99], ['decide', 99]]);
    expect(secondLook(first, [half])).toBe(first);
  });
});
