/**
 * Error rates as dinglehopper defines them: Levenshtein distance over NFC grapheme clusters (CER) or over
 * words found by Unicode word segmentation, ignoring "words" of only whitespace or punctuation (WER),
 * divided by the length of the ground truth. Pure.
 */

// Made on first use: a segmenter costs about 10 ms to make, and a run that measures nothing never needs one.
let graphemeSegmenter: Intl.Segmenter | undefined;
let wordSegmenter: Intl.Segmenter | undefined;

export const graphemes = (text: string): string[] => Array.from((graphemeSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' })).segment(text.normalize('NFC')), (s) => s.segment);

/** A "word" made only of punctuation, symbols, separators, marks or controls is not a word (dinglehopper's `unwanted`). */
const UNWANTED = /^[\p{P}\p{S}\p{Z}\p{M}\p{Cc}\p{Cf}\s]+$/u;

export const words = (text: string): string[] =>
  Array.from((wordSegmenter ??= new Intl.Segmenter('en', { granularity: 'word' })).segment(text.normalize('NFC')), (s) => s.segment).filter((segment) => !UNWANTED.test(segment));

/** Levenshtein distance between two sequences, in O(n·m) time and O(m) memory. */
export function distance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const row = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (ai === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Levenshtein distance between two strings, by UTF-16 unit: for short words and marks, not for measuring text. */
export const editDistance = (a: string, b: string): number => distance([...a], [...b]);

/** Errors and the ground truth's length, so rates can be summed across pages before dividing. */
export interface ErrorCount {
  errors: number;
  length: number;
}

/** Errors over the ground truth's length. With no ground truth, any text read is all error: 1 (dinglehopper says ∞, which JSON cannot hold). */
export const rate = ({ errors, length }: ErrorCount): number => (length === 0 ? (errors === 0 ? 0 : 1) : errors / length);
export const sum = (counts: readonly ErrorCount[]): ErrorCount => counts.reduce((a, b) => ({ errors: a.errors + b.errors, length: a.length + b.length }), { errors: 0, length: 0 });

export function characterErrors(truth: string, ocr: string): ErrorCount {
  const t = graphemes(truth);
  return { errors: distance(t, graphemes(ocr)), length: t.length };
}

export function wordErrors(truth: string, ocr: string): ErrorCount {
  const t = words(truth);
  return { errors: distance(t, words(ocr)), length: t.length };
}
