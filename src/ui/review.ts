/**
 * Interactive review in the terminal: one entry at a time, the edition's context and the scan's line with
 * the difference highlighted, its type, OCR confidence and place, and progress by type. Keys decide; each
 * decision is saved at once (atomically, with a backup), so quitting or a crash loses nothing.
 */
import readline from 'node:readline';
import { Chalk } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import { decide, type Action } from '../decisions.js';
import { EntryType, type Apparatus, type Decision, type Decisions, type Entry } from '../model.js';
import { lineAround } from '../witness.js';

export interface Session {
  apparatus: Apparatus;
  queue: Entry[];
  decisions: Decisions;
  reviewer: string;
  save: (decisions: Decisions) => Promise<void>;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

const KEYS = 'a accept · o OCR error · r reject · t type · n note · s/→ skip · b/← back · u undo · q quit';
const TYPE_KEYS: Record<string, EntryType> = { g: 'garble', e: 'editorial', s: 'substantive', a: 'accidental', o: 'ocr' };

function screen(s: Session, at: number, message: string): string {
  const c = new Chalk({ level: s.output.hasColors?.() && process.env.NO_COLOR === undefined ? 2 : 0 });
  const entry = s.queue[at]!;
  const width = Math.min(s.output.columns ?? 100, 120);
  const status = (e: Entry) => s.decisions.decisions[e.id]?.status ?? 'unreviewed';
  const byType = EntryType.options
    .map((t) => [t, s.queue.filter((e) => e.type === t)] as const)
    .filter(([, list]) => list.length > 0)
    .map(([t, list]) => `${t} ${list.filter((e) => status(e) !== 'unreviewed').length}/${list.length}`)
    .join('  ');
  const decision = s.decisions.decisions[entry.id];
  const text = s.apparatus.witnesses.scan.text;
  const [lineStart, lineEnd] = lineAround(text, entry.scan.start, entry.scan.end);
  const mark = (t: string) => (t === '' ? c.dim('‸') : c.bold.inverse(t));
  const lines = [
    c.bold(`collate review ${s.apparatus.document}`) + c.dim(`  entry ${at + 1} of ${s.queue.length}   ${byType}`),
    '',
    `${c.bold(`${entry.type}${entry.subtype ? `/${entry.subtype}` : ''}`)}   page ${entry.page}, line ${entry.scan.line}   OCR confidence ${entry.scan.confidence}   ${c.dim(entry.id)}`,
    `status: ${decision ? c.bold(decision.status) : 'unreviewed'}${decision?.type ? ` as ${decision.type}${decision.subtype ? `/${decision.subtype}` : ''}` : ''}${decision?.note ? `   note: ${decision.note}` : ''}`,
    ...(entry.evidence ? [c.dim(`rule ${entry.rule}   P(OCR error) ${entry.evidence.noise.toFixed(2)}${entry.evidence.suspect ? '   suspect' : ''}${entry.evidence.believed ? `   the page likely reads ${JSON.stringify(entry.evidence.believed)}` : ''}   weighed: ${entry.evidence.alternatives.map((a) => `${JSON.stringify(a.word)} ${a.p.toFixed(2)}`).join(', ')}`)] : entry.rule ? [c.dim(`rule ${entry.rule}${entry.rule === 'ocr-unread' ? '   the page cannot be read where the words would stand: look at the image' : ''}`)] : []),
    '',
    c.dim('edition'),
    wrapAnsi(`…${entry.context.before}${mark(entry.lemma)}${entry.context.after}…`, width - 2, { hard: true }),
    '',
    c.dim(`scan, ${entry.scan.file}`),
    wrapAnsi(`${text.slice(lineStart, entry.scan.start)}${mark(entry.reading)}${text.slice(entry.scan.end, lineEnd)}`, width - 2, { hard: true }),
    '',
    c.dim(KEYS),
    message ? c.yellow(message) : '',
  ];
  return `\u001b[2J\u001b[H${lines.join('\n')}\n`;
}

/** Reads one line of text (a note) in the terminal. */
function ask(s: Session, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: s.input, output: s.output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

/** Runs the session until the reviewer quits or the queue ends. Returns how many decisions were made. */
export async function interactiveReview(s: Session): Promise<number> {
  readline.emitKeypressEvents(s.input);
  let at = 0;
  let made = 0;
  let message = '';
  const undo: { id: string; before: Decision | undefined }[] = [];
  const record = async (action: Action, advance = true) => {
    const entry = s.queue[at]!;
    undo.push({ id: entry.id, before: s.decisions.decisions[entry.id] });
    s.decisions = decide(s.decisions, entry, action, s.reviewer, new Date().toISOString(), s.apparatus.witnesses.edition.digest);
    await s.save(s.decisions);
    made++;
    message = `saved: ${action.status}${action.note ? ' with note' : ''}${action.type ? ` as ${action.type}` : ''}`;
    if (advance && at < s.queue.length - 1) at++;
    else if (advance) message += ` · that was the last of ${s.queue.length}: q quits, u undoes, b goes back`;
  };
  const key = (): Promise<{ name?: string; sequence?: string; ctrl?: boolean }> =>
    new Promise((resolve) => {
      s.input.setRawMode?.(true);
      s.input.resume();
      s.input.once('keypress', (_str, k: { name?: string; sequence?: string; ctrl?: boolean }) => {
        s.input.setRawMode?.(false);
        s.input.pause();
        resolve(k);
      });
    });
  try {
    for (;;) {
      s.output.write(screen(s, at, message));
      message = '';
      const k = await key();
      const name = k.name ?? k.sequence;
      if ((k.ctrl && name === 'c') || name === 'q') break;
      const entry = s.queue[at]!;
      const current = s.decisions.decisions[entry.id];
      // A decision carries only what its reviewer wrote: their own note, and the type they gave before
      // deciding. Another reviewer's note stays with that reviewer's decision, kept as `previous`.
      const ownNote = current?.reviewer === s.reviewer ? current.note : undefined;
      const own = { note: ownNote, ...(current?.reviewer === s.reviewer && current.status === 'unreviewed' ? { type: current.type, subtype: current.subtype } : {}) };
      if (name === 'a') await record({ ...own, status: 'accepted' });
      else if (name === 'o') await record({ ...own, status: 'ocr-error' });
      else if (name === 'r') await record({ ...own, status: 'rejected' });
      else if (name === 's' || name === 'right' || name === 'space') at = Math.min(s.queue.length - 1, at + 1);
      else if (name === 'b' || name === 'left') at = Math.max(0, at - 1);
      else if (name === 'n') {
        const note = await ask(s, 'note: ');
        // A note alone does not decide: an undecided entry stays unreviewed, with its note.
        if (note) await record({ status: current?.status ?? 'unreviewed', type: current?.type, subtype: current?.subtype, note }, false);
      } else if (name === 't') {
        s.output.write('type: g garble · e editorial · s substantive · a accidental · o ocr  ');
        const t = TYPE_KEYS[(await key()).name ?? ''];
        if (!t) message = 'type unchanged';
        else {
          const subtype = await ask(s, `subtype for ${t} (enter for none): `);
          await record({ status: current?.status ?? 'unreviewed', type: t, ...(subtype ? { subtype } : {}), note: ownNote }, false);
        }
      } else if (name === 'u') {
        const last = undo.pop();
        if (!last) message = 'nothing to undo';
        else {
          const { [last.id]: _undone, ...rest } = s.decisions.decisions;
          s.decisions = { ...s.decisions, decisions: last.before ? { ...rest, [last.id]: last.before } : rest };
          await s.save(s.decisions);
          made--;
          at = Math.max(0, s.queue.findIndex((e) => e.id === last.id));
          message = 'undone';
        }
      } else message = `unknown key; ${KEYS}`;
    }
  } finally {
    s.input.setRawMode?.(false);
    s.input.pause();
  }
  s.output.write(`\n${made} decision(s) saved\n`);
  return made;
}
