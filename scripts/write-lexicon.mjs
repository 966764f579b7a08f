// Writes the English dictionary's expanded word forms to dist/lexicon/en.txt, so that a run reads them in
// tens of milliseconds instead of expanding Hunspell's affix rules (most of a second) every time; and the
// words' frequencies in spoken English to dist/lexicon/en-frequency.txt, compact and sorted, for the same reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expandDictionary, frequencyLines } from '../dist/lexicon.js';

const words = await expandDictionary();
mkdirSync(new URL('../dist/lexicon/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/lexicon/en.txt', import.meta.url), words.join('\n'));
writeFileSync(new URL('../dist/lexicon/en-frequency.txt', import.meta.url), (await frequencyLines()).join('\n'));
