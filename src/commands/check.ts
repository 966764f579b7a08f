/**
 * `collate check [id…]`: the CI gate for transcript fidelity. For each document it fails (exit code 1)
 * when the edition changed since the decisions were made, an entry of a type that must be reviewed is
 * unreviewed, a decision points to an entry that no longer exists, the body CER on the fixtures is over
 * the threshold, or the apparatus no longer validates against the committed JSON Schema.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { create } from 'xmlbuilder2';
import { applyDecisions } from '../decisions.js';
import { placeInTranscript } from '../edition.js';
import { evaluate } from '../evaluate.js';
import { InputError } from '../errors.js';
import { checkDocumentId, CONFIG_FILE, loadConfig, loadTruth, readDecisions, reason, refuseToOverwrite, shown, writeAtomic, type Input } from '../files.js';
import type { CollateConfig, Finding } from '../model.js';
import { SCHEMA_FILE, SCHEMA_PATH } from '../schema.js';
import type { ScanOptions } from './common.js';
import { decisionsPath, documentInputs, run } from './run.js';

export interface CheckOptions extends ScanOptions {
  /** Where the edition texts and their decisions are (default: transcripts/). */
  transcripts?: string;
  /** Ground truth for the body CER (default: fixtures/<id>, skipped when that folder is not there). */
  fixtures?: string;
  json?: boolean;
  junit?: string;
  /** The xml:id of the document to collate in a TEI transcript that holds several. */
  teiDoc?: string;
}

/** The committed JSON Schema of the apparatus, compiled once for every document checked. */
async function schemaValidator(): Promise<ValidateFunction> {
  const schema: unknown = JSON.parse(await fs.readFile(SCHEMA_PATH, 'utf8'));
  return new Ajv2020({ allErrors: true, strict: false }).compile(schema as object);
}

/** A document's edition: `<id>.txt`, or a TEI `<id>.xml` when there is no plain text. */
async function transcriptOf(id: string, folder: string): Promise<string> {
  const plain = path.join(folder, `${id}.txt`);
  const tei = path.join(folder, `${id}.xml`);
  try {
    await fs.access(plain);
    return plain;
  } catch {
    try {
      await fs.access(tei);
      return tei;
    } catch {
      return plain;
    }
  }
}

