/**
 * `collate diff <id>`: the differences for reading in a terminal. Each scan line that holds an entry is
 * shown with its page label and line in the margin, the edition's text struck and the scan's marked in
 * the entry's colour; OCR entries are dimmed. Wraps to the terminal; pages through `less -R` on a
 * terminal; plain text with [-edition-]{+scan+} markers when piped, with NO_COLOR or --no-color. Against a
 * TEI edition each entry's label gives the lemma's line and column in the XML file.
 */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import { Chalk, type ChalkInstance } from 'chalk';
import wrapAnsi from 'wrap-ansi';
import { InputError } from '../errors.js';
import { EntryType, type Apparatus, type Entry } from '../model.js';
import { lineAround } from '../witness.js';
import { run, type RunOptions } from './run.js';

export interface DiffOptions extends RunOptions {
  types?: string[];
  sideBySide?: boolean;
  color?: boolean;
  width?: number;
}

const paint = (c: ChalkInstance): Record<EntryType, (s: string) => string> => ({
  garble: c.magenta.bold,
  editorial: c.cyan,
  substantive: c.red.bold,
  accidental: c.yellow,
  ocr: c.dim,
});

/**
 * A side made only of hyphens, dashes or plus signs, by name: "[---]" for a deleted hyphen is hard to read,
 * and struck through in colour a hyphen is lost in the stroke.
 */
export function plainly(text: string): string {
  if (text === '-') return '‹hyphen›';
  if (/^-+$/.test(text)) return `‹dash, ${text.length} hyphens›`;
  if (text === '–') return '‹en dash›';
  if (text === '—') return '‹em dash›';
  if (/^\++$/.test(text)) return text.length === 1 ? '‹plus›' : `‹${text.length} plus signs›`;
  return text;
}

function mark(entry: Entry, c: ChalkInstance, color: boolean): string {
  const tint = paint(c)[entry.type];
  const [lemma, reading] = [plainly(entry.lemma), plainly(entry.reading)];
  const gone = lemma === '' ? '' : color ? tint(c.strikethrough(lemma)) : `[-${lemma}-]`;
  const here = reading === '' ? '' : color ? tint(c.underline(reading)) : `{+${reading}+}`;
  // A TEI edition's lemma is named by its line and column in the file, where the reader can find it.
  const source = entry.edition.line !== undefined ? ` ${entry.edition.line}:${entry.edition.column}` : '';
  const name = `${entry.type}${entry.subtype ? `/${entry.subtype}` : ''}${entry.status === 'unreviewed' ? '' : ` ${entry.status}`}${source}`;
  const label = color ? c.dim(`‹${name}›`) : `<${name}>`;
  return `${gone}${gone && here ? (color ? c.dim('→') : '') : ''}${here}${label}`;
}

export function renderDiff(apparatus: Apparatus, options: { types?: string[]; sideBySide?: boolean; color: boolean; width: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const entries = apparatus.entries.filter((e) => !options.types || options.types.includes(e.type));
  const text = apparatus.witnesses.scan.text;
  const out: string[] = [];
  const margin = 14;
  const body = Math.max(20, options.width - margin);
  const byLine = new Map<number, Entry[]>();
  for (const e of entries) {
    const [start] = lineAround(text, e.scan.start);
    byLine.set(start, [...(byLine.get(start) ?? []), e]);
  }
  let page = '';
  for (const [start, list] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const first = list[0]!;
    if (first.page !== page) {
      page = first.page;
      out.push('', c.bold(`page ${page}`) + c.dim(`  ${first.scan.file}`));
    }
    const where = `p.${first.page} l.${first.scan.line}`.padEnd(margin - 2);
    if (options.sideBySide) {
      for (const e of list) {
        const half = Math.floor((options.width - margin - 3) / 2);
        const left = wrapAnsi(`${e.context.before.slice(-40)}${e.lemma === '' ? c.dim('‸') : paint(c)[e.type](c.strikethrough(plainly(e.lemma)))}${e.context.after.slice(0, 40)}`, half, { hard: true }).split('\n');
        const [ls, le] = lineAround(text, e.scan.start);
        const right = wrapAnsi(`${text.slice(ls, e.scan.start)}${mark(e, c, options.color)}${text.slice(e.scan.end, le)}`, half, { hard: true }).split('\n');
        for (let i = 0; i < Math.max(left.length, right.length); i++) {
          const l = left[i] ?? '';
          const pad = ' '.repeat(Math.max(0, half - stripVTControlCharacters(l).length));
          out.push(`${i === 0 ? c.dim(where) : ' '.repeat(where.length)}  ${l}${pad} ${c.dim('│')} ${right[i] ?? ''}`);
        }
      }
      continue;
    }
    const [, end] = lineAround(text, start);
    let cursor = start;
    let line = '';
    for (const e of [...list].sort((a, b) => a.scan.start - b.scan.start || a.edition.start - b.edition.start)) {
      if (e.scan.start < cursor) continue;
      line += text.slice(cursor, e.scan.start) + mark(e, c, options.color);
      cursor = e.scan.end;
    }
    line += text.slice(cursor, end);
    wrapAnsi(line, body, { hard: true })
      .split('\n')
      .forEach((part, i) => out.push(`${i === 0 ? c.dim(where) : ' '.repeat(where.length)}  ${part}`));
  }
  // The document's counts, whatever is shown; then what a --type filter shows of them.
  const counts = EntryType.options.map((t) => `${t} ${apparatus.entries.filter((e) => e.type === t).length}`).join(', ');
  const filtered = options.types ? `; showing ${options.types.join(' and ')} only: ${entries.length} of ${apparatus.entries.length} entries` : '';
  out.unshift(wrapAnsi(c.bold(`collate diff ${apparatus.document}`) + c.dim(`  ${apparatus.witnesses.scan.folder} against ${apparatus.witnesses.edition.file}: ${counts}${filtered}`), options.width, { hard: true }));
  return `${out.join('\n')}\n`;
}

export async function diff(id: string, options: DiffOptions): Promise<string> {
  for (const t of options.types ?? []) if (!EntryType.options.includes(t as EntryType)) throw new InputError(`--type ${t}: not a type; the types are ${EntryType.options.join(', ')}`);
  const { apparatus } = await run(id, { ...options, format: 'json' });
  const color = options.color ?? (Boolean(process.stdout.isTTY) && process.env.NO_COLOR === undefined);
  return renderDiff(apparatus, { types: options.types, sideBySide: options.sideBySide, color, width: options.width ?? process.stdout.columns ?? 100 });
}

/** Shows text through `less -R` on a terminal, straight to stdout otherwise. */
export async function page(text: string): Promise<void> {
  if (!process.stdout.isTTY) {
    process.stdout.write(text);
    return;
  }
  await new Promise<void>((resolve) => {
    const less = spawn('less', ['-R', '-F', '-X'], { stdio: ['pipe', 'inherit', 'inherit'] });
    less.on('error', () => {
      process.stdout.write(text);
      resolve();
    });
    less.on('close', () => resolve());
    less.stdin.on('error', () => {});
    less.stdin.end(text);
  });
}
