/**
 * `collate review <id>`: reviewers' decisions on the apparatus entries, saved to
 * transcripts/<id>.decisions.json after every decision (atomically, with a backup). This module is the
 * non-interactive form, for scripts: --accept, --ocr-error, --reject with entry ids, or --from a file;
 * and --forget, for a decision whose entry is gone.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { applyDecisions, decide, emptyDecisions, forget, type Action } from '../decisions.js';
import { InputError } from '../errors.js';
import { loadConfig, readDecisions, readJson, shown, writeDecisions } from '../files.js';
import { EntryType, type Apparatus, type Entry } from '../model.js';
import { interactiveReview } from '../ui/review.js';
import { decisionsPath, run, type RunOptions } from './run.js';

export interface ReviewOptions extends RunOptions {
  accept?: string[];
  ocrError?: string[];
  reject?: string[];
  /** Orphaned decisions to remove: their entries are no longer in the apparatus. */
  forget?: string[];
  /** Record that the decisions hold for the edition as it is now, when its change left nothing to decide. */
  confirmEdition?: boolean;
  /** A JSON file: [{ id, status, type?, subtype?, note? }]. */
  from?: string;
  reviewer?: string;
  note?: string;
  /** Set when the process has a terminal to review on. */
  interactive?: boolean;
  /** Interactive: only entries of these types (default: all but accidental). */
  types?: string[];
  /** Interactive: only entries not yet decided. */
  unreviewed?: boolean;
  /** Interactive: only entries the noise model marked suspect. */
  suspect?: boolean;
  /** Mark every undecided `ocr` entry that is not suspect as an OCR error, in one go. */
  dismissOcr?: boolean;
}

const Batch = z.array(z.object({ id: z.string(), status: z.enum(['accepted', 'ocr-error', 'rejected']), type: EntryType.optional(), subtype: z.string().optional(), note: z.string().optional() }).strict());

export async function review(id: string, options: ReviewOptions): Promise<{ decided: number; file: string }> {
  const log = options.log ?? (() => {});
  const actions: [string, Action][] = [
    ...(options.accept ?? []).map((e): [string, Action] => [e, { status: 'accepted', note: options.note }]),
    ...(options.ocrError ?? []).map((e): [string, Action] => [e, { status: 'ocr-error', note: options.note }]),
    ...(options.reject ?? []).map((e): [string, Action] => [e, { status: 'rejected', note: options.note }]),
    ...(options.from ? (await readJson(options.from, Batch, 'the decisions batch')).map(({ id: entry, ...action }): [string, Action] => [entry, action]) : []),
  ];
  const forgotten = options.forget ?? [];
  if (forgotten.length > 0 && actions.length > 0) throw new InputError('--forget removes decisions and records none: run it on its own, then record the others');
  if (options.confirmEdition && (actions.length > 0 || forgotten.length > 0)) throw new InputError('--confirm-edition records no decision: run it on its own, once the others are recorded');
  if (options.confirmEdition && options.pages) throw new InputError('--confirm-edition needs the whole document to tell that nothing is left to decide: leave out --pages');
  // On some pages only, every entry of the others would look gone.
  if (forgotten.length > 0 && options.pages) throw new InputError('--forget needs the whole document to tell which entries are gone: leave out --pages');
  if (forgotten.length > 0 && options.dismissOcr) throw new InputError('--forget removes decisions and records none: run it on its own, then --dismiss-ocr');
  if (actions.length === 0 && forgotten.length === 0 && !options.confirmEdition && !options.dismissOcr && !options.interactive) {
    throw new InputError('review needs a terminal, or decisions to record: --accept ID…, --ocr-error ID…, --reject ID…, --dismiss-ocr, --forget ID… or --from FILE (ids from collate run --format json)');
  }
  for (const t of options.types ?? []) if (!EntryType.options.includes(t as EntryType)) throw new InputError(`--type ${t}: not a type; the types are ${EntryType.options.join(', ')}`);
  const transcript = options.transcript ?? path.join('transcripts', `${id}.txt`);
  const file = decisionsPath(transcript);
  const { apparatus } = await run(id, { ...options, decisions: false, format: 'json' });
  if (forgotten.length > 0) {
    await forgetOrphans(apparatus, file, forgotten, log);
    return { decided: 0, file };
  }
  if (options.confirmEdition) {
    await confirmEdition(apparatus, file, log);
    return { decided: 0, file };
  }
  if (options.dismissOcr) {
    // OCR entries the noise model is sure of, not yet decided; suspect ones are left for a look.
    const decided = (await readDecisions(file))?.decisions ?? {};
    const ocr = apparatus.entries.filter((e) => e.type === 'ocr' && !decided[e.id]);
    const sure = ocr.filter((e) => !e.evidence?.suspect);
    actions.push(...sure.map((e): [string, Action] => [e.id, { status: 'ocr-error', note: options.note ?? `dismissed with --dismiss-ocr (${e.rule})` }]));
    log(`${sure.length} undecided ocr entr${sure.length === 1 ? 'y' : 'ies'} to mark as OCR errors; ${ocr.length - sure.length} suspect left for review (collate review ${id} --suspect)`);
    if (actions.length === 0) return { decided: 0, file };
  }
  if (actions.length === 0) {
    const decisions = (await readDecisions(file)) ?? emptyDecisions(apparatus);
    const types = options.types ?? EntryType.options.filter((t) => t !== 'accidental');
    const queue = apparatus.entries.filter((e) => types.includes(e.type) && (!options.unreviewed || !decisions.decisions[e.id]) && (!options.suspect || e.evidence?.suspect === true));
    if (queue.length === 0) {
      log('nothing to review with these filters');
      return { decided: 0, file };
    }
    const reviewer = options.reviewer ?? process.env.COLLATE_REVIEWER ?? os.userInfo().username;
    const decided = await interactiveReview({ apparatus, queue, decisions, reviewer, save: (d) => writeDecisions(file, d), input: process.stdin, output: process.stdout });
    return { decided, file };
  }
  const byId = new Map(apparatus.entries.map((e) => [e.id, e]));
  const unknown = actions.filter(([entry]) => !byId.has(entry)).map(([entry]) => entry);
  if (unknown.length > 0) throw new InputError(`no entry ${unknown.join(', ')} in the apparatus of ${id} (see collate run ${id} --format json); nothing was recorded`);
  let decisions = (await readDecisions(file)) ?? emptyDecisions(apparatus);
  const reviewer = options.reviewer ?? process.env.COLLATE_REVIEWER ?? os.userInfo().username;
  for (const [entry, action] of actions) {
    decisions = decide(decisions, byId.get(entry)!, action, reviewer, new Date().toISOString(), apparatus.witnesses.edition.digest);
    await writeDecisions(file, decisions);
    log(`${entry}: ${action.status}${action.type ? ` as ${action.type}${action.subtype ? `/${action.subtype}` : ''}` : ''} (${describe(byId.get(entry)!)})`);
  }
  log(`recorded ${actions.length} decision(s) in ${shown(file)}`);
  return { decided: actions.length, file };
}

