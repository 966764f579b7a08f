/**
 * `collate eval <id>` against other people's line-level ground truth: an ALTO or PAGE file beside each
 * page image (`page.xml`, `page.gt.xml`, `page.page.xml` or `page.alto.xml` for `page.jpg`) or under
 * --truth DIR. Every ground-truth file is read and checked against its image before any OCR starts.
 * With --baseline tesseract, native tesseract reads the same pages (cached like our own OCR) and is scored
 * the same way with nothing stripped.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { cacheKey, DEFAULT_CACHE_DIR, NO_CACHE, openCache, type OcrCache } from '../cache.js';
import { InputError } from '../errors.js';
import { evaluateLines, type LinePage } from '../evaluate-lines.js';
import { reason, readText, shown } from '../files.js';
import { readHocr, readLayout } from '../formats.js';
import { LineEvalReport, type LineTruth, type OcrPage, type PageSource } from '../model.js';
import { decodePage, pageDigest } from '../ocr/index.js';
import { lineTruth } from '../truth.js';
import { progress } from '../ui/progress.js';
import { defaultJobs, readDocument, selectedPages } from './common.js';
import type { EvalOptions } from './eval.js';

const run = promisify(execFile);

/** What a ground-truth file beside `page.jpg` may be called, tried in this order. */
export const TRUTH_SUFFIXES = ['.xml', '.gt.xml', '.page.xml', '.alto.xml'];

const stemOf = (file: string) => path.basename(file, path.extname(file));

/** Whether a scans folder holds ALTO or PAGE files named after its images. */
export async function hasTruthBeside(dir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return false;
  }
  const stems = new Set(names.filter((name) => !name.toLowerCase().endsWith('.xml')).map(stemOf));
  return names.some((name) => TRUTH_SUFFIXES.some((suffix) => name.toLowerCase().endsWith(suffix) && stems.has(name.slice(0, -suffix.length))));
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The ground-truth file of a page image, if there is one. */
async function truthFileOf(source: PageSource, dir: string): Promise<string | undefined> {
  for (const suffix of TRUTH_SUFFIXES) {
    const file = path.join(dir, stemOf(source.file) + suffix);
    if (await exists(file)) return file;
  }
  return undefined;
}

/** Reads and checks the ground truth of every selected page that has one; warns of those that do not. */
async function readTruths(sources: readonly PageSource[], options: EvalOptions, log: (line: string) => void): Promise<Map<PageSource, LineTruth>> {
  const truths = new Map<PageSource, LineTruth>();
  const unmeasured: string[] = [];
  for (const source of sources) {
    const dir = options.truth ?? path.dirname(source.file);
    if (source.subpages > 1) {
      unmeasured.push(`warning: ${shown(source.file)} page ${source.subpage + 1}: ground truth is read one file per image, and this file holds ${source.subpages} pages; not measured`);
      continue;
    }
    const file = await truthFileOf(source, dir);
    if (!file) {
      unmeasured.push(`warning: page ${source.label} (${shown(source.file)}) has no ground truth in ${shown(dir)}; not measured`);
      continue;
    }
    const text = await readText(file, 'the ground truth');
    const image = await decodePage(source);
    const { truth, warnings } = lineTruth(readLayout(text, shown(file)), shown(file), { file: shown(source.file), width: image.width, height: image.height });
    for (const warning of warnings) log(warning);
    truths.set(source, truth);
  }
  // Where no page has ground truth, the one error says so; otherwise each page left out is named.
  if (truths.size === 0) {
    throw new InputError(`${shown(options.truth ?? path.dirname(sources[0]?.file ?? '.'))}: no ALTO or PAGE ground truth for any selected page (looked for ${TRUTH_SUFFIXES.map((s) => `NAME${s}`).join(', ')})`);
  }
  for (const line of unmeasured) log(line);
  return truths;
}

export async function evalLines(id: string, options: EvalOptions): Promise<{ report: LineEvalReport; output: string }> {
  const log = options.log ?? (() => {});
  const { selected } = await selectedPages(id, options);
  const truthWhere = options.truth ? shown(options.truth) : 'beside the scans';
  const truths = await readTruths(selected, options, log);
  const version = options.baseline ? await tesseractVersion() : undefined;
  const { sources, pages } = await readDocument(id, options);
  const measured = sources.flatMap((source, i) => {
    const truth = truths.get(selected.find((s) => s.file === source.file && s.subpage === source.subpage)!);
    return truth ? [{ source, truth, page: pages[i]! }] : [];
  });
  const cache = options.cache === false ? NO_CACHE : openCache(options.cache ?? DEFAULT_CACHE_DIR, log);
  const baseline = version ? await readWithTesseract(measured.map((m) => m.source), version, cache, options.jobs ?? defaultJobs(), log) : undefined;
  const linePages: LinePage[] = measured.map(({ source, truth, page }, i) => ({
    label: page.label,
    file: shown(source.file),
    truth,
    words: page.body.flatMap((line) => line.words),
    stripped: page.stripped.map((run) => ({ text: run.text, bbox: run.bbox, rule: run.rule })),
    ...(baseline ? { baseline: baseline[i]!.lines.flatMap((line) => line.words) } : {}),
  }));
  const report = LineEvalReport.parse(evaluateLines(id, truthWhere, linePages, version ? { engine: 'tesseract', version, command: TESSERACT_COMMAND } : undefined));
  return { report, output: options.json ? `${JSON.stringify(report, null, 2)}\n` : formatLineReport(report) };
}

