import { describe, expect, it } from 'vitest';
import { characterErrors, distance, graphemes, rate, wordErrors, words } from '../src/metrics.js';

describe('metrics: error rates as dinglehopper defines them', () => {
  it('measures Levenshtein distance on sequences, including the empty edge cases', () => {
    expect(distance([], [])).toBe(0);
    expect(distance([...'abc'], [])).toBe(3);
    expect(distance([], [...'abc'])).toBe(3);
    expect(distance([...'kitten'], [...'sitting'])).toBe(3);
    expect(distance([...'same'], [...'same'])).toBe(0);
  });

  it('counts grapheme clusters in NFC, not code units', () => {
    expect(graphemes('Schlyñ')).toHaveLength(6);
    expect(graphemes('n\u0303')).toEqual(['ñ']); // combining tilde composed
    expect(graphemes('👨‍👩‍👧')).toHaveLength(1);
    // A decomposed and a composed "ñ" are the same character.
    expect(characterErrors('Schlyn\u0303', 'Schlyñ').errors).toBe(0);
  });

  it('gives CER as errors over the ground truth’s length', () => {
    const count = characterErrors('Foo', 'Fon');
    expect(count).toEqual({ errors: 1, length: 3 });
    expect(rate(count)).toBeCloseTo(1 / 3);
    expect(rate(characterErrors('', ''))).toBe(0);
    expect(rate(characterErrors('', 'x'))).toBe(1);
  });

  it('splits words by Unicode word boundaries and drops punctuation-only "words"', () => {
    expect(words('Dept\'s 284, Feb 3 --- (*) involves')).toEqual(["Dept's", '284', 'Feb', '3', 'involves']);
    expect(wordErrors('some courage', 'same courage')).toEqual({ errors: 1, length: 2 });
    expect(wordErrors('a b c', 'a b c')).toEqual({ errors: 0, length: 3 });
  });
});
