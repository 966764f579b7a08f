// Scores `collate run` on real despatches against editions with planted differences:
// ../shared/real/ehri/editions/ (dr0125, dr0712) and their gold_<doc>.json. For each document it runs
// collate with --scans at a folder of links to the document's page images and --transcript at the edition,
// then counts (1) planted differences found with the gold's type, and (2) of the entries typed substantive,
// garble or editorial, how many are planted (entries matching the gold's `ignore` patterns are left out), and of
// the rest how many are the letter's frame and how many the edition's own slips, checked on the page (SLIPS).
// Skips with a message when ../shared is absent. Usage: node bench/editions.mjs [--cache-dir DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const REAL = path.resolve(ROOT, '..', 'shared', 'real', 'ehri');
const DOCS = { dr0125: 'EHRI-DR-19390125-US', dr0712: 'EHRI-DR-19400712-US' };
const CLAIMED = ['substantive', 'garble', 'editorial'];

if (!fs.existsSync(path.join(REAL, 'editions'))) {
  console.error(`bench/editions: ${REAL}/editions is not here; nothing to score`);
  process.exit(0);
}
const at = process.argv.indexOf('--cache-dir');
const cache = at !== -1 ? process.argv[at + 1] : path.join(os.tmpdir(), 'collate-editions-cache');

const flat = (s) => s.replace(/\s+/g, ' ').replace(/[’]/g, "'").trim();
const words = (s) => flat(s).toLowerCase().split(' ').map((w) => w.replace(/^[^\p{L}\p{N}[]+|[^\p{L}\p{N}\]?]+$/gu, '')).filter(Boolean);
const holds = (text, part) => part === '' || words(text).join(' ').includes(words(part).join(' '));

/**
 * Differences between a page and its edition that are real but not planted: slips of the ground truth the
 * edition was made from, each checked on the page image (crop named). They are real differences, which a good
 * apparatus reports; the bench counts them apart from the planted ones and from OCR's misreadings.
 */
const SLIPS = {
  dr0125: [
    { lemma: 'of', reading: '', page: '2', seen: 'page 2, x 160-520 y 2900-2980: the page types "tions----all these form"; the ground truth reads "all of these"' },
    { lemma: 'Rumanians', reading: 'Rumanian', page: '4', seen: 'page 4, x 820-1070 y 2360-2420: the page types "150,000 Rumanian Jews"; the ground truth reads "Rumanians Jews"' },
  ],
  dr0712: [{ lemma: 'results', reading: 'result', page: '2', seen: 'page 2, x 670-840 y 1870-1915: the page types "The result has been"; the ground truth reads "The results has been"' }],
};

const results = {};
for (const [doc, prefix] of Object.entries(DOCS)) {
  const scans = fs.mkdtempSync(path.join(os.tmpdir(), `collate-${doc}-`));
  for (const f of fs.readdirSync(path.join(REAL, 'pages')).filter((f) => f.startsWith(prefix) && f.endsWith('.jpg'))) fs.symlinkSync(path.join(REAL, 'pages', f), path.join(scans, f));
  const edition = path.join(REAL, 'editions', `${doc}.txt`);
  const gold = JSON.parse(fs.readFileSync(path.join(REAL, 'editions', `gold_${doc}.json`), 'utf8'));
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/collate.js'), 'run', doc, '--scans', scans, '--transcript', edition, '--cache-dir', cache, '--format', 'json'], { cwd: ROOT, maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const apparatus = JSON.parse(out);
  const ignored = (e) => gold.ignore.some((p) => new RegExp(p).test(flat(e.lemma)) || new RegExp(p).test(flat(e.reading)));
  // A planted difference is found when an entry holds its edition side in the lemma and its scan side in
  // the reading (or in the words the noise model believes the page holds), typed as the gold says.
  const matches = (e, k) => holds(e.lemma, k.frus) && (holds(e.reading, k.scan) || holds(e.evidence?.believed ?? '', k.scan)) && (k.frus !== '' || k.scan !== '' ) && (words(k.frus).length > 0 ? words(e.lemma).length <= words(k.frus).length + 3 : true) && (words(k.scan).length > 0 ? true : words(e.reading).length <= 3);
  const found = gold.key.map((k) => {
    const entry = apparatus.entries.find((e) => matches(e, k));
    return { ...k, entry: entry ? `${entry.type}${entry.subtype ? `/${entry.subtype}` : ''} ${JSON.stringify(entry.lemma)} | ${JSON.stringify(entry.reading)}` : null, typed: entry?.type === k.kind };
  });
  const claimed = apparatus.entries.filter((e) => CLAIMED.includes(e.type) && !ignored(e));
  const planted = claimed.filter((e) => gold.key.some((k) => matches(e, k)));
  const counts = {};
  for (const e of apparatus.entries) counts[e.type] = (counts[e.type] ?? 0) + 1;
  results[doc] = {
    planted: gold.key.length,
    foundTyped: found.filter((f) => f.typed).length,
    claimed: claimed.length,
    claimedPlanted: planted.length,
    precision: claimed.length ? planted.length / claimed.length : 1,
    // Of the claims not planted, those that are the edition's own slips (SLIPS), real differences all the same.
    slips: claimed.filter((e) => !planted.includes(e) && (SLIPS[doc] ?? []).some((k) => flat(e.lemma) === k.lemma && flat(e.reading) === k.reading && e.page === k.page)).length,
    // Of the claims not planted, those typed as the letter's frame (date line, address the edition leaves out).
    frame: claimed.filter((e) => !planted.includes(e) && e.subtype === 'frame').length,
    counts,
    missed: found.filter((f) => !f.typed).map((f) => `${f.kind} ${JSON.stringify(f.frus)} | ${JSON.stringify(f.scan)}: ${f.entry ?? 'no entry'}`),
    spurious: claimed.filter((e) => !planted.includes(e)).map((e) => `${e.type}/${e.subtype ?? ''} ${JSON.stringify(flat(e.lemma))} | ${JSON.stringify(flat(e.reading))} p.${e.page} conf ${e.scan.confidence} [${e.rule}]`),
  };
  fs.rmSync(scans, { recursive: true });
}
console.log(JSON.stringify(results, null, 2));
