// OCR benchmark: `collate ocr 511` against the native tesseract CLI on the same 19 pages.
//
// Measures, per run: cold collate (--no-cache --jobs 2) wall time and peak RSS with the default engine
// and model, with the other model, and with `--engine native` (with the default model, and with the other one,
// which for a default of best is tessdata_fast: the native CLI's own model); native `tesseract <img> stdout` over the
// 19 pages, two at a time, OMP_THREAD_LIMIT=1 (same concurrency as --jobs 2); warm collate (cache filled
// beforehand in a temp dir) wall time.
// Reports medians over --runs N (default 3) because single timings on a shared machine are
// noisy and the median ignores one outlier run; cold/native order alternates between runs.
// Writes the figures to BENCHMARKS.md between the bench:ocr markers. Run with `npm run bench`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSection } from './benchmarks-md.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SCANS = path.join(ROOT, 'scans', '511');
const COLLATE = path.join(ROOT, 'bin', 'collate.js');
const START = '<!-- bench:ocr:start -->';
const END = '<!-- bench:ocr:end -->';
const TARGETS = { ratio: 1.5, nativeRatio: 1.15, warmS: 1.0, rssMB: 1.5 * 1024 };
const { DEFAULT_OCR } = await import(path.join(ROOT, 'dist', 'defaults.js'));
const OTHER_MODEL = DEFAULT_OCR.model === 'fast' ? 'best' : 'fast';

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const sh = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';

function parseRuns(argv) {
  const i = argv.indexOf('--runs');
  if (i === -1) return 3;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) { log(`--runs needs a positive integer, got ${argv[i + 1]}`); process.exit(1); }
  return n;
}

// 1. Native tesseract must exist; install it if missing.
function ensureTesseract() {
  if (has('tesseract')) return;
  log('tesseract not on PATH; installing tesseract-ocr with apt-get');
  const root = process.getuid?.() === 0;
  const [cmd, args] = !root && has('sudo')
    ? ['sudo', ['apt-get', 'install', '-y', 'tesseract-ocr']]
    : ['apt-get', ['install', '-y', 'tesseract-ocr']];
  let r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    log('install failed; refreshing the package lists and trying again');
    const update = !root && has('sudo') ? ['sudo', ['apt-get', 'update']] : ['apt-get', ['update']];
    spawnSync(update[0], update[1], { stdio: ['ignore', 'inherit', 'inherit'] });
    r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (r.status !== 0 || !has('tesseract')) {
    log('could not install tesseract-ocr (try `apt-get update` first, or install it by hand); stopping');
    process.exit(2);
  }
}

