// The noise model's cost on telegram 511 with its OCR cached: learning it (lexicon set, name share,
// channel from the run's aligned pairs), and the whole apparatus stage with and without it; medians of 5.
// Prints JSON. Usage: node bench/noise.mjs   (after npm run build, with 511's OCR in .collate-cache)
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(ROOT);
const { readDocument } = await import(path.join(ROOT, 'dist/commands/common.js'));
const { buildApparatus } = await import(path.join(ROOT, 'dist/apparatus.js'));
const { parseEdition } = await import(path.join(ROOT, 'dist/edition.js'));
const { dictionaryWords } = await import(path.join(ROOT, 'dist/lexicon.js'));
const { readFileSync } = await import('node:fs');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t0 = performance.now();
const dictionary = await dictionaryWords();
const loadMs = performance.now() - t0;
const { pages } = await readDocument('511', { cache: '.collate-cache' });
const parsed = parseEdition(readFileSync('transcripts/511.txt', 'utf8'));
const input = { document: '511', edition: { file: 'transcripts/511.txt', parsed }, scan: { folder: 'scans/511', pages }, partial: false };
const learn = [];
const withModel = [];
const without = [];
let channel;
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  buildApparatus({ ...input, dictionary, onLearn: (ms, model) => { learn.push(ms); channel = model.channel; } });
  withModel.push(performance.now() - t);
  t = performance.now();
  buildApparatus(input);
  without.push(performance.now() - t);
}
console.log(JSON.stringify({
  dictionaryLoadMs: Math.round(loadMs),
  learnMs: Number(median(learn).toFixed(1)),
  pairs: channel.pairs,
  misread: channel.errors,
  topConfusions: channel.confusions.slice(0, 8).map((c) => `${c.from}→${c.to} ${c.count}`),
  apparatusMs: { withNoiseModel: Math.round(median(withModel)), without: Math.round(median(without)) },
}, null, 2));
