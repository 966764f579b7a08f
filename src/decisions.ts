/**
 * Reviewers' decisions: made one at a time against an entry, merged into an apparatus by entry id, and
 * never dropped. A decision whose entry no longer exists is reported as orphaned, and goes only when a
 * reviewer forgets it by name. Pure.
 */
import type { Apparatus, Decision, Decisions, Entry, EntryType } from './model.js';

export type Action = { status: Decision['status']; type?: EntryType; subtype?: string; note?: string };

export function emptyDecisions(apparatus: Pick<Apparatus, 'document' | 'witnesses'>): Decisions {
  return { schemaVersion: 1, document: apparatus.document, edition: { file: apparatus.witnesses.edition.file, digest: apparatus.witnesses.edition.digest }, decisions: {} };
}

/** A decision as the `previous` of the next one: the values it held, without its own history. */
function withoutHistory(decision: Decision): Omit<Decision, 'previous'> {
  const { previous: _older, ...values } = decision;
  return values;
}

/** Records a decision on an entry, keeping the one it replaces. */
export function decide(decisions: Decisions, entry: Entry, action: Action, reviewer: string, time: string, digest: string): Decisions {
  const previous = decisions.decisions[entry.id];
  const decision: Decision = {
    status: action.status,
    ...(action.type ? { type: action.type } : {}),
    ...(action.subtype ? { subtype: action.subtype } : {}),
    ...(action.note ? { note: action.note } : {}),
    reviewer,
    time,
    entry: { type: entry.type, ...(entry.subtype ? { subtype: entry.subtype } : {}), lemma: entry.lemma, reading: entry.reading, page: entry.page, edition: entry.edition },
    ...(previous ? { previous: withoutHistory(previous) } : {}),
  };
  return { ...decisions, edition: { ...decisions.edition, digest }, decisions: { ...decisions.decisions, [entry.id]: decision } };
}

/**
 * The apparatus with the decisions applied by id, and the decisions whose entries are gone. Given the
 * labels of the pages a partial scan covers, a decision on any other page is out of sight, not orphaned:
 * its entry would be there on a run of the whole document.
 */
export function applyDecisions(apparatus: Apparatus, decisions: Decisions | undefined, pages?: ReadonlySet<string>): { apparatus: Apparatus; orphans: [string, Decision][] } {
  if (!decisions) return { apparatus, orphans: [] };
  const ids = new Set(apparatus.entries.map((e) => e.id));
  const entries = apparatus.entries.map((entry) => {
    const d = decisions.decisions[entry.id];
    if (!d) return entry;
    return { ...entry, status: d.status, ...(d.type ? { type: d.type } : {}), ...(d.subtype ? { subtype: d.subtype } : {}) };
  });
  const orphans = Object.entries(decisions.decisions).filter(([id, d]) => !ids.has(id) && (!pages || pages.has(d.entry.page)));
  return { apparatus: { ...apparatus, entries }, orphans };
}

/** The decisions without these, which a reviewer has named to forget. */
export function forget(decisions: Decisions, ids: readonly string[]): Decisions {
  const gone = new Set(ids);
  return { ...decisions, decisions: Object.fromEntries(Object.entries(decisions.decisions).filter(([id]) => !gone.has(id))) };
}
