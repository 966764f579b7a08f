/**
 * `collate run <id>`: the full pipeline. Page images → OCR → stripping → alignment with the edition →
 * the typed apparatus, written as JSON (validated first) or as a readable summary.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildApparatus, type ApparatusInput } from '../apparatus.js';
import { parseEdition } from '../edition.js';
import { reclaim } from '../reclaim.js';
import { dictionaryWords, wordFrequencies } from '../lexicon.js';
import { InputError, InternalError } from '../errors.js';
import { applyDecisions } from '../decisions.js';
import { checkDocumentId, CONFIG_FILE, naturalCompare, readDecisions, readTranscript, reason, refuseToOverwrite, shown, writeAtomic, type Input } from '../files.js';
import { stripDocument, type StripRule } from '../strip.js';
import { Apparatus, EditionMeta, EntryType, type ParsedEdition, type StrippedPage } from '../model.js';
import { looksLikeXml } from '../xml-text.js';
import { selectPages } from '../pages.js';
import { roundTripFault } from '../roundtrip.js';
import { scanWitness, textWitness } from '../witness.js';
import { progress, type Progress } from '../ui/progress.js';
import { documentRules, readDocument, type ScanOptions } from './common.js';

export type Format = 'json' | 'tei' | 'text';

export interface RunOptions extends ScanOptions {
  transcript?: string;
  /** The xml:id of the document to collate in a TEI transcript that holds several. */
  teiDoc?: string;
  /** Reviewers' decisions (default: transcripts/<id>.decisions.json); false for none. */
  decisions?: string | false;
  /** A scan witness read elsewhere: a plain-text transcription or another engine's OCR, instead of our OCR. */
  ocrFile?: string;
  format?: Format;
  out?: string;
}

/** Where a transcript's decisions live: beside it, `<name>.decisions.json`. */
export const decisionsPath = (transcript: string) => transcript.replace(/\.(txt|xml)$/, '') + '.decisions.json';

/**
 * The transcript read into the edition model: TEI when it is markup, FRUS's plain text otherwise. The TEI
 * reader, with its XML parser, is loaded only for a TEI transcript.
 */
export async function readEdition(text: string, file: string, teiDoc: string | undefined): Promise<ParsedEdition> {
  if (looksLikeXml(text)) return (await import('../tei-edition.js')).parseTeiEdition(text, { file, doc: teiDoc });
  if (teiDoc !== undefined) throw new InputError(`${file}: --tei-doc ${teiDoc}: the transcript is plain text, not TEI`);
  return parseEdition(text);
}

/** What a run of this document reads, which nothing it writes may replace. */
export async function documentInputs(id: string, options: Pick<RunOptions, 'transcript' | 'scans' | 'ocrFile' | 'decisions'>): Promise<Input[]> {
  const transcript = options.transcript ?? path.join('transcripts', `${id}.txt`);
  const decisions = typeof options.decisions === 'string' ? options.decisions : decisionsPath(transcript);
  const witness = options.ocrFile ? await fs.stat(options.ocrFile).catch(() => undefined) : undefined;
  return [
    { path: transcript, what: 'the transcript' },
    { path: transcript.replace(/\.txt$/, '.json'), what: 'the transcript’s metadata' },
    { path: decisions, what: 'the decisions file' },
    { path: `${decisions}.bak`, what: 'the decisions file’s backup' },
    { path: CONFIG_FILE, what: 'the collate config' },
    options.ocrFile
      ? { path: options.ocrFile, what: 'the scan witness', folder: witness?.isDirectory() ?? false }
      : { path: options.scans ?? path.join('scans', id), what: 'the scans folder', folder: true },
  ];
}

/** The document's title from its metadata sidecar (transcripts/<id>.json), or its TEI heading, or a plain one. */
async function title(id: string, transcript: string, parsed: ParsedEdition): Promise<string> {
  const heading = parsed.source ? parsed.marks.find((m) => m.kind === 'heading' && m.subkind === 'document') : undefined;
  if (heading) return heading.text.replace(/\s+/g, ' ');
  const sidecar = transcript.replace(/\.txt$/, '.json');
  try {
    const meta = EditionMeta.safeParse(JSON.parse(await fs.readFile(sidecar, 'utf8')));
    if (meta.success) return meta.data.title;
  } catch {
    // No sidecar, or not one we can read: a plain title will do.
  }
  return `Telegram ${id}`;
}

