// Real scans: `collate eval` on the EHRI pages in ../shared/real/ehri/pages (real typewritten scans with
// other people's ALTO ground truth beside them), collate against native tesseract, per page and in total,
// with each page's cold reading time. Writes BENCHMARKS.md between the bench:real markers.
//
// Where ../shared/real is absent (a fresh clone outside this workplace) it says so and leaves the section
// as it is. Each page, one at a time, all in one fresh cache folder:
//   1. `collate eval --pages i --jobs 1` on the empty cache: collate's cold time, the whole command
//      (Node and one tesseract.js worker started for the page), as a user reading one page would see it;
//   2. `tesseract IMAGE stdout -l eng hocr`, one thread: native tesseract's cold time;
//   3. `collate eval --pages i --baseline tesseract`, which reads the page with tesseract again into the cache.
// The figures are then one `collate eval --baseline tesseract --json` on all pages, from that cache.
//   node bench/real.mjs [--real DIR] [--pages RANGE]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSection } from './benchmarks-md.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const COLLATE = path.join(ROOT, 'bin', 'collate.js');
const START = '<!-- bench:real:start -->';
const END = '<!-- bench:real:end -->';

const log = (msg) => process.stderr.write(`[bench:real] ${msg}\n`);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};

/** A command's wall time in seconds, its output discarded. */
function timed(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - t0) / 1e9) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

function collate(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [COLLATE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`collate ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`));
      else resolve({ seconds, stdout, stderr });
    });
  });
}

const pct = (x) => `${(x * 100).toFixed(2)}%`;
const ratio = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};


