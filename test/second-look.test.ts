import { describe, expect, it } from 'vitest';
import type { BBox } from '../src/model.js';
import { cropPgm, doubtful, fromCrop, lineCrop, secondLook } from '../src/ocr/second-look.js';
import { line } from './helpers/lines.js';

describe('a second look at a doubtful line', () => {
  it('looks again at one doubtful word among sure ones, and not at a line read doubtfully throughout', () => {
    expect(doubtful(line([['given', 96], ['by', 96], ['Fang:', 39], ['of', 94]]))).toBe(true);
    expect(doubtful(line([['given', 96], ['by', 96], ['rising', 96]]))).toBe(false);
    expect(doubtful(line([['Dept.', 40], ['of', 30], ['State', 55], ['letter', 20]]))).toBe(false);
    expect(doubtful(line([['x', 10], ['by', 96]]))).toBe(false);
  });

  it('keeps the second reading when it is surer: its words, their boxes and confidences, on the first reading’s line', () => {
    const first = line([['by', 96], ['Fang:', 39], ['POMer,', 0], ['of', 94]]);
    const again = { ...line([['by', 96], ['rising', 95], ['power', 60], ['of', 94]], 102), confidence: 88 };
    const kept = secondLook(first, [again]);
    expect(kept.text).toBe('by rising power of');
    expect(kept.words).toEqual(again.words);
    expect(kept.confidence).toBe(88);
    expect([kept.index, kept.bbox]).toEqual([7, first.bbox]);
  });

  it('keeps the first reading when the second leaves out a word of it, however sure the rest', () => {
    const first = line([['by', 96], ['Fang:', 39], ['of', 94]]);
    const without = { ...first, words: [first.words[0]!, first.words[2]!] };
    expect(secondLook(first, [without])).toBe(first);
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

describe('the image of a line to read again', () => {
  const page = { rotatedWidth: 300, rotatedHeight: 200 };

  it('is the band of the line’s sure words, not its box stretched by stray ink, with paper around it', () => {
    const read = line([['by', 96], ['Fang:', 39], ['of', 94]], 40);
    const stretched = { ...read, bbox: [40, 60, 200, 170] as BBox, words: read.words.map((w, i) => (i === 1 ? { ...w, bbox: [w.bbox[0], 60, w.bbox[2], 170] as BBox } : w)) };
    expect(lineCrop(stretched, page)).toEqual([20, 90, 220, 150]);
  });

  it('stays inside the page, and is nothing when too small to read', () => {
    const read = line([['by', 96], ['Fang:', 39], ['of', 94]], 0);
    expect(lineCrop({ ...read, bbox: [0, 100, 400, 140] }, page)).toEqual([0, 90, 300, 150]);
    const flat = { bbox: [0, 100, 50, 102] as BBox, words: [{ text: 'x', bbox: [0, 100, 50, 102] as BBox, confidence: 90, colour: 0 }] };
    expect(lineCrop(flat, page)).toBeUndefined();
  });

  it('is cut from the levelled page pixel for pixel, and what is read on it is moved back to where it lies', () => {
    const [width, height] = [7, 5];
    const levelled = Buffer.from(Array.from({ length: width * height }, (_, i) => i));
    const crop = cropPgm({ levelled, rotatedWidth: width }, [2, 1, 5, 3]);
    expect(crop.subarray(0, 11).toString('latin1')).toBe('P5\n3 2\n255\n');
    expect(Array.from(crop.subarray(11))).toEqual([9, 10, 11, 16, 17, 18]);
    const [moved] = fromCrop([line([['rising', 95]], 0)], [2, 1, 5, 3]);
    expect(moved!.bbox).toEqual([2, 101, 122, 141]);
    expect(moved!.words[0]!.bbox).toEqual([2, 101, 122, 141]);
  });
});
