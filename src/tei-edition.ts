/**
 * TEI P5 editions, as FRUS publishes every volume, read into the same edition model the plain-text reader
 * makes: a reading text with tokens, FRUS's marks and notes. Pure.
 *
 * - <p>, lists, <hi>, <gloss>, names and dates give the text; <lb/> a line, blocks a paragraph.
 * - <pb n/> is a page milestone; <note> a footnote, anchored where it stands, and its text is set after the
 *   document's (a <note type="source"> too: the edition's own apparatus). Neither is text to collate.
 * - <head> is a heading, not collated. <opener>, <dateline>, <closer>, <signed> are the document's frame:
 *   collated, and marked `frame` so that a difference there can be typed as such.
 * - Brackets inside the text ("[apparent omission]", "in [is]", "[<hi>13</hi>]") are FRUS's editorial
 *   matter, recognized as in plain text.
 *
 * fast-xml-parser keeps mixed content in order (preserveOrder); src/xml-text.ts keeps each character of the
 * reading text's offset in the file, for line and column. The parser does not check namespaces, so a <div>
 * cut out of a volume with the `frus:` prefix undeclared is read as it stands.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { bracketMarks, placeOf, tagEditorial, tokenize } from './edition.js';
import { InputError } from './errors.js';
import type { EditionMark, EditionNote, EditionToken, ParsedEdition } from './model.js';
import { lineStarts, Reading, startTagEnd, textOffsets } from './xml-text.js';

/** A node as fast-xml-parser gives it with preserveOrder: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;
interface Element {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  start: number;
  end: number;
}

const META = XMLParser.getMetaDataSymbol() as unknown as string;
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  captureMetaData: true,
  processEntities: true,
  // Decodes character references (&#8217;) too, not only the five XML entities.
  htmlEntities: true,
});

export { looksLikeXml } from './xml-text.js';

/** Blocks of text: a paragraph break before and after. */
const PARAGRAPH = new Set(['p', 'div', 'head', 'opener', 'closer', 'ab', 'lg', 'table', 'postscript', 'trailer', 'byline', 'argument', 'epigraph']);
/** Lines within a block: a line break before. */
const LINE = new Set(['list', 'item', 'label', 'l', 'row', 'dateline', 'signed', 'salute', 'lb']);
/** The document's frame, apart from its message. */
const FRAME = new Set(['opener', 'closer', 'dateline', 'signed', 'salute']);
/** Matter that is neither text nor a milestone: printed running heads, figures, the header. */
const SKIPPED = new Set(['fw', 'figure', 'graphic', 'teiHeader', 'facsimile']);
/** How many documents a refusal lists by id and heading before it only counts the rest. */
const LISTED = 12;

function element(node: XmlNode): Element | undefined {
  const name = Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
  if (name === undefined) return undefined;
  const meta = (node as Record<string, { startIndex?: number; endIndex?: number } | undefined>)[META];
  return { name, attributes: (node[':@'] as Record<string, string> | undefined) ?? {}, children: (node[name] as XmlNode[] | undefined) ?? [], start: meta?.startIndex ?? 0, end: meta?.endIndex ?? 0 };
}

function* descendants(parent: Element): Generator<Element> {
  for (const child of parent.children) {
    const e = element(child);
    if (!e) continue;
    yield e;
    yield* descendants(e);
  }
}

interface Walk {
  xml: string;
  reading: Reading;
  marks: EditionMark[];
  /** Notes in document order, with where each stands in the reading text. */
  notes: { n: string; element: Element; at: number }[];
  /** Ranges of the reading text that are not collated: headings. */
  excluded: [number, number][];
  inFrame: boolean;
  head?: Element;
}

