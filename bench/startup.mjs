// Start-up: how long the command line takes before it does any work, and a warm run.
//
// Times, from process start to exit: `node bin/collate.js --help`; `node bin/collate.js run 511` and
// `npx collate run 511` with the OCR cache filled (the project's own `.collate-cache`, filled first with
// `collate ocr 511` if it is not). Medians and the spread over --runs N (default 7): the machine is shared.
// Writes the figures into BENCHMARKS.md between the bench:startup markers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSection } from './benchmarks-md.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const COLLATE = path.join(ROOT, 'bin', 'collate.js');
const START = '<!-- bench:startup:start -->';
const END = '<!-- bench:startup:end -->';
const TARGETS = { help: 0.3, warm: 1.0 };
const log = (msg) => process.stderr.write(`[bench:startup] ${msg}\n`);
const i = process.argv.indexOf('--runs');
const runs = i === -1 ? 7 : Number(process.argv[i + 1]);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x) => x.toFixed(2);

/** Wall seconds, and CPU seconds (user + system, from GNU time), of one run; CPU time is less swayed by other work on the machine. */
function time(cmd, args) {
  const out = path.join(os.tmpdir(), `collate-bench-startup-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  const [user, system] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  fs.rmSync(out, { force: true });
  return { wall, cpu: user + system };
}

log('filling the OCR cache for 511 (warm if it is already)');
time(process.execPath, [COLLATE, 'ocr', '511']);
const measures = [
  ['`node bin/collate.js --help`', process.execPath, [COLLATE, '--help'], TARGETS.help],
  ['`node bin/collate.js run 511`, warm', process.execPath, [COLLATE, 'run', '511', '--format', 'json'], TARGETS.warm],
  ['`npx collate run 511`, warm', 'npx', ['collate', 'run', '511', '--format', 'json'], TARGETS.warm],
];
const rows = ['| Measure (s) | Wall, median | Wall, spread | CPU, median | Target (wall) | Status |', '|---|---|---|---|---|---|'];
for (const [name, cmd, args, target] of measures) {
  const ts = [];
  for (let n = 0; n < runs; n++) ts.push(time(cmd, args));
  const xs = ts.map((t) => t.wall);
  log(`${name}: wall ${xs.map(f).join(' ')}; cpu ${ts.map((t) => f(t.cpu)).join(' ')}`);
  rows.push(`| ${name} | ${f(median(xs))} | ${f(Math.min(...xs))}–${f(Math.max(...xs))} | ${f(median(ts.map((t) => t.cpu)))} | ≤ ${f(target)} | ${median(xs) <= target ? 'met' : 'not met'} |`);
}
const section = [
  START, '## Start-up: `--help` and a warm run', '', 'Command: `node bench/startup.mjs` (part of `npm run bench`)', '', `Date: ${new Date().toISOString()}`, '',
  `Machine: ${os.availableParallelism()} cores; Node ${process.version}; load average at the start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}. Runs: ${runs} of each, from process start to exit. For scale: \`node -e 0\` took ${f(median(Array.from({ length: runs }, () => time(process.execPath, ['-e', '0']).wall)))} s (median) on the same machine.`, '',
  'bin/collate.js loads the command line as rolldown bundled it (`dist/cli.bundle.js` and its chunks, a few files instead of about 150). Each command\'s chunk is loaded when it runs, and with it what it needs: `--help` loads commander alone; a warm run reads image headers with image-size and loads neither sharp, tesseract.js, MuPDF, the XML libraries, nor the lock and atomic-write libraries it needs only on a cache miss or a write.', '',
  ...rows, END,
].join('\n');
writeSection(ROOT, START, END, section);
process.stdout.write(`${rows.join('\n')}\n`);
