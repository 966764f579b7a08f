/**
 * The edition parser: a FRUS transcript read into tokens that keep their character offsets, with FRUS's
 * own editorial matter recognized rather than taken for text. Pure.
 *
 * - Bracketed matter becomes an editorial mark: a conjecture "[by?]", a correction "of [on]" (the word
 *   before is what the document has, the bracket what the editors read), supplied text "[13]", an
 *   omission note "[apparent omission]", empty brackets "[]", or an editorial heading "Part 5: [Practical
 *   Deductions …]". Its words are tokens too, marked as the editors', so alignment can tell them apart.
 * - Page markers "[Page 722]" are milestones; footnote numbers glued to words ("Lippman's59") are note
 *   references; the footnotes at the end are notes. None of them is text to collate.
 * - The document heading (file number, title, addressing lines before the message) is a heading mark.
 */
import type { EditionMark, EditionNote, EditionToken, ParsedEdition } from './model.js';

/** The telegraph office's garble mark "(*)"; OCR sometimes reads it with a space inside, "(* )". */
export const GARBLE_MARK = /\(\s?\*\s?\)/;

/** Words (with inner apostrophes and hyphens), numbers, the garble mark, dashes, and single marks. */
const TOKEN = new RegExp(String.raw`${GARBLE_MARK.source}|\p{L}[\p{L}\p{M}\p{N}'’]*(?:-\p{L}[\p{L}\p{M}\p{N}'’]*)*|\p{N}+(?:[.,:/–-]\p{N}+)*|-{2,}|—|\S`, 'gu');
/** A token that is the garble mark, however read. */
const GARBLE_TOKEN = new RegExp(`^${GARBLE_MARK.source}$`);

/** The form used to match tokens across witnesses: lower case, typewriter quotes and dashes, one garble mark. */
export function normalize(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/—|-{2,}/g, '--')
    .replace(GARBLE_TOKEN, '(*)');
}

/** Splits text into tokens with offsets, starting at `offset`. */
export function tokenize(text: string, offset = 0): EditionToken[] {
  return Array.from(text.matchAll(TOKEN), (m) => ({ t: m[0], n: normalize(m[0]), start: offset + m.index, end: offset + m.index + m[0].length }));
}

const FOOTNOTE = /^\s{1,4}(\d{1,3})\.\s+(.*)$/;
const PAGE = /^Page\s+(\d+)$/i;
/** A footnote number glued to the end of a word: "Lippman’s59". */
const NOTE_REF = /(?<=\p{L}[’']?\p{L}?)(\d{1,3})(?=[\s,.;:)!?]|$)/gu;

interface Bracket {
  start: number;
  end: number;
  inner: string;
}

function brackets(text: string, warn: (at: number, message: string) => void): Bracket[] {
  const found: Bracket[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') {
      if (open !== -1) warn(open, 'a "[" is not closed before the next "["; read as text');
      open = i;
    } else if (text[i] === ']') {
      if (open === -1) warn(i, 'a "]" closes nothing; read as text');
      else found.push({ start: open, end: i + 1, inner: text.slice(open + 1, i) });
      open = -1;
    } else if (text[i] === '\n' && open !== -1) {
      warn(open, 'a "[" is not closed on its line; read as text');
      open = -1;
    }
  }
  if (open !== -1) warn(open, 'a "[" is never closed; read as text');
  return found;
}

/** What a bracket is, from its content and what stands before it on its line. */
function kindOf(bracket: Bracket, text: string): EditionMark['kind'] {
  const inner = bracket.inner.trim();
  const lineStart = text.lastIndexOf('\n', bracket.start - 1) + 1;
  const before = text.slice(lineStart, bracket.start);
  if (PAGE.test(inner)) return 'page';
  if (inner === '') return 'empty';
  if (/omission|omitted|garble/i.test(inner)) return 'omission';
  if (inner.endsWith('?')) return 'conjecture';
  if (/^\d+$/.test(inner)) return 'supplied';
  if (/^Part\s+\w+:\s*$/i.test(before.trim() + (before.trim().endsWith(':') ? '' : ':')) && inner.split(/\s+/).length > 2) return 'heading';
  if (/\p{L}\s*$/u.test(before) && inner.split(/\s+/).length <= 2) return 'correction';
  return 'supplied';
}

/**
 * The lines before the message: FRUS's file number and title, and the telegram's printed form and
 * routing as FRUS reproduces them. The message begins at its address ("Secretary of State,") or at its
 * number ("878.", "511,"), whichever comes first.
 */
function headingEnd(text: string): number {
  const address = /^(?:Secretary of State|The Secretary of State|Department of State)\b/m.exec(text);
  const numbered = /^\d{2,5}[.,]\s/m.exec(text);
  const starts = [address?.index, numbered?.index].filter((i): i is number => i !== undefined);
  return starts.length === 0 ? 0 : Math.min(...starts);
}

/** Where the footnotes begin: the run of numbered lines at the end of the text. */
function footnotesStart(text: string): number {
  const lines = text.split('\n');
  let at = text.length;
  let offset = text.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    offset -= line.length + (i < lines.length - 1 ? 1 : 0);
    if (line.trim() === '') continue;
    if (!FOOTNOTE.test(line)) break;
    at = offset;
  }
  return at;
}

