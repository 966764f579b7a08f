/**
 * A second opinion on a line that holds a word no dictionary knows: the line read again by the other LSTM
 * model (tessdata_fast beside tessdata_best), and each unknown word replaced by the other model's reading
 * of the same ink where that one is a word and differs from it by a letter or two. The two models are
 * trained apart and misread different letters of worn or blurred typing: best reads "situstion", "Tews",
 * "&0C,000" where fast reads "situation", "Jews", "800,000", and fast reads "fail" where best reads "fall".
 * A dictionary word is never replaced, so neither model's misreadings that make words get in. Everything
 * here is in the coordinates of the levelled page that tesseract read. Pure.
 */
import { distance } from '../metrics.js';
import type { OcrLine, OcrWord } from '../model.js';

/** A word holds a letter or a digit: a sign alone ("-", "&") is no word to ask a dictionary about. */
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * A line is worth a second opinion when it holds a word that the dictionary does not know, and
 * its words are mostly known: a line of text with a misread word in it, not a stamp's or a signature's
 * scraps, which stripping removes whatever they read.
 */
export function unsure(line: Pick<OcrLine, 'words'>, known: (word: string) => boolean): boolean {
  const words = line.words.filter((word) => WORDLIKE.test(word.text));
  const unknown = words.filter((word) => !known(word.text)).length;
  return unknown > 0 && unknown * 2 <= words.length;
}

/**
 * The share of a word's letters by which the two readings may differ, at most: a misread letter or two
 * ("Interzovermmental" and "Intergovernmental" differ by 2 of 17), never another word that happens to lie
 * on the same ink ("Rabbls" and "bis").
 */
const MOST_CHANGED = 1 / 3;

/** Of a pair of boxes, how much of the narrower one the other covers across. */
function across(a: OcrWord['bbox'], b: OcrWord['bbox']): number {
  const overlap = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  return overlap <= 0 ? 0 : overlap / Math.min(a[2] - a[0], b[2] - b[0]);
}

/** The other reading's word that lies on the same ink as `word` and on no other word of the first reading. */
function counterpart(word: OcrWord, first: readonly OcrWord[], other: readonly OcrWord[]): OcrWord | undefined {
  const best = (from: OcrWord, among: readonly OcrWord[]) => among.reduce<OcrWord | undefined>((b, w) => (across(from.bbox, w.bbox) > (b ? across(from.bbox, b.bbox) : 0) ? w : b), undefined);
  const match = best(word, other);
  // One to one: the word read on the same ink is this word's, most of each lies over the other, and it
  // does not reach across to the next word (a split or a merge of words is not a letter misread).
  if (!match || best(match, first) !== word) return undefined;
  const width = (b: OcrWord['bbox']) => b[2] - b[0];
  const overlap = Math.min(word.bbox[2], match.bbox[2]) - Math.max(word.bbox[0], match.bbox[0]);
  return overlap >= 0.5 * Math.max(width(word.bbox), width(match.bbox)) ? match : undefined;
}

/**
 * The line with each unknown word replaced by the other model's reading of it, where that is a known word
 * close to it (with that reading's confidence, on the first reading's box); otherwise the first, the same object. The
 * other reading's lines on the first's band (their middles inside its top and bottom) are its words.
 */
export function secondOpinion(first: OcrLine, again: readonly OcrLine[], known: (word: string) => boolean): OcrLine {
  const [, top, , bottom] = first.bbox;
  const other = again.filter((line) => top <= (line.bbox[1] + line.bbox[3]) / 2 && (line.bbox[1] + line.bbox[3]) / 2 <= bottom).flatMap((line) => line.words);
  let changed = false;
  const words = first.words.map((word) => {
    if (known(word.text) || !WORDLIKE.test(word.text)) return word;
    const match = counterpart(word, first.words, other);
    if (!match || match.text === word.text || !known(match.text)) return word;
    const [a, b] = [[...word.text], [...match.text]];
    if (distance(a, b) > MOST_CHANGED * Math.max(a.length, b.length)) return word;
    changed = true;
    return { ...word, text: match.text, confidence: match.confidence, alt: word.text };
  });
  return changed ? { ...first, text: words.map((word) => word.text).join(' '), words } : first;
}