const TESSERACT_COMMAND = 'tesseract IMAGE stdout -l eng hocr';
const MISSING = 'install it (Debian and Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng; macOS: brew install tesseract)';

/** The installed tesseract's version; an InputError saying how to install it where it is missing. */
export async function tesseractVersion(command = 'tesseract'): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, ['--version']);
    const version = /tesseract\s+v?(\S+)/i.exec(`${stdout}\n${stderr}`)?.[1];
    if (!version) throw new Error(`no version in its answer to --version: ${JSON.stringify(`${stdout}${stderr}`.slice(0, 80))}`);
    const langs = await run(command, ['--list-langs']);
    if (!`${langs.stdout}\n${langs.stderr}`.split(/\s+/).includes('eng')) throw new InputError(`--baseline tesseract: ${command} ${version} has no English model; install it (Debian and Ubuntu: apt-get install tesseract-ocr-eng)`);
    return version;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(`--baseline tesseract: ${missing ? `the ${command} command is not installed; ${MISSING}` : `cannot run ${command}: ${reason(error)}`}`);
  }
}

/**
 * Native tesseract on each page, as a user would run it: English, automatic page segmentation, no
 * preparation. One thread per process (OMP_THREAD_LIMIT=1) and `jobs` processes at once. Each page's
 * reading is cached under the image's content and tesseract's version, beside our own OCR.
 */
async function readWithTesseract(sources: readonly PageSource[], version: string, cache: OcrCache, jobs: number, log: (line: string) => void): Promise<OcrPage[]> {
  const bar = progress(sources.length, 'tesseract', log);
  const limit = pLimit(Math.max(1, jobs));
  try {
    return await Promise.all(
      sources.map((source) =>
        limit(async () => {
          if (path.extname(source.file).toLowerCase() === '.pdf') throw new InputError(`${shown(source.file)}: --baseline tesseract: tesseract does not read PDF; give the pages as images`);
          const key = cacheKey({ digest: await pageDigest(source), engine: { name: 'tesseract', version }, options: { lang: 'eng', output: 'hocr' } });
          const cached = await cache.get(key);
          const page: OcrPage = cached ? { label: source.label, position: source.position, file: source.file, width: cached.width, height: cached.height, lines: cached.lines } : await tesseract(source);
          if (!cached) await cache.put({ key, width: page.width, height: page.height, lines: page.lines }).catch((error: unknown) => log(`warning: cannot write the OCR cache: ${reason(error)}`));
          if (page.lines.length === 0) log(`warning: ${shown(source.file)}: page ${source.label} is blank to tesseract: it found no text`);
          bar.tick(cached && !process.stderr.isTTY ? '' : `page ${source.label} (${shown(source.file)}${cached ? ', cached' : ''})`);
          return page;
        }),
      ),
    );
  } finally {
    bar.stop();
  }
}

async function tesseract(source: PageSource): Promise<OcrPage> {
  let stdout: string;
  try {
    ({ stdout } = await run('tesseract', [source.file, 'stdout', '-l', 'eng', 'hocr'], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, OMP_THREAD_LIMIT: '1' } }));
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').filter(Boolean).at(-1);
    throw new InputError(`${shown(source.file)}: --baseline tesseract: tesseract could not read the page: ${stderr ?? reason(error)}`);
  }
  const page = readHocr(stdout, shown(source.file))[source.subpage];
  if (!page) throw new InputError(`${shown(source.file)}: --baseline tesseract: tesseract gave no page ${source.subpage + 1}`);
  return { ...page, label: source.label, position: source.position, file: source.file };
}

const percent = (n: number) => `${(n * 100).toFixed(2)}%`;
const times = (n: number | null) => (n === null ? 'n/a (the baseline has none)' : `×${n.toFixed(2)}`);

