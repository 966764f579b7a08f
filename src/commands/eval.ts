/**
 * `collate eval <id>`: OCR and stripping measured against the ground truth, page by page and in total:
 * against fixtures/<id> (every line classed, body and boilerplate), or against other people's
 * line-level ALTO or PAGE ground truth beside the page images or under --truth, with native tesseract
 * scored the same way beside it on request (src/commands/eval-lines.ts).
 */
import path from 'node:path';
import { buildApparatus } from '../apparatus.js';
import { dictionaryWords, wordFrequencies } from '../lexicon.js';
import { parseEdition } from '../edition.js';
import { evaluate, scoreApparatus } from '../evaluate.js';
import { InputError } from '../errors.js';
import { loadTruth, readJsonIfPresent, readTranscript, shown } from '../files.js';
import { EvalReport, Gold, type ApparatusScore, type StrippedPage } from '../model.js';
import { readDocument, type ScanOptions } from './common.js';
import { evalLines, hasTruthBeside } from './eval-lines.js';

export interface EvalOptions extends ScanOptions {
  fixtures?: string;
  /** A folder of ALTO or PAGE ground truth, one file per page image, named after it. */
  truth?: string;
  /** Also run this engine on the same pages, scored the same way with nothing stripped. */
  baseline?: 'tesseract';
  transcript?: string;
  json?: boolean;
}

/**
 * What `collate eval` prints: against line-level ground truth (evalLines) when --truth is given, or when
 * no --fixtures is and ALTO or PAGE files lie beside the page images; against fixtures/<id> otherwise.
 */
export async function evalOutput(id: string, options: EvalOptions = {}): Promise<string> {
  if (options.truth !== undefined || (options.fixtures === undefined && (await hasTruthBeside(options.scans ?? path.join('scans', id))))) return (await evalLines(id, options)).output;
  return (await evalCommand(id, options)).output;
}

/** OCR and stripping measured against fixtures/<id>. */
export async function evalCommand(id: string, options: EvalOptions = {}): Promise<{ report: EvalReport; output: string }> {
  if (options.baseline !== undefined) throw new InputError(`--baseline ${options.baseline}: needs line-level ground truth (ALTO or PAGE files beside the page images, or --truth DIR); fixtures/${id} is measured without one`);
  const fixtures = options.fixtures ?? path.join('fixtures', id);
  const truth = await loadTruth(fixtures);
  const { pages, partial } = await readDocument(id, options);
  const labels = new Set(truth.pages.map((p) => p.label));
  for (const page of pages) if (!labels.has(page.label)) options.log?.(`warning: page ${page.label} (${shown(page.file)}) has no ground truth in ${shown(fixtures)}; not measured`);
  const report = EvalReport.parse({ ...evaluate(id, shown(fixtures), truth.pages, pages), ...(await againstGold(id, fixtures, pages, partial, options)) });
  return { report, output: options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report) };
}

/** With a gold apparatus in the fixtures, the apparatus made from this OCR is scored against it. */
async function againstGold(id: string, fixtures: string, pages: StrippedPage[], partial: boolean, options: EvalOptions): Promise<{ apparatus?: ApparatusScore }> {
  const gold = await readJsonIfPresent(path.join(fixtures, 'apparatus.gold.json'), Gold, 'the gold apparatus');
  if (!gold) return {};
  const { text } = await readTranscript(options.transcript ?? path.join('transcripts', `${id}.txt`));
  const built = buildApparatus({ document: id, edition: { file: gold.edition, parsed: parseEdition(text) }, scan: { folder: '', pages }, partial, dictionary: await dictionaryWords(), frequency: await wordFrequencies() });
  return { apparatus: scoreApparatus(built.entries, gold, built.witnesses.edition.span) };
}

const percent = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(2)}%` : '∞');

/** The report as a reader wants it: a line per page, the totals, the class table, then every leak and loss. */
export function formatReport(report: EvalReport): string {
  const out: string[] = [];
  out.push(`collate eval ${report.document}: against ${report.fixtures}`, '');
  out.push('page    CER      WER      leaked  noise  lost words');
  for (const page of report.pages) {
    const lost = page.lost.reduce((n, l) => n + l.words, 0);
    out.push(`${page.label.padEnd(6)}  ${percent(page.cer.rate).padStart(7)}  ${percent(page.wer.rate).padStart(7)}  ${String(page.leaked.length).padStart(6)}  ${String(page.noise.length).padStart(5)}  ${String(lost).padStart(10)}`);
  }
  const t = report.total;
  out.push(`${'all'.padEnd(6)}  ${percent(t.cer.rate).padStart(7)}  ${percent(t.wer.rate).padStart(7)}  ${String(t.leakedLines).padStart(6)}  ${String(t.noiseLines).padStart(5)}  ${String(t.lostWords).padStart(10)}`);
  out.push('', `body: CER ${percent(t.cer.rate)} (${t.cer.errors} of ${t.cer.length} characters), WER ${percent(t.wer.rate)} (${t.wer.errors} of ${t.wer.length} words)`);
  out.push(`stripping: ${t.leakedLines} boilerplate line(s) left in the body, ${t.noiseLines} noise line(s), ${t.lostWords} of ${t.bodyWords} body words lost (${percent(t.lostRate)})`, '');
  out.push('class                 truth  stripped  correct  precision  recall  unread');
  for (const [name, c] of Object.entries(report.classes)) {
    out.push(`${name.padEnd(20)}  ${String(c.truth).padStart(5)}  ${String(c.predicted).padStart(8)}  ${String(c.correct).padStart(7)}  ${percent(c.precision).padStart(9)}  ${percent(c.recall).padStart(6)}  ${String(c.unread).padStart(6)}`);
  }
  out.push('(counted in OCR lines; "unread" ground-truth lines never reached stripping)');
  const a = report.apparatus;
  if (a) {
    out.push(
      '',
      `apparatus against the gold (${report.fixtures}/apparatus.gold.json):`,
      `  garbles found and typed: ${a.garble.found} of ${a.garble.gold}`,
      `  editorial interventions found and typed: ${a.editorial.found} of ${a.editorial.gold}`,
      `  substantive variants found: ${a.substantive.found} of ${a.substantive.gold} (${percent(a.substantive.recall)})`,
      `  entries typed substantive, garble or editorial that are in the gold: ${a.precision.inGold} of ${a.precision.reported} (${percent(a.precision.rate)})`,
      ...a.missed.map((m) => `  missed: ${m}`),
      ...a.spurious.map((m) => `  not in the gold: ${m}`),
    );
  }
  const details = report.pages.flatMap((page) => [
    ...page.leaked.map((l) => `page ${page.label}, line ${l.line}: ${l.class} left in the body: ${JSON.stringify(l.text)}`),
    ...page.noise.map((l) => `page ${page.label}, line ${l.line}: noise left in the body: ${JSON.stringify(l.text)}`),
    ...page.confused.map((l) => `page ${page.label}, line ${l.line}: ${l.class} stripped as ${l.stripped}: ${JSON.stringify(l.text)}`),
    ...page.lost.map((l) => `page ${page.label}: body lost (${l.why}): ${JSON.stringify(l.text)}`),
  ]);
  if (details.length > 0) out.push('', ...details);
  return `${out.join('\n')}\n`;
}