function walk(parent: Element, w: Walk): void {
  const { xml, reading } = w;
  const contentEnd = xml.lastIndexOf('</', parent.end);
  // Where the next text node begins in the file: after the start tag, then after each child.
  let cursor = startTagEnd(xml, parent.start);
  let previous: Element | undefined;
  parent.children.forEach((node, i) => {
    if ('#text' in node) {
      const value = String(node['#text']);
      const to = element(parent.children[i + 1] ?? {})?.start ?? contentEnd;
      const { offsets, end } = textOffsets(xml, cursor, to, value);
      reading.put(value, offsets);
      cursor = end;
      return;
    }
    const e = element(node);
    if (!e) return;
    cursor = e.end;
    if (SKIPPED.has(e.name)) return;
    const at = reading.length;
    if (e.name === 'note') {
      const source = e.attributes.type === 'source';
      w.notes.push({ n: e.attributes.n ?? (source ? 'source' : String(w.notes.length + 1)), element: e, at });
      if (!source) w.marks.push({ kind: 'note-ref', text: e.attributes.n ?? '', start: at, end: at, value: e.attributes.n ?? String(w.notes.length) });
    } else if (e.name === 'pb') {
      w.marks.push({ kind: 'page', text: '', start: at, end: at, value: e.attributes.n ?? '' });
    } else if (e.name === 'lb') {
      reading.brk('\n', e.start);
    } else {
      if (PARAGRAPH.has(e.name)) reading.brk('\n\n', e.start);
      else if (LINE.has(e.name) && !(e.name === 'item' && previous?.name === 'label')) reading.brk('\n', e.start);
      const frame = FRAME.has(e.name) && !w.inFrame;
      if (frame) w.inFrame = true;
      const from = reading.length;
      walk(e, w);
      if (frame) {
        w.inFrame = false;
        w.marks.push({ kind: 'frame', subkind: e.name, text: reading.slice(from), start: from, end: reading.end() });
      }
      if (e.name === 'head') {
        const end = reading.end();
        w.marks.push({ kind: 'heading', subkind: e.start === w.head?.start ? 'document' : 'section', text: reading.slice(from), start: from, end });
        w.excluded.push([at, end]);
      }
      if (PARAGRAPH.has(e.name)) reading.brk('\n\n', e.end);
      else if (e.name === 'label') reading.put(' ', [e.end]);
    }
    previous = e;
  });
}