// Run a command with stdout discarded; resolve with wall seconds (hrtime) and its exit result.
function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`));
      else resolve(seconds);
    });
  });
}

// Time a collate invocation; with GNU time also its peak RSS (KB -> MB). Wall time is
// GNU time's %e when available, else hrtime around the spawn.
async function timeCollate(args, gnuTime) {
  const full = [COLLATE, 'ocr', '511', ...args];
  if (!gnuTime) return { seconds: await run(process.execPath, full), rssMB: null };
  const out = path.join(os.tmpdir(), `collate-bench-time-${process.pid}.txt`);
  await run('/usr/bin/time', ['-f', '%e %M', '-o', out, process.execPath, ...full]);
  const [e, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  fs.rmSync(out, { force: true });
  return { seconds: e, rssMB: m / 1024 };
}

// 19 page images, a pool of 2 workers, one tesseract process per image.
async function timeNative(images) {
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const queue = [...images];
  const t0 = process.hrtime.bigint();
  const worker = async () => { while (queue.length) await run('tesseract', [queue.shift(), 'stdout'], env); };
  await Promise.all([worker(), worker()]);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x, d = 2) => (x == null ? 'n/a' : x.toFixed(d));
const met = (ok) => (ok == null ? 'not measured' : ok ? 'met' : 'not met');

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: sh('nproc') || String(os.availableParallelism()),
    cpu: cpu.trim(),
    memGB: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    tesseract: sh('tesseract', ['--version']).split('\n')[0] || 'unknown',
    load: os.loadavg().map((x) => x.toFixed(1)).join(' '),
  };
}

function render(results, m, gnuTime, date) {
  const med = (key) => median(results.map((r) => r[key]));
  const ratio = (key) => median(results.map((r) => r[key] / r.native));
  const rss = gnuTime ? results.flatMap((r) => [r.coldRssMB, r.otherRssMB, r.engineNativeRssMB, r.engineNativeOtherRssMB]) : null;
  const rssMed = rss && median(rss), rssMax = rss && Math.max(...rss);
  const spread = (key) => { const xs = results.map((r) => r[key] / r.native); return `${f(Math.min(...xs))}–${f(Math.max(...xs))}`; };
  const rows = [
    '| Measure | Median | Spread over runs | Target | Status |', '|---|---|---|---|---|',
    `| Cold collate (s), \`--no-cache --jobs 2\` (default: \`--engine ${DEFAULT_OCR.engine} --model ${DEFAULT_OCR.model}\`) | ${f(med('cold'))} | | | |`,
    `| Native tesseract, 19 pages, pool of 2 (s) | ${f(med('native'))} | | | |`,
    `| Ratio collate (default) / native | ${f(ratio('cold'))} | ${spread('cold')} | ≤ ${f(TARGETS.ratio, 2)} | ${met(ratio('cold') <= TARGETS.ratio)} |`,
    `| Cold collate (s), \`--engine native\` | ${f(med('engineNative'))} | | | |`,
    `| Ratio collate --engine native / native | ${f(ratio('engineNative'))} | ${spread('engineNative')} | ≤ ${f(TARGETS.nativeRatio, 2)} | ${met(ratio('engineNative') <= TARGETS.nativeRatio)} |`,
    `| Cold collate (s), \`--engine native --model ${OTHER_MODEL}\` | ${f(med('engineNativeOther'))} | | | |`,
    `| Ratio collate --engine native --model ${OTHER_MODEL} / native | ${f(ratio('engineNativeOther'))} | ${spread('engineNativeOther')} | | |`,
    `| Cold collate (s), \`--model ${OTHER_MODEL}\` | ${f(med('other'))} | | | |`,
    `| Ratio collate --model ${OTHER_MODEL} / native | ${f(ratio('other'))} | ${spread('other')} | | |`,
    `| Warm collate (s), filled cache | ${f(med('warm'))} | | ≤ ${f(TARGETS.warmS, 1)} | ${met(med('warm') <= TARGETS.warmS)} |`,
    `| Peak RSS cold collate, all four (MB), median / max | ${f(rssMed, 0)} / ${f(rssMax, 0)} | | max ≤ ${f(TARGETS.rssMB, 0)} (1.5 GB) | ${met(rss && rssMax <= TARGETS.rssMB)} |`,
    '', `| Run | Order | Cold (s) | Native (s) | Ratio | --engine native (s) | Ratio | --engine native --model ${OTHER_MODEL} (s) | Ratio | --model ${OTHER_MODEL} (s) | Ratio | Warm (s) | Peak RSS (MB) |`, '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r, i) => `| ${i + 1} | ${r.order} | ${f(r.cold)} | ${f(r.native)} | ${f(r.cold / r.native)} | ${f(r.engineNative)} | ${f(r.engineNative / r.native)} | ${f(r.engineNativeOther)} | ${f(r.engineNativeOther / r.native)} | ${f(r.other)} | ${f(r.other / r.native)} | ${f(r.warm)} | ${f(Math.max(r.coldRssMB ?? 0, r.otherRssMB ?? 0, r.engineNativeRssMB ?? 0, r.engineNativeOtherRssMB ?? 0), 0)} |`),
  ];
  const section = [
    START, '## OCR: `collate ocr 511` vs native tesseract', '',
    'Command: `npm run bench`', '', `Date: ${date}`, '',
    `Machine: nproc ${m.nproc}; CPU ${m.cpu}; memory ${m.memGB} GiB; Node ${m.node}; ${m.tesseract}; load average at the start ${m.load}`, '',
    `Runs: ${results.length}. Medians over runs, each ratio taken within its run; the order of the five timings alternates between runs. Peak RSS is GNU time \`%M\` (KB / 1024) of the collate process, ` +
      `which holds the tesseract.js worker threads (with \`--engine native\`, the tesseract processes are not counted: each holds about one page).${gnuTime ? '' : ' GNU time was not available: memory not measured, wall time from Node hrtime.'}`, '',
    ...rows, END,
  ].join('\n');
  return { section, table: rows.join('\n') };
}