async function main() {
  const real = path.resolve(ROOT, arg('--real', path.join('..', 'shared', 'real', 'ehri', 'pages')));
  if (!fs.existsSync(real)) {
    log(`skipped: ${real} is not there (the real scans live outside the repository); the "Real scans" section of BENCHMARKS.md is left as it is`);
    return;
  }
  if (spawnSync('sh', ['-c', 'command -v tesseract'], { stdio: 'ignore' }).status !== 0) {
    log('skipped: native tesseract is not installed (Debian: apt-get install tesseract-ocr); the "Real scans" section is left as it is');
    return;
  }
  const images = fs.readdirSync(real).filter((n) => /\.(jpe?g|png|tiff?)$/i.test(n)).sort(new Intl.Collator('en', { numeric: true }).compare);
  const range = arg('--pages', `1-${images.length}`);
  const [from, to] = range.split('-').map(Number);
  const positions = Array.from({ length: (to ?? from) - from + 1 }, (_, k) => from + k);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'collate-bench-real-'));
  const base = ['eval', 'real', '--scans', real, '--cache-dir', cache, '--jobs', '1', '--json'];
  const times = new Map();
  const date = new Date().toISOString();
  const load = os.loadavg()[0];
  try {
    for (const i of positions) {
      const cold = (await collate([...base, '--pages', String(i)])).seconds;
      const native = await timed('tesseract', [path.join(real, images[i - 1]), 'stdout', '-l', 'eng', 'hocr'], { ...process.env, OMP_THREAD_LIMIT: '1' });
      await collate([...base, '--pages', String(i), '--baseline', 'tesseract']);
      times.set(images[i - 1], { collate: cold, tesseract: native });
      log(`${images[i - 1]}: collate cold ${cold.toFixed(1)} s, tesseract cold ${native.toFixed(1)} s`);
    }
    const { stdout, seconds } = await collate([...base, '--pages', range, '--baseline', 'tesseract']);
    const report = JSON.parse(stdout);
    const t = report.total;
    const row = (name, s, time) => `| ${name} | ${pct(s.cer.rate)} | ${pct(s.wer.rate)} | ${s.linesLost.count}/${s.linesLost.of} | ${pct(s.leak.rate)} | ${time} |`;
    const rows = report.pages.map((p) => {
      const tm = times.get(path.basename(p.file));
      return `| ${path.basename(p.file)} | ${pct(p.collate.cer.rate)} | ${pct(p.baseline.cer.rate)} | ${pct(p.collate.wer.rate)} | ${pct(p.baseline.wer.rate)} | ${p.collate.linesLost.count}/${p.collate.linesLost.of} | ${p.baseline.linesLost.count}/${p.baseline.linesLost.of} | ${pct(p.collate.leak.rate)} | ${pct(p.baseline.leak.rate)} | ${tm.collate.toFixed(1)} | ${tm.tesseract.toFixed(1)} |`;
    });
    const cold = [...times.values()];
    const sum = (k) => cold.reduce((n, x) => n + x[k], 0);
    const section = [
      START,
      '## Real scans: `collate eval` on the EHRI pages against native tesseract',
      '',
      `Command: \`node bench/real.mjs\` (part of \`npm run bench\`); the figures are \`collate eval real --scans ../shared/real/ehri/pages --baseline tesseract${range === `1-${images.length}` ? '' : ` --pages ${range}`}\`.`,
      '',
      `Date: ${date}. Machine: ${os.availableParallelism()} cores, load average ${load.toFixed(1)} at the start (the machine is shared); ${report.baseline.engine} ${report.baseline.version}.`,
      '',
      `${report.pages.length} real typewritten pages (1938–1943) with other people's line-level ALTO ground truth, never used to tune collate: see \`../shared/real/README.md\`. ` +
        'Words are placed on ground-truth lines by their centres; CER and WER are within the ground-truth lines; lines lost are ground-truth lines with no word on them; leak is characters on no ground-truth line (stamps, handwriting, marginalia), over the ground truth\'s characters. ' +
        'tesseract is `tesseract IMAGE stdout -l eng hocr`, nothing stripped. These figures agree page by page with `../shared/real/score-reference.mjs`.',
      '',
      '| In total | CER | WER | Lines lost | Leak | Cold time per page, mean (s) |',
      '|---|---|---|---|---|---|',
      row('collate', t.collate, (sum('collate') / cold.length).toFixed(1)),
      row('native tesseract', t.baseline, (sum('tesseract') / cold.length).toFixed(1)),
      `| collate / tesseract | ${ratio(report.ratio.cer)} | ${ratio(report.ratio.wer)} | ${ratio(report.ratio.linesLost)} | ${ratio(report.ratio.leak)} | ${(sum('collate') / sum('tesseract')).toFixed(2)} |`,
      '',
      `Targets (issue "Real scans"): CER at most 0.8 × tesseract's in total and no page more than 1 point worse; lines lost at most 0.5%; leak at most 0.25%. ` +
        `Pages more than 1 point worse than tesseract: ${report.pages.filter((p) => p.collate.cer.rate - p.baseline.cer.rate > 0.01).length} of ${report.pages.length}.`,
      '',
      `Cold time: collate is one \`collate eval --pages i --jobs 1\` on an empty cache, Node and one tesseract.js worker started for the page; tesseract is \`tesseract IMAGE stdout -l eng hocr\` on the page, one thread (\`OMP_THREAD_LIMIT=1\`). Medians: collate ${median(cold.map((x) => x.collate)).toFixed(1)} s, tesseract ${median(cold.map((x) => x.tesseract)).toFixed(1)} s. All ${report.pages.length} pages from the cache, scored: ${seconds.toFixed(1)} s.`,
      '',
      '| Page | CER collate | CER tesseract | WER collate | WER tesseract | Lost collate | Lost tesseract | Leak collate | Leak tesseract | Cold s collate | Cold s tesseract |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
      END,
    ].join('\n');
    log(`wrote ${path.relative(ROOT, writeSection(ROOT, START, END, section))}`);
    process.stdout.write(`${section}\n`);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

main().catch((err) => { log(err.stack ?? String(err)); process.exit(1); });
