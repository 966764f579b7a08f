// Alignment benchmark: how the apparatus's cost grows with text length, and what 511 costs.
//
// 1. Synthetic pairs of 100, 300 and 1,000 pages (about 3,000 characters a page), and a 10 MB edition
//    against 3,000 pages, the scan side with 2% of its words edited (substituted, dropped, inserted,
//    case-changed) and the edition carrying editorial marks. Each size runs in a fresh child
//    process so its peak RSS is its own; the time is parse + align + classify + build, medians of 3.
// 2. Telegram 511 with its OCR cached: the apparatus stage alone, in process (median of 5), and a warm
//    `collate run 511` from process start to exit (median of 3).
// Writes the figures into BENCHMARKS.md between the bench:align markers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSection } from './benchmarks-md.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const START = '<!-- bench:align:start -->';
const END = '<!-- bench:align:end -->';
const log = (msg) => process.stderr.write(`[bench:align] ${msg}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === '--child') {
  // One size, measured inside this process: node bench/align.mjs --child <pages>
  const { parseEdition } = await import(path.join(ROOT, 'dist/edition.js'));
  const { buildApparatus } = await import(path.join(ROOT, 'dist/apparatus.js'));
  const { textWitness } = await import(path.join(ROOT, 'dist/witness.js'));
  const pages = Number(process.argv[3]);
  const perPage = Number(process.argv[4] ?? 3000);
  const runs = Number(process.argv[5] ?? 3);
  // mulberry32: the old `seed * 1103515245 % 2 ** 31` lost bits in floating point and fell into a short
  // cycle, so long synthetic texts repeated themselves.
  let seed = 1946;
  const random = () => {
    let t = (seed = (seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}${'abcdefgh'[i % 8]}`);
  const editionPages = [];
  const scanPages = [];
  // About one word in 60 carries the editors' matter, as FRUS texts do: a garble's "[apparent omission]"
  // where the scan has "(*)", a conjecture "[word?]" the scan lacks, a correction "word [word]".
  const word = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
  for (let p = 0; p < pages; p++) {
    const words = [];
    const scan = [];
    for (let length = 0; length < perPage; ) {
      const w = word() + (random() < 0.08 ? ',' : '');
      const r = random();
      const mark = random();
      if (mark < 0.006) {
        words.push('[apparent omission]');
        scan.push('(*)');
      } else if (mark < 0.012) words.push(`[${word()}?]`);
      words.push(w);
      if (mark >= 0.012 && mark < 0.017) words.push(`[${word()}]`);
      length += w.length + 1;
      if (r < 0.005) continue; // dropped from the scan
      if (r < 0.01) scan.push(w, word());
      else if (r < 0.015) scan.push(word());
      else if (r < 0.02) scan.push(w.toUpperCase());
      else scan.push(w);
    }
    editionPages.push(words.join(' '));
    scanPages.push(scan.join(' '));
  }
  const edition = `Secretary of State,\n${editionPages.join('\n\n')}\n`;
  const witness = `Secretary of State,\n${scanPages.join('\f')}\n`;
  const times = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const parsed = parseEdition(edition);
    const a = buildApparatus({ document: 'synthetic', edition: { file: 'e', parsed }, scan: { folder: 'w', pages: textWitness(witness, 'w') }, partial: false });
    times.push(performance.now() - t0);
    entries = a.entries.length;
  }
  process.stdout.write(JSON.stringify({ pages, chars: edition.length, ms: median(times), entries, rssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// [pages, characters a page, runs]: the last is a 10 MB edition against a 3,000-page witness, timed once.
const sizes = [[100, 3000, 3], [300, 3000, 3], [1000, 3000, 3], [3000, 3333, 1]];
const rows = [];
for (const [pages, perPage, times] of sizes) {
  log(`synthetic ${pages} pages`);
  const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', String(pages), String(perPage), String(times)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  rows.push(JSON.parse(r.stdout));
}

log('511: apparatus stage with OCR cached');
const { readDocument } = await import(path.join(ROOT, 'dist/commands/common.js'));
const { parseEdition } = await import(path.join(ROOT, 'dist/edition.js'));
const { buildApparatus } = await import(path.join(ROOT, 'dist/apparatus.js'));
process.chdir(ROOT);
const { pages } = await readDocument('511', { log: () => {} });
const text = fs.readFileSync(path.join(ROOT, 'transcripts/511.txt'), 'utf8');
const stage = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  buildApparatus({ document: '511', edition: { file: 't', parsed: parseEdition(text) }, scan: { folder: 's', pages }, partial: false });
  stage.push(performance.now() - t0);
}
log('511: warm collate run');
const warm = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/collate.js'), 'run', '511', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  warm.push((performance.now() - t0) / 1000);
}

const f = (x, d = 0) => x.toFixed(d);
const big = rows.find((r) => r.pages === 1000);
const huge = rows.at(-1);
const table = [
  '| Pages | Characters | Align + type + build (ms, median of 3; the largest once) | Entries | Peak RSS (MB) |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.pages} | ${r.chars.toLocaleString('en')} | ${f(r.ms)} | ${r.entries} | ${f(r.rssMB)} |`),
  '',
  '| Measure | Median | Target | Status |',
  '|---|---|---|---|',
  `| 1,000-page pair: time (s) | ${f(big.ms / 1000, 2)} | ≤ 10 | ${big.ms <= 10000 ? 'met' : 'not met'} |`,
  `| 1,000-page pair: peak RSS (MB) | ${f(big.rssMB)} | ≤ 1024 | ${big.rssMB <= 1024 ? 'met' : 'not met'} |`,
  `| 10 MB edition, 3,000-page witness: time (s) | ${f(huge.ms / 1000, 1)} | ≤ 60 | ${huge.ms <= 60000 ? 'met' : 'not met'} |`,
  `| 10 MB edition, 3,000-page witness: peak RSS (MB) | ${f(huge.rssMB)} | ≤ 1536 | ${huge.rssMB <= 1536 ? 'met' : 'not met'} |`,
  `| 511, apparatus stage with OCR cached (ms) | ${f(median(stage), 1)} | ≤ 100 | ${median(stage) <= 100 ? 'met' : 'not met'} |`,
  `| 511, warm \`collate run 511\` (s) | ${f(median(warm), 2)} | ≤ 1.5 | ${median(warm) <= 1.5 ? 'met' : 'not met'} |`,
];
const section = [
  START, '## Alignment and apparatus: `collate run`', '', 'Command: `npm run bench`', '', `Date: ${new Date().toISOString()}`, '',
  `Machine: ${os.availableParallelism()} cores; ${os.cpus()[0]?.model ?? 'unknown CPU'}; Node ${process.version}; load average (1 min) at the end ${os.loadavg()[0].toFixed(1)}`, '',
  'Synthetic pairs: about 3,000 characters a page (3,333 for the 10 MB edition); the scan side has 2% of its words edited, and about one word in 60 of the edition carries editorial matter (garbles, conjectures, corrections). Times cover parsing the edition, aligning, refining, typing and building the apparatus.', '',
  ...table, END,
].join('\n');
writeSection(ROOT, START, END, section);
process.stdout.write(`${table.join('\n')}\n`);