/** Rules that strip a page's furniture, which line-level ground truth transcribes and an edition leaves out. */
const FURNITURE = new Set(['page-number', 'catchword-repeated', 'catchword-position', 'continuation-header']);

/** The report for reading: a line per page, collate beside the baseline, the totals and ratios, then what leaked and what was lost. */
export function formatLineReport(report: LineEvalReport): string {
  const base = report.baseline;
  const width = Math.max(4, ...report.pages.map((p) => path.basename(p.file).length));
  const cells = (s: LineEvalReport['total']['collate']) =>
    [percent(s.cer.rate).padStart(7), percent(s.wer.rate).padStart(7), `${s.linesLost.count}/${s.linesLost.of}`.padStart(7), percent(s.leak.rate).padStart(7)].join('  ');
  const out = [
    `collate eval ${report.document}: ${report.pages.length} page(s) against line-level ground truth ${report.truth === 'beside the scans' ? 'beside the scans' : `in ${report.truth}`}`,
    ...(base ? [`baseline: native tesseract ${base.version} (${base.command}), nothing stripped`] : []),
    '',
    `${''.padEnd(width)}  ${'collate'.padEnd(34)}${base ? `  | tesseract` : ''}`,
    `${'page'.padEnd(width)}  ${['CER', 'WER', 'lost', 'leak'].map((h) => h.padStart(7)).join('  ')}${base ? `  | ${['CER', 'WER', 'lost', 'leak'].map((h) => h.padStart(7)).join('  ')}` : ''}`,
    ...report.pages.map((p) => `${path.basename(p.file).padEnd(width)}  ${cells(p.collate)}${p.baseline ? `  | ${cells(p.baseline)}` : ''}`),
    `${'all'.padEnd(width)}  ${cells(report.total.collate)}${report.total.baseline ? `  | ${cells(report.total.baseline)}` : ''}`,
    '',
    `collate: CER ${percent(report.total.collate.cer.rate)} (${report.total.collate.cer.errors} of ${report.total.collate.cer.length} characters), WER ${percent(report.total.collate.wer.rate)}, lines lost ${report.total.collate.linesLost.count} of ${report.total.collate.linesLost.of} (${percent(report.total.collate.linesLost.rate)}), leak ${percent(report.total.collate.leak.rate)} (${report.total.collate.leak.count} characters)`,
  ];
  if (report.total.baseline && report.ratio) {
    const b = report.total.baseline;
    out.push(
      `tesseract: CER ${percent(b.cer.rate)} (${b.cer.errors} of ${b.cer.length} characters), WER ${percent(b.wer.rate)}, lines lost ${b.linesLost.count} of ${b.linesLost.of} (${percent(b.linesLost.rate)}), leak ${percent(b.leak.rate)} (${b.leak.count} characters)`,
      `collate / tesseract: CER ${times(report.ratio.cer)}, WER ${times(report.ratio.wer)}, lines lost ${times(report.ratio.linesLost)}, leak ${times(report.ratio.leak)}`,
    );
  }
  out.push('(CER and WER within the ground-truth lines; lost: ground-truth lines with no word placed on them; leak: characters on no ground-truth line, over the ground truth\'s characters)');
  const details = report.pages.flatMap((p) => [
    ...(p.leaked.length > 0 ? [`${path.basename(p.file)}: leaked into the body: ${JSON.stringify(p.leaked.join(' '))}`] : []),
    ...p.lost.map((line) => {
      const rule = p.strippedLost?.find((l) => l.text === line)?.rule;
      return `${path.basename(p.file)}: line lost: ${JSON.stringify(line)}${rule ? ` (stripped by ${rule})` : ' (not read)'}`;
    }),
  ]);
  const furniture = report.pages.flatMap((p) => p.strippedLost ?? []).filter((l) => FURNITURE.has(l.rule)).length;
  if (furniture > 0) out.push(`of the lines lost, ${furniture} are page numbers and catchwords, stripped on purpose: the ground truth transcribes them, an edition leaves them out`);
  const message = (s: LineEvalReport['total']['collate']) => `CER ${percent(s.messageCer.rate)} (${s.messageCer.errors} of ${s.messageCer.length}), lines lost ${s.messageLinesLost.count} of ${s.messageLinesLost.of} (${percent(s.messageLinesLost.rate)})`;
  const b = report.total.baseline;
  out.push(
    `on the message's lines (the ground truth's lines less its page numbers and catchwords, told from the ground truth alone): collate ${message(report.total.collate)}${b ? `; tesseract ${message(b)}; CER ${times(b.messageCer.rate === 0 ? null : report.total.collate.messageCer.rate / b.messageCer.rate)}` : ''}`,
  );
  if (details.length > 0) out.push('', ...details);
  return `${out.join('\n')}\n`;
}
