/**
 * An English lexicon (Hunspell's en_US, from `dictionary-en`, read by `nspell`), loaded once and only when
 * a page is in doubt: loading takes about a second.
 */
let lexicon: Promise<(word: string) => boolean> | undefined;

export function englishLexicon(): Promise<(word: string) => boolean> {
  lexicon ??= Promise.all([import('nspell'), import('dictionary-en')]).then(([{ default: nspell }, { default: dictionary }]) => {
    // dictionary-en gives Uint8Arrays; nspell's types ask for Buffers, which read them the same.
    const spell = nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
    return (word: string) => spell.correct(word);
  });
  return lexicon;
}