function writeBenchmarks(section, start, end) {
  log(`wrote ${path.relative(ROOT, writeSection(ROOT, start, end, section))}`);
}

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  ensureTesseract();
  const tv = spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' });
  const gnuTime = /GNU/.test(`${tv.stdout ?? ''}${tv.stderr ?? ''}`);
  if (!gnuTime) log('GNU /usr/bin/time not found: measuring wall time only');
  const images = fs.readdirSync(SCANS).filter((n) => /^page-\d+\.jpg$/.test(n)).sort().map((n) => path.join(SCANS, n));
  log(`${images.length} images in ${path.relative(ROOT, SCANS)}; ${runs} run(s)`);
  const date = new Date().toISOString();
  const results = [];
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'collate-bench-cache-'));
  for (let i = 0; i < runs; i++) {
    const r = { order: i % 2 === 0 ? 'cold, native, --engine native, --engine native other model, other model' : 'reversed' };
    const cold = (key, label, extra) => async () => {
      log(`run ${i + 1}/${runs}: cold collate ${label}`);
      const c = await timeCollate(['--no-cache', '--jobs', '2', ...extra], gnuTime);
      r[key] = c.seconds; r[`${key}RssMB`] = c.rssMB;
      log(`run ${i + 1}/${runs}: ${label} ${f(c.seconds)} s, peak RSS ${f(c.rssMB, 0)} MB`);
    };
    const native = async () => {
      log(`run ${i + 1}/${runs}: native tesseract`);
      r.native = await timeNative(images);
      log(`run ${i + 1}/${runs}: native ${f(r.native)} s`);
    };
    const steps = [
      cold('cold', 'default', []),
      native,
      cold('engineNative', '--engine native', ['--engine', 'native']),
      cold('engineNativeOther', `--engine native --model ${OTHER_MODEL}`, ['--engine', 'native', '--model', OTHER_MODEL]),
      cold('other', `--model ${OTHER_MODEL}`, ['--model', OTHER_MODEL]),
    ];
    for (const step of i % 2 === 0 ? steps : steps.reverse()) await step();
    log(`run ${i + 1}/${runs}: filling warm cache in ${cache}`);
    await run(process.execPath, [COLLATE, 'ocr', '511', '--cache-dir', cache]);
    r.warm = (await timeCollate(['--cache-dir', cache], gnuTime)).seconds;
    log(`run ${i + 1}/${runs}: warm ${f(r.warm)} s`);
    results.push(r);
  }
  try {
    const { section, table } = render(results, machine(), gnuTime, date);
    writeBenchmarks(section, START, END);
    // --skip-eval: the timings alone (the eval runs cold OCR three more times a document).
    const quality = process.argv.includes('--skip-eval') ? { table: '' } : await measureQuality(cache, date);
    if (quality.section) writeBenchmarks(quality.section, EVAL_START, EVAL_END);
    process.stdout.write(`${table}\n\n${quality.table}\n`);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}

const EVAL_START = '<!-- bench:eval:start -->';
const EVAL_END = '<!-- bench:eval:end -->';

/** `collate eval` on both telegrams with both engines: what the OCR targets are measured by. */
async function measureQuality(cache, date) {
  const rows = ['| Document | Engine and model | Body CER | Body WER | Boilerplate lines in body | Noise lines in body | Body words lost |', '|---|---|---|---|---|---|---|'];
  const variants = ['| Document | Engine and model | Garbles found | Editorial found | Substantive found | Variant entries in the gold |', '|---|---|---|---|---|---|'];
  for (const id of ['511', '878']) {
    for (const [engine, args] of [[`${DEFAULT_OCR.engine} ${DEFAULT_OCR.model} (default)`, []], [`${DEFAULT_OCR.engine} ${OTHER_MODEL}`, ['--model', OTHER_MODEL]], [`native ${DEFAULT_OCR.model}`, ['--engine', 'native']], ['legacy', ['--engine', 'legacy']]]) {
      log(`eval ${id} ${args.join(' ')}`);
      const out = spawnSync(process.execPath, [COLLATE, 'eval', id, '--json', ...args, '--cache-dir', cache], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (out.status !== 0) throw new Error(`collate eval ${id} failed:\n${out.stderr}`);
      const report = JSON.parse(out.stdout);
      const t = report.total;
      const a = report.apparatus;
      if (a) variants.push(`| ${id} | ${engine} | ${a.garble.found} of ${a.garble.gold} | ${a.editorial.found} of ${a.editorial.gold} | ${a.substantive.found} of ${a.substantive.gold} (${(a.substantive.recall * 100).toFixed(1)}%) | ${a.precision.inGold} of ${a.precision.reported} (${(a.precision.rate * 100).toFixed(1)}%) |`);
      const pct = (x) => `${(x * 100).toFixed(2)}%`;
      rows.push(`| ${id} | ${engine} | ${pct(t.cer.rate)} (${t.cer.errors}/${t.cer.length}) | ${pct(t.wer.rate)} (${t.wer.errors}/${t.wer.length}) | ${t.leakedLines} | ${t.noiseLines} | ${t.lostWords} of ${t.bodyWords} (${pct(t.lostRate)}) |`);
    }
  }
  const section = [
    EVAL_START, '## OCR and stripping quality: `collate eval`', '',
    'Command: `npm run bench` (runs `collate eval <id> --json [--engine E] [--model M]` on the facsimiles in `scans/`)', '',
    `Date: ${date}`, '', 'Targets: body CER ≤ 0.5%; no boilerplate line in the body; ≤ 0.1% of body words lost.', '',
    ...rows, '',
    'The apparatus made from this OCR, against the hand-typed gold (`fixtures/511/apparatus.gold.json`). Targets: every garble and editorial intervention found and typed; ≥ 95% of substantive variants found; ≥ 95% of entries typed substantive, garble or editorial in the gold.', '',
    ...variants, EVAL_END,
  ].join('\n');
  return { section, table: [...rows, '', ...variants].join('\n') };
}

main().catch((err) => { log(err.stack ?? String(err)); process.exit(1); });
