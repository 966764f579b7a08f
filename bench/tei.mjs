// FRUS's own TEI of telegram 511 (../shared/real/frus/d475.xml, not part of the project) against the
// bundled scans: the exact entries collate should type garble, editorial or substantive, the places where
// this TEI reads as the scan and nothing may be reported, precision, and the time to read the TEI.
//
// The file is public domain but stays outside the repository, so `npm test` cannot depend on it: this
// script skips, with a message, where it is absent. It OCRs the 19 pages unless .collate-cache holds
// them. Writes the figures into BENCHMARKS.md between the bench:tei markers; exits 1 when the entries are
// not the expected ones.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TEI = path.resolve(ROOT, '../shared/real/frus/d475.xml');
const START = '<!-- bench:tei:start -->';
const END = '<!-- bench:tei:end -->';
const log = (msg) => process.stderr.write(`[bench:tei] ${msg}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!fs.existsSync(TEI)) {
  log(`skipped: ${TEI} is not here (it is kept outside the repository; see ../shared/real/README.md)`);
  process.exit(0);
}

// Every difference between the scans and this TEI that is really there, with the verdict on each.
const EXPECTED = [
  // The edition's opener (classification, place and date, "[Received …]") against the scan's address and
  // date line; the telegram's number "511." stands in the edition's first paragraph.
  ['editorial', 'frame', 'secret\nMoscow, February 22, 1946—9 p.m.\n[Received February 22—3:52 p.m.]\n\n511.', 'Secretary of State,\nWashington.\n511, February 22, 9 p.m.'],
  ['editorial', 'supplied', '[13]', ''],
  ['substantive', 'change', 'There', 'HERE'], // "There follows" / "HERE FOLLOWS"
  ['editorial', 'conjecture', '[by?]', ''],
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['substantive', 'change', 'sec', 'see'], // the TEI's misprint of "see"
  ['substantive', 'change', 'these', 'those'], // "these nations": the TEI against the scan
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['editorial', 'correction', 'of [on]', 'of'],
  ['editorial', 'supplied', '[)]', ''],
  ['substantive', 'omission', 'root.', ''],
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['garble', 'omission', '[apparent omission]', '(*)'],
  ['editorial', 'heading', 'Part 5: [Practical Deductions From Standpoint of US Policy]', 'PART FIVE:'],
  ['editorial', 'correction', 'in [is]', 'is'],
  ['substantive', 'change', 'same', 'some'],
  ['editorial', 'conjecture', '[ugliness?]', 'fglinness'],
];

// Where this TEI reads as the scan (the seed's FRUS text does not): no entry of any type may touch the word.
const SAME = [
  ['Falseness of these premises', 'these'],
  ['For these reasons', 'these'],
  ['for sacrifices they felt', 'sacrifices'],
  ['put forward a dogma which', 'a dogma'],
  ['security, and to replace', 'and to'],
];

const { run } = await import(path.join(ROOT, 'dist/commands/run.js'));
const { parseTeiEdition } = await import(path.join(ROOT, 'dist/tei-edition.js'));
const xml = fs.readFileSync(TEI, 'utf8');
// Wall time and this process's CPU time: on a shared machine the first is the load, the second the work.
const times = [];
for (let i = 0; i < 6; i++) {
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  parseTeiEdition(xml, { file: 'd475.xml' });
  const c = process.cpuUsage(c0);
  times.push({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 });
}
const cold = times[0];
const warm = { wall: median(times.slice(1).map((t) => t.wall)), cpu: median(times.slice(1).map((t) => t.cpu)) };
const load = os.loadavg()[0];

process.chdir(ROOT);
const { apparatus, parsed } = await run('511', { transcript: TEI, format: 'json', decisions: false, log });
const typed = apparatus.entries.filter((e) => ['garble', 'editorial', 'substantive'].includes(e.type));
const got = typed.map((e) => [e.type, e.subtype ?? '', e.lemma, e.reading]);
const key = (x) => JSON.stringify(x);
const missing = EXPECTED.filter((x) => !got.some((g) => key(g) === key(x)));
const extra = got.filter((g) => !EXPECTED.some((x) => key(g) === key(x)));
const exact = missing.length === 0 && extra.length === 0 && got.length === EXPECTED.length;

const touched = SAME.map(([phrase, word]) => {
  const flat = parsed.text.replace(/\s+/g, ' ');
  const at = flat.indexOf(phrase);
  if (at === -1) return { phrase, found: false, entries: [] };
  const start = at + phrase.indexOf(word);
  const entries = apparatus.entries.filter((e) => e.edition.start < start + word.length && start < e.edition.end);
  return { phrase, found: true, entries };
});
const headingsOrNotes = apparatus.entries.filter((e) => parsed.marks.some((m) => m.kind === 'heading' && m.subkind === 'document' && e.edition.start < m.end) || e.edition.start >= (parsed.notes[0]?.start ?? Infinity));
const counts = Object.fromEntries(['garble', 'editorial', 'substantive', 'accidental', 'ocr'].map((t) => [t, apparatus.entries.filter((e) => e.type === t).length]));
const trueOnes = typed.filter((e) => EXPECTED.some((x) => key(x) === key([e.type, e.subtype ?? '', e.lemma, e.reading]))).length;

const show = (s) => (s === '' ? '—' : `"${s.replace(/\s+/g, ' ')}"`);
const lines = [
  START,
  `Measured on ${new Date().toISOString().slice(0, 10)} by \`node bench/tei.mjs\`: \`collate run 511 --transcript ../shared/real/frus/d475.xml\` on the bundled scans (OCR cached).`,
  '',
  `- Reading the TEI (validate, parse, map; ${xml.length.toLocaleString('en')} characters): first call ${cold.wall.toFixed(0)} ms wall, ${cold.cpu.toFixed(0)} ms CPU; warm (median of 5) ${warm.wall.toFixed(0)} ms wall, ${warm.cpu.toFixed(0)} ms CPU; ${os.cpus().length} cores, load average ${load.toFixed(1)}.`,
  `- Entries: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}.`,
  `- Typed garble, editorial or substantive: ${typed.length}, of which ${trueOnes} are the expected true differences (precision ${((trueOnes / Math.max(1, typed.length)) * 100).toFixed(0)}%); expected ${EXPECTED.length}, missing ${missing.length}.`,
  `- Where this TEI reads as the scan: ${touched.map((t) => `"${t.phrase}" ${!t.found ? 'NOT FOUND' : t.entries.length === 0 ? 'nothing reported' : `${t.entries.length} entr(y/ies)`}`).join('; ')}.`,
  `- Entries in the heading or the notes: ${headingsOrNotes.length}.`,
  '',
  '| type | lemma (TEI) | reading (scan) | TEI line:col |',
  '| --- | --- | --- | --- |',
  ...typed.map((e) => `| ${e.type}/${e.subtype ?? ''} | ${show(e.lemma)} | ${show(e.reading)} | ${e.edition.line}:${e.edition.column} |`),
  END,
];
const report = lines.join('\n');
process.stdout.write(`${report}\n`);
if (missing.length > 0) log(`missing: ${missing.map(key).join(' ')}`);
if (extra.length > 0) log(`not expected: ${extra.map(key).join(' ')}`);

const file = path.join(ROOT, 'BENCHMARKS.md');
const text = fs.readFileSync(file, 'utf8');
const section = `\n## FRUS's TEI as the edition: \`collate run 511 --transcript d475.xml\`\n\n${report}\n`;
fs.writeFileSync(file, text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), report) : `${text.trimEnd()}\n${section}`);
process.exit(exact && touched.every((t) => t.found && t.entries.length === 0) && headingsOrNotes.length === 0 ? 0 : 1);
