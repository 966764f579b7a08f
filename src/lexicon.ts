/**
 * The dictionary the noise model checks words against: Hunspell's English (`dictionary-en`) expanded by
 * `nspell` into every form it allows. Expanding takes most of a second, so `npm run build` writes the forms
 * once to `dist/lexicon/en.txt`; without that file (running from source) they are expanded here.
 */
import { promises as fs } from 'node:fs';

let loaded: Promise<string[]> | undefined;

/** Every word form of the English dictionary; read once per process. */
export function dictionaryWords(): Promise<string[]> {
  loaded ??= (async () => {
    try {
      return (await fs.readFile(new URL('./lexicon/en.txt', import.meta.url), 'utf8')).split('\n');
    } catch {
      return expandDictionary();
    }
  })();
  return loaded;
}

/** The dictionary's word forms, expanded from its affix rules by nspell. */
export async function expandDictionary(): Promise<string[]> {
  const [{ default: dictionary }, { default: nspell }] = await Promise.all([import('dictionary-en'), import('nspell')]);
  const speller = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  // nspell keeps every form it expanded in `data` (word → flags) and has no public way to list them.
  return Object.keys((speller as unknown as { data: Record<string, unknown> }).data);
}