async function checkDocument(id: string, config: CollateConfig, validate: ValidateFunction, options: CheckOptions): Promise<Finding[]> {
  const findings: Finding[] = [];
  const transcript = await transcriptOf(id, options.transcripts ?? 'transcripts');
  const decisionsFile = decisionsPath(transcript);
  const { apparatus: fresh, pages, parsed, partial } = await run(id, { ...options, transcript, decisions: false, format: 'json' });
  const decisions = await readDecisions(decisionsFile);
  const { apparatus, orphans } = applyDecisions(fresh, decisions, partial ? new Set(pages.map((p) => p.label)) : undefined);
  const at = (offset: number) => ({ file: shown(transcript), ...placeInTranscript(parsed, offset) });
  // Commands for a fix, on the same transcript and scans as this check.
  const same = `${options.transcripts ? ` --transcript ${shown(transcript)}` : ''}${options.scans ? ` --scans ${shown(options.scans)}` : ''}`;
  const review = `collate review ${id}${same}`;

  // What is left to decide: entries of the types that must be reviewed, and decisions whose entries are gone.
  const open: Finding[] = [];
  for (const entry of apparatus.entries) {
    if (entry.status !== 'unreviewed' || !config.mustReview.includes(entry.type)) continue;
    open.push({
      ruleId: 'unreviewed',
      reason: `unreviewed ${entry.type}${entry.subtype ? `/${entry.subtype}` : ''}: edition ${JSON.stringify(entry.lemma)}, scan ${JSON.stringify(entry.reading)} (scan page ${entry.page}, line ${entry.scan.line}; …${entry.context.before.slice(-30)} ‸ ${entry.context.after.slice(0, 30)}…)`,
      place: at(entry.edition.start),
      source: 'collate',
      fatal: true,
      fix: `${review} --accept ${entry.id}  (or --ocr-error / --reject)`,
    });
  }
  for (const [entryId, d] of orphans) {
    open.push({
      ruleId: 'orphaned-decision',
      reason: `decision ${entryId} (${d.status}: edition ${JSON.stringify(d.entry.lemma)}, scan ${JSON.stringify(d.entry.reading)}, page ${d.entry.page}) matches no entry now`,
      place: { file: shown(decisionsFile) },
      source: 'collate',
      fatal: true,
      fix: `the texts or their reading changed under it: review the entry that replaced it, if any, then ${review} --forget ${entryId}`,
    });
  }

  if (!decisions) {
    findings.push({ ruleId: 'unreviewed', reason: `no decisions file for ${id}`, place: { file: shown(decisionsFile) }, source: 'collate', fatal: true, fix: `review the entries: ${review} --accept ID… (or --from FILE)` });
  } else if (decisions.edition.digest !== apparatus.witnesses.edition.digest) {
    findings.push({
      ruleId: 'edition-changed',
      reason: `${shown(transcript)} has changed since the decisions were made`,
      place: { file: shown(transcript) },
      source: 'collate',
      actual: apparatus.witnesses.edition.digest,
      expected: decisions.edition.digest,
      fatal: true,
      // A decision recorded also records the edition's digest. When the change left nothing to decide
      // (only accidentals or OCR entries moved), none would be: the decisions are confirmed as they stand.
      fix:
        open.length > 0
          ? `if the change is intended, settle the ${open.length} finding(s) below; each decision recorded also records the edition as it is now. Otherwise restore the transcript`
          : `if the change is intended, read what it changed (collate diff ${id}${same} --type accidental ocr), then confirm the decisions for this edition: ${review} --confirm-edition. Otherwise restore the transcript`,
    });
  }
  findings.push(...open);

  const fixtures = options.fixtures ?? path.join('fixtures', id);
  if (options.fixtures !== undefined || (await present(fixtures))) {
    const truth = await loadTruth(fixtures);
    const labels = new Set(truth.pages.map((p) => p.label));
    if (!pages.some((p) => labels.has(p.label))) {
      throw new InputError(`${shown(fixtures)}: no ground-truth page has the label of a scanned page (${pages.map((p) => p.label).join(', ')}), so the body CER measures nothing; pass --fixtures DIR with this document's ground truth`);
    }
    // Anything else thrown while measuring is a bug, not an absent measurement: it goes up as an internal error.
    const cer = evaluate(id, shown(fixtures), truth.pages, pages).total.cer;
    if (cer.rate > config.maxBodyCer) {
      findings.push({ ruleId: 'body-cer', reason: `body CER ${(cer.rate * 100).toFixed(2)}% on ${shown(fixtures)} is over the ${(config.maxBodyCer * 100).toFixed(2)}% threshold`, place: { file: shown(fixtures) }, source: 'collate', actual: String(cer.rate), expected: `≤ ${config.maxBodyCer}`, fatal: true, fix: `collate eval ${id}${options.fixtures ? ` --fixtures ${shown(fixtures)}` : ''} lists the pages and lines` });
    }
  }

  if (!validate(JSON.parse(JSON.stringify(apparatus)))) {
    for (const error of validate.errors ?? []) {
      findings.push({ ruleId: 'schema', reason: `the apparatus does not validate against ${SCHEMA_FILE}: ${error.instancePath || '(top)'} ${error.message ?? ''}`, place: { file: SCHEMA_FILE }, source: 'ajv', fatal: true, fix: 'if the model changed on purpose, run npm run schema and commit the schema' });
    }
  }
  return findings;
}