/**
 * Removes decisions whose entries are gone, one file write for all. A decision on an entry still in the
 * apparatus is refused: it is decided again, which keeps the old decision as its `previous`.
 */
async function forgetOrphans(apparatus: Apparatus, file: string, ids: readonly string[], log: (line: string) => void): Promise<void> {
  const decisions = await readDecisions(file);
  const missing = ids.filter((id) => !decisions || !Object.hasOwn(decisions.decisions, id));
  if (missing.length > 0) throw new InputError(`no decision ${missing.join(', ')} in ${shown(file)}; nothing was forgotten`);
  const live = new Set(apparatus.entries.map((e) => e.id));
  const current = ids.filter((id) => live.has(id));
  if (current.length > 0) throw new InputError(`decision ${current.join(', ')} is for an entry still in the apparatus; decide it again (--accept, --ocr-error, --reject) instead; nothing was forgotten`);
  await writeDecisions(file, forget(decisions!, ids));
  for (const id of ids) {
    const d = decisions!.decisions[id]!;
    log(`${id}: forgotten (${d.status}, ${describe(d.entry)})`);
  }
  log(`forgot ${ids.length} decision(s) in ${shown(file)}; until the next save, the file as it was is in ${shown(file)}.bak`);
}

/**
 * Records the edition's present digest in the decisions file. Only when the change left nothing to
 * decide: every entry of a type that must be reviewed is decided, and no decision is orphaned. Otherwise
 * deciding those entries records the digest anyway.
 */
async function confirmEdition(apparatus: Apparatus, file: string, log: (line: string) => void): Promise<void> {
  const decisions = await readDecisions(file);
  if (!decisions) throw new InputError(`${shown(file)}: no decisions to confirm; record some with --accept, --ocr-error or --reject`);
  const digest = apparatus.witnesses.edition.digest;
  if (decisions.edition.digest === digest) {
    log(`${shown(file)}: the decisions already hold for ${apparatus.witnesses.edition.file}; nothing to confirm`);
    return;
  }
  const { mustReview } = await loadConfig(undefined);
  const { apparatus: decided, orphans } = applyDecisions(apparatus, decisions);
  const unreviewed = decided.entries.filter((e) => e.status === 'unreviewed' && mustReview.includes(e.type)).length;
  if (unreviewed > 0 || orphans.length > 0) {
    throw new InputError(`${apparatus.witnesses.edition.file} changed in ways to decide first (${unreviewed} unreviewed entr${unreviewed === 1 ? 'y' : 'ies'}, ${orphans.length} orphaned decision(s); collate check ${apparatus.document} lists them); nothing was confirmed`);
  }
  await writeDecisions(file, { ...decisions, edition: { file: apparatus.witnesses.edition.file, digest } });
  log(`${shown(file)}: the ${Object.keys(decisions.decisions).length} decision(s) now hold for ${apparatus.witnesses.edition.file} as it is (${digest.slice(0, 19)}…); the file as it was is in ${shown(file)}.bak`);
}

/** An entry, or a decision's copy of one, in a line: type, page, lemma and reading. */
function describe(e: Pick<Entry, 'type' | 'subtype' | 'page' | 'lemma' | 'reading'>): string {
  return `${e.type}${e.subtype ? `/${e.subtype}` : ''} p.${e.page} ${JSON.stringify(e.lemma)} | ${JSON.stringify(e.reading)}`;
}
