/**
 * Text out of XML with each character's place in the file. fast-xml-parser gives each element's start and
 * end (captureMetaData) but not its text nodes': a text node lies between its neighbours, so its raw text
 * is found there, and each of its characters mapped through the references it holds. Pure.
 */

/** A transcript is read as XML when it begins with markup; a plain-text edition never does. */
export function looksLikeXml(text: string): boolean {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('<');
}

/** Where an element's start tag ends: the first ">" outside an attribute's quotes. */
export function startTagEnd(xml: string, start: number): number {
  let quote = '';
  for (let i = start; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return xml.length;
}

/**
 * The file offset of each character of a text node's value, found in the raw text between its
 * neighbours: entity and character references stand for one character, comments for none.
 */
export function textOffsets(xml: string, from: number, to: number, value: string): { offsets: number[]; end: number } {
  const out: number[] = [];
  let i = from;
  for (let k = 0; k < value.length && i < to; ) {
    if (xml.startsWith('<!--', i)) {
      i = xml.indexOf('-->', i) + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const close = xml.indexOf(']]>', i);
      for (let j = i + 9; j < close && k < value.length; j++, k++) out.push(j);
      i = close + 3;
      continue;
    }
    if (xml[i] === '&') {
      // A reference stands for one character; a character reference beyond the BMP for two UTF-16 units.
      const semicolon = xml.indexOf(';', i);
      const code = xml[i + 1] === '#' ? Number(xml[i + 2] === 'x' ? `0x${xml.slice(i + 3, semicolon)}` : xml.slice(i + 2, semicolon)) : 0;
      for (let n = code > 0xffff ? 2 : 1; n > 0; n--, k++) out.push(i);
      i = semicolon + 1;
      continue;
    }
    out.push(i++);
    k++;
  }
  // Whatever could not be placed (markup the walk does not know) is placed at the node's start.
  while (out.length < value.length) out.push(from);
  return { offsets: out, end: i };
}

/** White space in XML text: space, tab, line feed, carriage return. */
const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/**
 * The reading text as it is written, with each character's offset in the file; runs of white space are one
 * space. Kept as a list of pieces, joined when read: appending to one string and reading its end would
 * flatten it each time.
 */
export class Reading {
  private parts: string[] = [];
  private joined: string | undefined;
  offsets: number[] = [];

  get length(): number {
    return this.offsets.length;
  }

  get text(): string {
    this.joined ??= this.parts.join('');
    return this.joined;
  }

  /** The text from `from`, white space at its end left out. */
  slice(from: number): string {
    return this.text.slice(from).trimEnd();
  }

  /** Where the text ends, white space at its end left out. */
  end(): number {
    return this.text.trimEnd().length;
  }

  put(value: string, offsets: readonly number[]): void {
    let run = '';
    let last = this.parts.at(-1)?.at(-1);
    for (let k = 0; k < value.length; k++) {
      let c = value[k]!;
      if (isSpace(c)) {
        if (last === undefined || isSpace(last)) continue;
        c = ' ';
      }
      run += c;
      this.offsets.push(offsets[k]!);
      last = c;
    }
    if (run !== '') this.append(run);
  }

  /** Ends the line (`\n`) or the paragraph (`\n\n`) here, dropping trailing spaces. */
  brk(newlines: '\n' | '\n\n', at: number): void {
    while (this.parts.at(-1)?.endsWith(' ')) {
      const part = this.parts.pop()!;
      if (part.length > 1) this.parts.push(part.slice(0, -1));
      this.offsets.pop();
      this.joined = undefined;
    }
    if (this.parts.length === 0) return;
    const tail = this.parts.slice(-2).join('');
    const have = tail.endsWith('\n\n') ? 2 : tail.endsWith('\n') ? 1 : 0;
    for (let n = have; n < newlines.length; n++) {
      this.append('\n');
      this.offsets.push(at);
    }
  }

  private append(piece: string): void {
    this.parts.push(piece);
    this.joined = undefined;
  }
}

/** The offsets where the lines of a file begin, for line and column. */
export function lineStarts(xml: string): number[] {
  const starts = [0];
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