/** Whether a default folder is there; only its absence means there is nothing to measure. */
async function present(dir: string): Promise<boolean> {
  try {
    await fs.access(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new InputError(`${shown(dir)}: cannot read the fixture folder: ${reason(error)}`);
  }
}

/** Options that name one document's files: with several documents, each would get the same. */
const ONE_DOCUMENT = [
  ['scans', '--scans'],
  ['pages', '--pages'],
  ['fixtures', '--fixtures'],
] as const;

export async function check(ids: string[], options: CheckOptions = {}): Promise<{ findings: Finding[]; output: string }> {
  const config = await loadConfig(options.config);
  const documents = ids.length > 0 ? ids : (config.documents ?? []);
  if (documents.length === 0) throw new InputError(`name the documents to check (collate check 511 878) or list them in ${CONFIG_FILE}`);
  const given = ONE_DOCUMENT.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (documents.length > 1 && given.length > 0) {
    throw new InputError(`${given.join(', ')} name${given.length === 1 ? 's' : ''} one document's files, and ${documents.length} documents were given (${documents.join(' ')}): check them one at a time, e.g. collate check ${documents[0]} ${given[0]} …`);
  }
  if (options.junit) {
    const inputs: Input[] = [{ path: options.config ?? CONFIG_FILE, what: 'the collate config' }, { path: SCHEMA_PATH, what: 'the apparatus schema' }];
    for (const id of documents) {
      inputs.push(...(await documentInputs(id, { ...options, transcript: path.join(options.transcripts ?? 'transcripts', `${id}.txt`) })));
    }
    await refuseToOverwrite('--junit', options.junit, inputs);
  }
  const findings: Finding[] = [];
  const validate = await schemaValidator();
  for (const id of documents) findings.push(...(await checkDocument(checkDocumentId(id), config, validate, options)).map((f) => ({ ...f, source: id })));
  if (options.junit) await writeAtomic(options.junit, junit(documents, findings));
  const output = options.json ? `${JSON.stringify({ ok: !findings.some((f) => f.fatal), documents, findings }, null, 2)}\n` : report(documents, findings);
  return { findings, output };
}

function report(documents: string[], findings: Finding[]): string {
  if (findings.length === 0) return `collate check ${documents.join(' ')}: fidelity holds\n`;
  const lines = [`collate check ${documents.join(' ')}: ${findings.filter((f) => f.fatal).length} problem(s)`, ''];
  for (const f of findings) {
    const where = `${f.place.file}${f.place.line ? `:${f.place.line}:${f.place.column}` : ''}`;
    lines.push(`${where}: ${f.ruleId}: ${f.reason}`, `  fix: ${f.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

/** GitHub Actions workflow commands: each finding as an annotation on its file and line. */
export function annotations(findings: Finding[]): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return findings
    .map((f) => `::${f.fatal ? 'error' : 'warning'} file=${f.place.file}${f.place.line ? `,line=${f.place.line},col=${f.place.column}` : ''},title=collate ${f.ruleId}::${escape(`${f.reason}. Fix: ${f.fix}`)}`)
    .join('\n');
}

function junit(documents: string[], findings: Finding[]): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'collate check', tests: documents.length, failures: documents.filter((d) => findings.some((f) => f.source === d && f.fatal)).length });
  for (const id of documents) {
    const mine = findings.filter((f) => f.source === id);
    const suite = doc.ele('testsuite', { name: `collate check ${id}`, tests: 1, failures: mine.some((f) => f.fatal) ? 1 : 0 });
    const testcase = suite.ele('testcase', { classname: 'collate.check', name: `fidelity of ${id}` });
    for (const f of mine) testcase.ele('failure', { type: f.ruleId, message: f.reason }).txt(`${f.place.file}${f.place.line ? `:${f.place.line}:${f.place.column}` : ''}\nfix: ${f.fix}`);
  }
  return `${doc.end({ prettyPrint: true })}\n`;
}
