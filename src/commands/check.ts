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
import { CheckFailed, InputError } from '../errors.js';
import { checkDocumentId, loadTruth, readDecisions, readJsonIfPresent, shown, writeAtomic } from '../files.js';
import { CollateConfig, type Finding } from '../model.js';
import { SCHEMA_FILE } from '../schema.js';
import type { ScanOptions } from './common.js';
import { decisionsPath, run } from './run.js';

export interface CheckOptions extends ScanOptions {
  /** Where the edition texts and their decisions are (default: transcripts/). */
  transcripts?: string;
  config?: string;
  json?: boolean;
  junit?: string;
  /** The xml:id of the document to collate in a TEI transcript that holds several. */
  teiDoc?: string;
}

const CONFIG_FILE = 'collate.config.json';

async function loadConfig(file: string | undefined): Promise<CollateConfig> {
  const config = await readJsonIfPresent(file ?? CONFIG_FILE, CollateConfig, 'the collate config');
  if (config) return config;
  if (file) throw new InputError(`${shown(file)}: no such config file`);
  return CollateConfig.parse({});
}

/** The committed JSON Schema of the apparatus, compiled once for every document checked. */
async function schemaValidator(): Promise<ValidateFunction> {
  const schema: unknown = JSON.parse(await fs.readFile(SCHEMA_FILE, 'utf8'));
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
  const { apparatus: fresh, pages, parsed } = await run(id, { ...options, transcript, decisions: false, format: 'json' });
  const decisions = await readDecisions(decisionsFile);
  const { apparatus, orphans } = applyDecisions(fresh, decisions);
  const at = (offset: number) => ({ file: shown(transcript), ...placeInTranscript(parsed, offset) });
  // The review command for a fix, on the same transcript and scans as this check.
  const review = `collate review ${id}${options.transcripts ? ` --transcript ${shown(transcript)}` : ''}${options.scans ? ` --scans ${shown(options.scans)}` : ''}`;

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
      fix: `if the change is intended, review what it changed (collate run ${id} --format text) and record decisions again; otherwise restore the transcript`,
    });
  }
  for (const entry of apparatus.entries) {
    if (entry.status !== 'unreviewed' || !config.mustReview.includes(entry.type)) continue;
    findings.push({
      ruleId: 'unreviewed',
      reason: `unreviewed ${entry.type}${entry.subtype ? `/${entry.subtype}` : ''}: edition ${JSON.stringify(entry.lemma)}, scan ${JSON.stringify(entry.reading)} (scan page ${entry.page}, line ${entry.scan.line}; …${entry.context.before.slice(-30)} ‸ ${entry.context.after.slice(0, 30)}…)`,
      place: at(entry.edition.start),
      source: 'collate',
      fatal: true,
      fix: `${review} --accept ${entry.id}  (or --ocr-error / --reject)`,
    });
  }
  for (const [entryId, d] of orphans) {
    findings.push({
      ruleId: 'orphaned-decision',
      reason: `decision ${entryId} (${d.status}: edition ${JSON.stringify(d.entry.lemma)}, scan ${JSON.stringify(d.entry.reading)}, page ${d.entry.page}) matches no entry now`,
      place: { file: shown(decisionsFile) },
      source: 'collate',
      fatal: true,
      fix: `the texts or their reading changed under it: review the entry that replaced it, if any, then ${review} --forget ${entryId}`,
    });
  }

  const fixtures = path.join('fixtures', id);
  try {
    await fs.access(fixtures);
    const truth = await loadTruth(fixtures);
    const cer = evaluate(id, shown(fixtures), truth.pages, pages).total.cer;
    if (cer.rate > config.maxBodyCer) {
      findings.push({ ruleId: 'body-cer', reason: `body CER ${(cer.rate * 100).toFixed(2)}% on ${shown(fixtures)} is over the ${(config.maxBodyCer * 100).toFixed(2)}% threshold`, place: { file: shown(fixtures) }, source: 'collate', actual: String(cer.rate), expected: `≤ ${config.maxBodyCer}`, fatal: true, fix: `collate eval ${id} lists the pages and lines` });
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof CheckFailed) throw error;
    // No fixtures for this document: nothing to measure CER against.
  }

  if (!validate(JSON.parse(JSON.stringify(apparatus)))) {
    for (const error of validate.errors ?? []) {
      findings.push({ ruleId: 'schema', reason: `the apparatus does not validate against ${SCHEMA_FILE}: ${error.instancePath || '(top)'} ${error.message ?? ''}`, place: { file: SCHEMA_FILE }, source: 'ajv', fatal: true, fix: 'if the model changed on purpose, run npm run schema and commit the schema' });
    }
  }
  return findings;
}

export async function check(ids: string[], options: CheckOptions = {}): Promise<{ findings: Finding[]; output: string }> {
  const config = await loadConfig(options.config);
  const documents = ids.length > 0 ? ids : (config.documents ?? []);
  if (documents.length === 0) throw new InputError(`name the documents to check (collate check 511 878) or list them in ${CONFIG_FILE}`);
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