export function parseEdition(text: string): ParsedEdition {
  const warnings: ParsedEdition['warnings'] = [];
  const warn = (at: number, message: string) => warnings.push({ offset: at, ...lineAndColumn(text, at), message });
  const notesAt = footnotesStart(text);
  const bodyEnd = notesAt;
  const headEnd = headingEnd(text.slice(0, bodyEnd));
  const marks: EditionMark[] = [];
  if (headEnd > 0) marks.push({ kind: 'heading', subkind: 'document', text: text.slice(0, headEnd), start: 0, end: headEnd });

  marks.push(...bracketMarks(text, headEnd, bodyEnd, warn));
  // Footnote numbers glued to words, only where the text has footnotes for them, numbered in order.
  const notesFound = text.slice(notesAt).split('\n').filter((line) => FOOTNOTE.test(line)).length;
  const refs = notesFound === 0 ? [] : Array.from(text.slice(headEnd, bodyEnd).matchAll(NOTE_REF), (m) => ({ start: headEnd + m.index, end: headEnd + m.index + m[0].length, n: m[0] }));
  if (refs.length !== notesFound && notesFound > 0) warn(refs[0]?.start ?? notesAt, `${refs.length} footnote number(s) in the text for ${notesFound} footnote(s); notes may be matched wrongly`);
  refs.forEach((ref, i) => marks.push({ kind: 'note-ref', text: ref.n, start: ref.start, end: ref.end, value: String(i + 1) }));
  marks.sort((a, b) => a.start - b.start || b.end - a.end);

  const notes: EditionNote[] = [];
  let offset = notesAt;
  for (const line of text.slice(notesAt).split('\n')) {
    const m = FOOTNOTE.exec(line);
    if (m) notes.push({ n: m[1]!, text: m[2]!, start: offset, end: offset + line.length });
    offset += line.length + 1;
  }

  // Tokens: the heading and notes are not text; a page marker or note number is cut out of the word it
  // is glued to; bracketed matter is the editors' and its tokens say so.
  const tokens: EditionToken[] = [];
  let cursor = headEnd;
  const skips = marks.filter((m) => m.kind === 'page' || m.kind === 'note-ref');
  for (const skip of [...skips, { start: bodyEnd, end: bodyEnd } as const]) {
    for (const token of tokenize(text.slice(cursor, skip.start), cursor)) tokens.push(token);
    cursor = skip.end;
  }
  tagEditorial(text, tokens, marks);
  return { text, tokens, marks, notes, warnings };
}

/**
 * FRUS's bracketed matter in text[from, to) as editorial marks: conjectures, corrections, supplied text,
 * omission notes, empty brackets and "Part 5: […]" headings. Unbalanced brackets are reported to `warn`.
 */
export function bracketMarks(text: string, from: number, to: number, warn: (at: number, message: string) => void): EditionMark[] {
  const marks: EditionMark[] = [];
  for (const bracket of brackets(text.slice(0, to), warn).filter((b) => b.start >= from)) {
    const kind = kindOf(bracket, text);
    if (kind === 'heading') {
      const lineStart = text.lastIndexOf('\n', bracket.start - 1) + 1;
      marks.push({ kind, text: text.slice(lineStart, bracket.end), start: lineStart, end: bracket.end, value: bracket.inner.trim() });
    } else if (kind === 'correction') {
      // The corrected word is on the bracket's line (kindOf saw a letter there): search that line alone.
      const lineStart = text.lastIndexOf('\n', bracket.start - 1) + 1;
      const word = lineStart + /(\S+)\s*$/u.exec(text.slice(lineStart, bracket.start))!.index;
      marks.push({ kind, text: text.slice(word, bracket.end), start: word, end: bracket.end, value: bracket.inner.trim() });
    } else {
      marks.push({ kind, text: text.slice(bracket.start, bracket.end), start: bracket.start, end: bracket.end, value: bracket.inner.trim() });
    }
  }
  return marks;
}

/** Marks each token that lies inside an editorial mark's brackets as the editors' matter. */
export function tagEditorial(text: string, tokens: EditionToken[], marks: readonly EditionMark[]): void {
  const editorial = marks.filter((m) => (m.kind !== 'page' && m.kind !== 'note-ref' && m.kind !== 'heading' && m.kind !== 'frame') || (m.kind === 'heading' && m.subkind !== 'document'));
  // Tokens and marks both go by their start: the marks that can hold a token are those begun and not yet
  // ended, a handful at most, so this is one pass over each and not the tokens times the marks.
  const index = new Map(marks.map((m, i) => [m, i]));
  const open: EditionMark[] = [];
  let next = 0;
  for (const token of tokens) {
    while (next < editorial.length && editorial[next]!.start <= token.start) open.push(editorial[next++]!);
    for (let k = open.length - 1; k >= 0; k--) if (open[k]!.end < token.start) open.splice(k, 1);
    const mark = open.find((m) => token.end <= m.end && insideBrackets(text, m, token));
    if (mark) token.editorial = index.get(mark)!;
  }
}

/** Whether a token lies inside a mark's brackets (a correction's first word is the document's, not the editors'). */
function insideBrackets(text: string, mark: EditionMark, token: EditionToken): boolean {
  const open = text.indexOf('[', mark.start);
  return open !== -1 && open < mark.end && token.start >= open;
}

/** The 1-based line and column of a file offset, from the offsets where its lines begin. */
export function placeOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let [low, high] = [0, starts.length - 1];
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** Where an edition offset lies in the transcript file: in the text itself, or for TEI in its markup. */
export function placeInTranscript(parsed: ParsedEdition, offset: number): { line: number; column: number } {
  if (!parsed.source) return lineAndColumn(parsed.text, offset);
  return placeOf(parsed.source.lineStarts, parsed.source.offsets[Math.min(offset, parsed.source.offsets.length - 1)] ?? 0);
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