/**
 * A witness file need not hold the whole document, and only the user knows whether it does: with
 * --pages it is taken as part of the document and placed in the edition; without, as all of it.
 */
async function readWitnessPages(file: string, range: string | undefined, config: string | undefined): Promise<{ pages: StrippedPage[]; partial: boolean }> {
  return { pages: selectPages(await readWitness(file, () => documentRules(config)), range), partial: range !== undefined };
}

const WITNESS_FILES = /\.(txt|hocr|html?|xml)$/i;

/**
 * A scan witness read elsewhere, a file or a folder of them in natural order: plain text (pages split at
 * form feeds, taken as the message as it stands), or hOCR or ALTO, whose lines are stripped by the same
 * rules as our own OCR.
 */
export async function readWitness(target: string, rules: () => Promise<readonly StripRule[]>): Promise<StrippedPage[]> {
  let files = [target];
  try {
    if ((await fs.stat(target)).isDirectory()) files = (await fs.readdir(target)).filter((n) => WITNESS_FILES.test(n)).sort(naturalCompare).map((n) => path.join(target, n));
  } catch (error) {
    throw new InputError(`${shown(target)}: cannot read the scan witness: ${reason(error)}`);
  }
  if (files.length === 0) throw new InputError(`${shown(target)}: no witness files (.txt, .hocr, .html, .xml) in the folder`);
  // The XML readers, loaded only for a witness from another engine.
  const { formatOf, readAlto, readHocr } = await import('../formats.js');
  const pages: StrippedPage[] = [];
  for (const file of files) {
    const { text } = await readTranscript(file, 'scan witness');
    const format = formatOf(text);
    if (format === 'text') pages.push(...textWitness(text, shown(file)));
    else pages.push(...stripDocument(format === 'hocr' ? readHocr(text, shown(file)) : readAlto(text, shown(file)), await rules()));
  }
  // Labels come from each file; across several files they are numbered afresh, so each is unique.
  return files.length > 1 ? pages.map((p, i) => ({ ...p, label: String(i + 1) })) : pages;
}

/**
 * Progress of a long collation, on a terminal only (a large edition takes a while to align and type); in a
 * log, nothing, as a short collation needs no report.
 */
function collating(stream: NodeJS.WriteStream = process.stderr): ApparatusInput['onProgress'] {
  if (!stream.isTTY || process.env.CI !== undefined) return undefined;
  let bar: Progress | undefined;
  let shown = 0;
  return (stage, done, total) => {
    if (stage === 'align') {
      if (done === 0) stream.write('collate: aligning…\r');
      else stream.write('\u001b[2K');
      return;
    }
    bar ??= progress(total, 'typing differences', () => {}, stream);
    for (; shown < done; shown++) bar.tick('');
    if (done === total) bar.stop();
  };
}

