import { describe, expect, it } from 'vitest';
import type { BBox } from '../src/model.js';
import { secondOpinion, unsure } from '../src/ocr/second-opinion.js';
import { lexiconOf } from '../src/words.js';
import { line } from './helpers/lines.js';

const known = lexiconOf(['the', 'of', 'situation', 'said', 'would', 'fall', 'fail', 'Rabbis', 'bis']).has;

describe('a second opinion from the other model', () => {
  it('asks about a line of known words with one unknown among them, not about scraps or a line it knows', () => {
    expect(unsure(line([['the', 95], ['situstion', 90], ['of', 95]]), known)).toBe(true);
    expect(unsure(line([['the', 95], ['situation', 90], ['of', 95]]), known)).toBe(false);
    expect(unsure(line([['Ws', 30], ['T=', 20], ['Oo=', 10], ['of', 90]]), known)).toBe(false);
    // A sign alone is no word: "- the situstion" is two known words and one unknown.
    expect(unsure(line([['-', 40], ['the', 95], ['situstion', 90]]), known)).toBe(true);
  });

  it('takes the other reading of an unknown word where it is a known word a letter or two away, on the first box', () => {
    const first = line([['the', 95], ['situstion', 90], ['of', 95]]);
    const again = line([['the', 96], ['situation', 93], ['of', 96]], 102);
    const kept = secondOpinion(first, [again], known);
    expect(kept.text).toBe('the situation of');
    expect(kept.words[1]).toEqual({ ...first.words[1], text: 'situation', confidence: 93, alt: first.words[1]!.text });
    expect(kept.bbox).toEqual(first.bbox);
    expect(kept.index).toBe(first.index);
  });

  it('never replaces a known word, even where the other model reads another known word', () => {
    const first = line([['the', 95], ['fall', 90], ['of', 95]]);
    expect(secondOpinion(first, [line([['the', 95], ['fail', 96], ['of', 95]])], known)).toBe(first);
  });

  it('keeps the first reading where the other is no word, another word altogether, or split across words', () => {
    const first = line([['the', 95], ['Rabbls', 86], ['of', 95]]);
    expect(secondOpinion(first, [line([['the', 95], ['Rabbks', 96], ['of', 95]])], known)).toBe(first);
    expect(secondOpinion(first, [line([['the', 95], ['bis', 96], ['of', 95]])], known)).toBe(first);
    // The other model read the unknown word as two: neither is the word it misread.
    const split = line([['the', 95], ['Rab', 90], ['bis', 90], ['of', 95]]);
    expect(secondOpinion(first, [split], known)).toBe(first);
    expect(secondOpinion(first, [], known)).toBe(first);
  });

  it('reads only the other lines on the first one’s band, not a sliver of the line below', () => {
    const first = line([['the', 95], ['situstion', 90], ['of', 95]]);
    const below = { ...line([['the', 95], ['situation', 96], ['of', 95]], 100), bbox: [100, 150, 400, 190] as BBox };
    expect(secondOpinion(first, [below], known)).toBe(first);
  });

  it('takes an unknown number’s other reading when that is a number', () => {
    const first = line([['about', 95], ['&0C,000,', 48], ['who', 95]]);
    const kept = secondOpinion(first, [line([['about', 95], ['800,000,', 90], ['who', 95]])], known);
    expect(kept.words[1]!.text).toBe('800,000,');
  });
});
