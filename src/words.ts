/**
 * Words: what the noise model asks a lexicon, and lexicons made from word lists, with Hunspell's rule for
 * case, numbers and compounds. Pure.
 */

/** Words a document may hold: a dictionary's, the edition's own, numbers. */
export interface Lexicon {
  has: (word: string) => boolean;
}

/** Words that can be asked after: a Set, or a sorted list searched in halves. */
export interface WordSet {
  has: (word: string) => boolean;
}

/** A sorted word list as a WordSet: no Set of 120,000 strings to build before the first question. */
export function sortedWords(sorted: readonly string[]): WordSet {
  return {
    has: (word) => {
      let [lo, hi] = [0, sorted.length - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const w = sorted[mid]!;
        if (w === word) return true;
        if (w < word) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

/** A word list as a lexicon: a word in any of its cases ("Keep", "KEEP", "keep"), a number, or a compound of words. */
export function lexiconOf(words: Iterable<string> | WordSet): Lexicon {
  const set: WordSet = 'has' in words ? words : new Set(words);
  // Hunspell's rule for case: a word in lower case only as listed; capitalized, also as a common word; in
  // capitals, in any case. "switzerland" is no word, "Keep" and "KEEP" are.
  const one = (w: string): boolean => {
    if (set.has(w)) return true;
    const lower = w.toLowerCase();
    if (w === lower) return false;
    const capital = w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
    return set.has(lower) || (w === w.toUpperCase() && set.has(capital));
  };
  const has = (word: string): boolean => {
    const w = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/[’]/g, "'");
    if (w === '') return false;
    if (NUMBER.test(w)) return true;
    // A lone letter or digit is a speck as often as a word: only "a", "I" and "A" count.
    if (w.length === 1) return /^[aAI]$/.test(w);
    if (one(w) || one(w.replace(/'s$/i, ''))) return true;
    const parts = w.split('-');
    return parts.length > 1 && parts.every((p) => p.length > 0 && one(p));
  };
  return { has };
}

/** Numbers as a typewriter sets them: "700,000", "1938", "14th", "(b)". */
export const NUMBER = /^(?:\d{1,3}(?:,\d{3})+|\d{2,}|\d+(?:st|nd|rd|th|s)|\d+[.,]\d+)$/;


/** A word's relative frequency in the language (0 for a word the counts never saw), and the least a counted word has. */
export interface Frequency {
  of: (word: string) => number;
  floor: number;
}

/** `frequencyLines`' table (a total, then "word count" sorted by word) as a Frequency, searched in halves. */
export function frequencyTable(lines: readonly string[]): Frequency {
  const total = Number(lines[0]);
  const rows = lines.slice(1);
  const wordAt = (i: number) => rows[i]!.slice(0, rows[i]!.lastIndexOf(' '));
  return {
    of: (word) => {
      const w = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').replace(/[’]/g, "'").toLowerCase();
      let [lo, hi] = [0, rows.length - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = wordAt(mid);
        if (at === w) return Number(rows[mid]!.slice(at.length + 1)) / total;
        if (at < w) lo = mid + 1;
        else hi = mid - 1;
      }
      return 0;
    },
    floor: 1 / total,
  };
}