/** The flattened text of an element, notes left out: a document's heading, for a list of documents. */
function plain(e: Element): string {
  const parts: string[] = [];
  const visit = (x: Element) => {
    for (const child of x.children) {
      if ('#text' in child) parts.push(String(child['#text']));
      else {
        const c = element(child);
        if (c && c.name !== 'note') visit(c);
      }
    }
  };
  visit(e);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Which element is the document to collate: the one --tei-doc names, the only document, or the text's body. */
function chooseDocument(root: Element, file: string, where: (offset: number) => string, doc: string | undefined): Element {
  const documents = [...descendants(root)].filter((e) => e.name === 'div' && e.attributes.type === 'document');
  if (root.name === 'div' && root.attributes.type === 'document') documents.unshift(root);
  const listing = () => {
    const shown = documents.slice(0, LISTED).map((d) => `${d.attributes['xml:id'] ?? `(no xml:id, n=${d.attributes.n ?? '?'})`} (${truncate(plain([...descendants(d)].find((h) => h.name === 'head') ?? d), 50)})`);
    return `${shown.join(', ')}${documents.length > LISTED ? `, and ${documents.length - LISTED} more` : ''}`;
  };
  if (doc !== undefined) {
    const chosen = documents.find((d) => d.attributes['xml:id'] === doc) ?? [root, ...descendants(root)].find((d) => d.attributes['xml:id'] === doc);
    if (!chosen) throw new InputError(`${file}:${where(root.start)}: no TEI document with xml:id "${doc}"${documents.length > 0 ? `; the documents are ${listing()}` : ''}`);
    return chosen;
  }
  if (documents.length > 1) throw new InputError(`${file}:${where(documents[0]!.start)}: ${documents.length} documents in this TEI file; choose one with --tei-doc ID: ${listing()}`);
  if (documents.length === 1) return documents[0]!;
  if (root.name === 'TEI' || root.name === 'teiCorpus') {
    const text = [...descendants(root)].find((e) => e.name === 'text');
    const body = text && [...descendants(text)].find((e) => e.name === 'body');
    if (!body) throw new InputError(`${file}:${where(root.start)}: the TEI file has no <text> with a <body>: nothing to collate`);
    return body;
  }
  if (['text', 'body', 'div', 'group'].includes(root.name)) return root;
  throw new InputError(`${file}:${where(root.start)}: <${root.name}> is not TEI: expected <TEI>, <teiCorpus>, <text>, <body> or a <div>`);
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface TeiOptions {
  /** The file's name, for messages. */
  file: string;
  /** The xml:id of the document to read from a file that holds several. */
  doc?: string;
}

/** Reads a TEI P5 edition (a volume, one document or a cut-out <div>) into the edition model. */
export function parseTeiEdition(xml: string, options: TeiOptions): ParsedEdition {
  const starts = lineStarts(xml);
  const where = (offset: number) => {
    const p = placeOf(starts, offset);
    return `${p.line}:${p.column}`;
  };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new InputError(`${options.file}:${valid.err.line}:${valid.err.col}: the TEI transcript is not well-formed XML: ${valid.err.msg}`);
  const root = (parser.parse(xml) as XmlNode[]).map(element).find((e): e is Element => e !== undefined);
  if (!root) throw new InputError(`${options.file}:1:1: the TEI transcript holds no element`);
  const doc = chooseDocument(root, options.file, where, options.doc);

  const reading = new Reading();
  const w: Walk = { xml, reading, marks: [], notes: [], excluded: [], inFrame: false, head: [...descendants(doc)].find((e) => e.name === 'head') };
  // The document's heading first, wherever it stands (FRUS sets the source note before it).
  const headAt = doc.children.findIndex((n) => element(n)?.name === 'head');
  const ordered = headAt === -1 ? doc : { ...doc, children: [doc.children[headAt]!, ...doc.children.filter((_, i) => i !== headAt)] };
  walk(ordered, w);
  reading.brk('\n\n', doc.end);
  const bodyEnd = reading.length;

  // The notes follow the document, each a paragraph: the source note first, then the footnotes in order.
  const notes: EditionNote[] = [];
  for (const note of [...w.notes].sort((a, b) => Number(b.n === 'source') - Number(a.n === 'source'))) {
    reading.brk('\n\n', note.element.start);
    const start = reading.length;
    walk(note.element, { ...w, notes: [], marks: [], excluded: [] });
    notes.push({ n: note.n, text: reading.slice(start), start, end: reading.end() });
  }
  const text = reading.slice(0);
  const offsets = reading.offsets.slice(0, text.length);

  const warnings: ParsedEdition['warnings'] = [];
  const warn = (at: number, message: string) => warnings.push({ offset: at, ...placeOf(starts, offsets[at] ?? doc.start), message });
  const excluded = (start: number, end: number) => w.excluded.some(([a, b]) => start < b && a < end);
  const marks = [...w.marks, ...bracketMarks(text, 0, bodyEnd, warn).filter((m) => !excluded(m.start, m.end))].sort((a, b) => a.start - b.start || b.end - a.end);

  const tokens: EditionToken[] = [];
  let cursor = 0;
  for (const [a, b] of [...w.excluded.sort((x, y) => x[0] - y[0]), [bodyEnd, bodyEnd] as [number, number]]) {
    tokens.push(...tokenize(text.slice(cursor, a), cursor));
    cursor = Math.max(cursor, b);
  }
  if (tokens.length === 0) throw new InputError(`${options.file}:${where(doc.start)}: the TEI document <${doc.name}${doc.attributes['xml:id'] ? ` xml:id="${doc.attributes['xml:id']}"` : ''}> has no text body: nothing to collate`);
  tagEditorial(text, tokens, marks);
  return { text, tokens, marks, notes, warnings, source: { format: 'tei', ...(doc.attributes['xml:id'] ? { document: doc.attributes['xml:id'] } : {}), offsets, lineStarts: starts } };
}
