// Where the cold-OCR time goes: one thread, page by page, CPU seconds.
//
// On a sample of 511's pages (every fourth, 5 of 19), measures in this process with tesseract.js, and with
// the native tesseract CLI (OMP_THREAD_LIMIT=1, CPU time from GNU time):
//   - collate's engine reading the whole page, with one worker: preparation, the reading, the second looks
//     at doubtful lines and the stamps;
//   - its parts, timed apart: the preparation of the page (decode, paper balance, stamp lift, median,
//     deskew), tesseract.js's reading of the prepared page with collate's parameters (LSTM, tessdata_best
//     integer), the second looks at doubtful lines, and the stamps read from their ink;
//   - tesseract.js reading the prepared page with the legacy engine;
//   - native tesseract reading the same prepared page with the same tessdata_best model, and with Debian's
//     own model (tessdata_fast);
//   - native tesseract reading the page as scanned with Debian's model: what `npm run bench` compares with.
// Each tesseract.js worker reads one page first to warm up, which is not counted. Medians over the pages.
// Writes the figures into BENCHMARKS.md between the bench:engine markers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeSection } from './benchmarks-md.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const START = '<!-- bench:engine:start -->';
const END = '<!-- bench:engine:end -->';
const log = (msg) => process.stderr.write(`[bench:engine] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f = (x, d = 2) => x.toFixed(d);
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const { decodePage, preprocess, startEngine, doubtful, lineCrop, cropPgm, modelDir, DEFAULT_OCR } = await import(path.join(ROOT, 'dist/ocr/index.js'));
const { stampImage } = await import(path.join(ROOT, 'dist/ocr/stamps.js'));
const { createWorker, OEM, PSM } = require('tesseract.js');
// tesseract.js picks its WebAssembly build with this package; asked the same way, it says which it picked.
const { relaxedSimd } = createRequire(require.resolve('tesseract.js'))('wasm-feature-detect');

const data = path.dirname(require.resolve('@tesseract.js-data/eng/package.json'));
const SCANS = path.join(ROOT, 'scans', '511');
const images = fs.readdirSync(SCANS).filter((n) => /^page-\d+\.jpg$/.test(n)).sort();
const sample = images.filter((_, i) => i % 4 === 0);

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (!has('tesseract')) {
  log('native tesseract is not on PATH: run `npm run bench` first, which installs tesseract-ocr');
  process.exit(2);
}
if (!has('/usr/bin/time')) {
  log('GNU time (/usr/bin/time) is needed for the native CPU times: apt-get install time');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'collate-bench-engine-'));
// The npm model, unpacked where the native CLI can read it.
fs.mkdirSync(path.join(work, 'best_int'));
fs.writeFileSync(path.join(work, 'best_int', 'eng.traineddata'), zlib.gunzipSync(fs.readFileSync(path.join(data, '4.0.0_best_int', 'eng.traineddata.gz'))));

/** CPU seconds (user + system) of one native tesseract run, from GNU time. */
function native(image, extra) {
  const out = path.join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, 'tesseract', image, 'stdout', '--dpi', '300', ...extra], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`tesseract ${image} failed: ${r.stderr}`);
  const [user, system] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
  return user + system;
}

async function worker(engine) {
  const w = await createWorker('eng', engine === 'legacy' ? OEM.TESSERACT_ONLY : OEM.LSTM_ONLY, {
    // tessdata_fast as collate sets it up (src/ocr/model-data.ts), uncompressed.
    langPath: engine === 'fast' ? await modelDir('fast', work) : path.join(data, engine === 'lstm' ? '4.0.0_best_int' : '4.0.0'),
    gzip: engine !== 'fast',
    cacheMethod: 'none',
  });
  // As collate's engine sets them (src/ocr/index.ts).
  await w.setParameters({ tessedit_pageseg_mode: PSM.AUTO, user_defined_dpi: '300', tessedit_char_whitelist: Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') });
  return w;
}

async function main() {
  // With tessdata_best, so that its parts below, read with tessdata_best, add up to it.
  const engine = await startEngine(1, { ...DEFAULT_OCR, model: 'best' });
  const lstm = await worker('lstm');
  const legacy = await worker('legacy');
  const fast = await worker('fast');
  const rows = [];
  try {
    for (const [n, name] of [images[1], ...sample].entries()) {
      const warmup = n === 0;
      const file = path.join(SCANS, name);
      const source = { file, label: name, position: n + 1, subpage: 0, subpages: 1 };
      let t = cpu();
      await engine.recognize(source);
      const whole = cpu() - t;
      t = cpu();
      const prepared = await preprocess(await decodePage(source), DEFAULT_OCR);
      const prepare = cpu() - t;
      t = cpu();
      const { data: read } = await lstm.recognize(prepared.pgm, {}, { blocks: true, text: false });
      const wasmLstm = cpu() - t;
      // The engine's two further kinds of reading, done the same way here to time them on their own.
      t = cpu();
      const box = (b) => [b.x0, b.y0, b.x1, b.y1];
      const lines = (read.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines)).map((l) => ({ bbox: box(l.bbox), words: l.words.filter((w) => w.text.trim() !== '').map((w) => ({ bbox: box(w.bbox), confidence: w.confidence })) }));
      let looks = 0;
      for (const line of lines) {
        const crop = doubtful(line) ? lineCrop(line, prepared) : undefined;
        if (crop) {
          looks++;
          await lstm.recognize(cropPgm(prepared, crop), {}, { blocks: true, text: false });
        }
      }
      const secondLooks = cpu() - t;
      t = cpu();
      for (const region of prepared.stamps) await lstm.recognize(await stampImage(prepared, region), {}, { blocks: true, text: false });
      const stamps = cpu() - t;
      t = cpu();
      await legacy.recognize(prepared.pgm, {}, { blocks: true, text: false });
      const wasmLegacy = cpu() - t;
      t = cpu();
      await fast.recognize(prepared.pgm, {}, { blocks: true, text: false });
      const wasmFast = cpu() - t;
      if (warmup) {
        log(`warmed up on ${name}`);
        continue;
      }
      const pgm = path.join(work, 'page.pgm');
      fs.writeFileSync(pgm, prepared.pgm);
      const row = {
        name,
        whole,
        prepare,
        wasmLstm,
        secondLooks,
        looks,
        stamps,
        wasmLegacy,
        wasmFast,
        nativeBestInt: native(pgm, ['--tessdata-dir', path.join(work, 'best_int'), '--oem', '1']),
        nativeFast: native(pgm, []),
        nativeRaw: native(file, []),
      };
      rows.push(row);
      log(`${name}: ${Object.entries(row).slice(1).map(([k, v]) => `${k} ${f(v)}`).join(', ')}`);
    }
  } finally {
    await engine.close();
    await lstm.terminate();
    await legacy.terminate();
    await fast.terminate();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const m = Object.fromEntries(Object.keys(rows[0]).slice(1).map((k) => [k, median(rows.map((r) => r[k]))]));
  const version = (pkg) => require(`${pkg}/package.json`).version;
  const relaxed = await relaxedSimd();
  const table = [
    '| Stage, one page, one thread | CPU s (median) |',
    '|---|---|',
    `| collate's engine (\`--model best\`), the whole page, one worker (its parts below are timed apart) | ${f(m.whole)} |`,
    `| of which: preparing the page | ${f(m.prepare)} |`,
    `| of which: tesseract.js reading the prepared page (LSTM, tessdata_best integer) | ${f(m.wasmLstm)} |`,
    `| of which: second looks at doubtful lines (median ${m.looks} a page) | ${f(m.secondLooks)} |`,
    `| of which: stamps read from their ink | ${f(m.stamps)} |`,
    `| tesseract.js legacy engine, prepared page | ${f(m.wasmLegacy)} |`,
    `| tesseract.js LSTM with tessdata_fast (\`--model fast\`), prepared page | ${f(m.wasmFast)} |`,
    `| native tesseract, same tessdata_best (integer) model, prepared page | ${f(m.nativeBestInt)} |`,
    `| native tesseract, Debian's model (tessdata_fast), prepared page | ${f(m.nativeFast)} |`,
    `| native tesseract, Debian's model, page as scanned (what \`npm run bench\` runs) | ${f(m.nativeRaw)} |`,
    '',
    '| Ratio | Median |',
    '|---|---|',
    `| WebAssembly against native, same model, same image | ${f(median(rows.map((r) => r.wasmLstm / r.nativeBestInt)))} |`,
    `| WebAssembly against native, tessdata_fast, same image | ${f(median(rows.map((r) => r.wasmFast / r.nativeFast)))} |`,
    `| tessdata_best (integer) against tessdata_fast, native, same image | ${f(median(rows.map((r) => r.nativeBestInt / r.nativeFast)))} |`,
    `| tesseract.js LSTM alone against native on the page as scanned (a floor for the cold ratio) | ${f(median(rows.map((r) => r.wasmLstm / r.nativeRaw)))} |`,
    `| collate's engine, the whole page, against native on the page as scanned | ${f(median(rows.map((r) => r.whole / r.nativeRaw)))} |`,
  ];
  const section = [
    START,
    '## Where cold OCR time goes: `collate` against native tesseract, page by page',
    '',
    'Command: `node bench/engine.mjs` (part of `npm run bench`)',
    '',
    `Date: ${new Date().toISOString()}`,
    '',
    `Pages: ${rows.map((r) => r.name).join(', ')} of 511, after one warm-up page. tesseract.js ${version('tesseract.js')}, ` +
      `tesseract.js-core ${version('tesseract.js-core')}, Node ${process.version} (WebAssembly relaxed SIMD ${relaxed ? 'available' : 'not available'}), ` +
      `${spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}.`,
    '',
    ...table,
    END,
  ].join('\n');
  writeSection(ROOT, START, END, section);
  log('wrote BENCHMARKS.md');
  process.stdout.write(`${table.join('\n')}\n`);
}

main().catch((err) => {
  log(err.stack ?? String(err));
  process.exit(1);
});