/** Returns the apparatus, what to print, the stripped pages it was made from, the edition as read, and whether the pages are fewer than the document's. */
export async function run(id: string, options: RunOptions = {}): Promise<{ apparatus: Apparatus; output: string; pages: StrippedPage[]; text: string; parsed: ParsedEdition; partial: boolean }> {
  const log = options.log ?? (() => {});
  const transcript = options.transcript ?? path.join('transcripts', `${id}.txt`);
  if (options.out) await refuseToOverwrite('--out', options.out, await documentInputs(id, options));
  const { text, digest } = await readTranscript(transcript);
  const parsed = await readEdition(text, shown(transcript), options.teiDoc);
  for (const w of parsed.warnings) log(`warning: ${shown(transcript)}:${w.line}:${w.column}: ${w.message}`);
  checkDocumentId(id);
  const read = options.ocrFile ? await readWitnessPages(options.ocrFile, options.pages, options.config) : await readDocument(id, options);
  const { partial } = read;
  const { pages, reclaimed } = reclaim(read.pages, parsed);
  for (const line of reclaimed) log(`${shown(line.file)}: page ${line.page}, line ${line.line}: given back to the body: ${JSON.stringify(line.text)} (taken by ${line.rule}; ${line.because === 'catchword-printed' ? 'the edition prints the catchword' : `${Math.round(line.share * 100)}% of its word pairs are in the edition`})`);
  const scanPages = pages.map((p) => ({ ...p, file: shown(p.file), stripped: p.stripped.map((s) => ({ ...s, file: shown(s.file) })) }));
  // Made once: the apparatus is built from it, and the round trip below checks against it.
  const witness = scanWitness(scanPages);
  const built = buildApparatus({
    document: id,
    edition: { file: shown(transcript), parsed },
    scan: { folder: options.ocrFile ? shown(options.ocrFile) : shown(options.scans ?? path.join('scans', id)), pages: scanPages },
    witness,
    partial,
    dictionary: await dictionaryWords(),
    frequency: await wordFrequencies(),
    onProgress: collating(),
  });
  const fresh = Apparatus.parse({ ...built, witnesses: { ...built.witnesses, edition: { ...built.witnesses.edition, digest } }, ...(reclaimed.length > 0 ? { reclaimed: reclaimed.map((s) => ({ ...s, file: shown(s.file) })) } : {}) });
  // Nothing lost: checked on every run, on the witness actually read, not only in the tests.
  const fault = roundTripFault(parsed, witness.tokens, fresh);
  if (fault) throw new InternalError(`${id}: the apparatus does not give back both texts; ${fault}`);
  const decisionsFile = options.decisions === false ? undefined : (options.decisions ?? decisionsPath(transcript));
  const decisions = decisionsFile ? await readDecisions(decisionsFile) : undefined;
  const { apparatus, orphans } = applyDecisions(fresh, decisions, partial ? new Set(pages.map((p) => p.label)) : undefined);
  for (const [entryId, d] of orphans) log(`warning: ${shown(decisionsFile!)}: decision ${entryId} (${d.status}, ${JSON.stringify(d.entry.lemma)} | ${JSON.stringify(d.entry.reading)}, p.${d.entry.page}) has no entry now; it is kept, not applied`);
  const format = options.format ?? 'json';
  const output = format === 'json' ? `${JSON.stringify(apparatus, null, 2)}\n` : format === 'tei' ? (await import('../tei.js')).toTei(apparatus, parsed.text, await title(id, transcript, parsed)) : summary(apparatus);
  if (options.out) {
    try {
      await writeAtomic(options.out, output);
    } catch (error) {
      throw new InputError(`${shown(options.out)}: cannot write the apparatus there: ${reason(error)}`);
    }
  }
  return { apparatus, output, pages, text, parsed, partial };
}

/** The apparatus for reading: counts by type, then each variant with its id and place. OCR entries and accidentals are counted, not listed. */
export function summary(apparatus: Apparatus): string {
  const out = [`collate run ${apparatus.document}: ${apparatus.witnesses.scan.pages.length} page(s) of ${apparatus.witnesses.scan.folder} against ${apparatus.witnesses.edition.file}`, ''];
  for (const type of EntryType.options) {
    const entries = apparatus.entries.filter((e) => e.type === type);
    const subtypes = new Map<string, number>();
    for (const e of entries) subtypes.set(e.subtype ?? '', (subtypes.get(e.subtype ?? '') ?? 0) + 1);
    const detail = [...subtypes].filter(([s]) => s).map(([s, n]) => `${s} ${n}`).join(', ');
    out.push(`${type.padEnd(12)} ${String(entries.length).padStart(4)}${detail ? `  (${detail})` : ''}`);
  }
  out.push(`${'stripped'.padEnd(12)} ${String(apparatus.stripped.length).padStart(4)}  lines removed from the pages, each with its rule`);
  if (apparatus.reclaimed?.length) out.push(`${'reclaimed'.padEnd(12)} ${String(apparatus.reclaimed.length).padStart(4)}  stripped lines given back: their words are the edition's`);
  const suspect = apparatus.entries.filter((e) => e.evidence?.suspect).length;
  if (suspect > 0) out.push(`${'suspect'.padEnd(12)} ${String(suspect).padStart(4)}  judged with doubt: collate review ${apparatus.document} --suspect`);
  out.push('');
  for (const e of apparatus.entries.filter((e) => e.type !== 'ocr' && e.type !== 'accidental')) {
    const show = (s: string) => (s === '' ? '—' : JSON.stringify(s.replace(/\s+/g, ' ')));
    out.push(`${e.id}  p.${e.page} l.${e.scan.line}  ${e.type}${e.subtype ? `/${e.subtype}` : ''}  ${show(e.lemma)} ] ${show(e.reading)}   …${e.context.before.slice(-25)} ‸ ${e.context.after.slice(0, 25)}…`);
  }
  return `${out.join('\n')}\n`;
}
