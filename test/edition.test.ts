import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize, parseEdition, tokenize } from '../src/edition.js';

const read = (file: string) => readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8');
const marks = (text: string) => parseEdition(text).marks.map((m) => [m.kind, m.text, m.value]);
const reading = (text: string) => parseEdition(text).tokens.filter((t) => t.editorial === undefined).map((t) => t.t);

describe('edition: FRUS text into tokens and editorial marks', () => {
  it('tokenizes words, numbers, garble marks, dashes and punctuation, keeping offsets', () => {
    const tokens = tokenize("Dept's 284, Feb 3 which (*) outside---leads self-hypnotism.");
    expect(tokens.map((t) => t.t)).toEqual(["Dept's", '284', ',', 'Feb', '3', 'which', '(*)', 'outside', '---', 'leads', 'self-hypnotism', '.']);
    const text = 'a  bc';
    expect(tokenize(text).map((t) => text.slice(t.start, t.end))).toEqual(['a', 'bc']);
    expect(normalize('Russia’s “Fears”—and')).toBe('russia\'s "fears"--and');
  });

  it('recognizes each kind of bracket', () => {
    const text = 'Secretary of State,\nAnswer to Dept\'s 284, Feb 3 [13] involves. Leaders are driven [by?] necessities which [apparent omission] outside world. Powers of [on] colonial peoples; it in [is] here. Savage. []) Deterred by [ugliness?] of picture.\nPart 5: [Practical Deductions From Standpoint of US Policy]\nIn summary.';
    expect(marks(text)).toEqual([
      ['supplied', '[13]', '13'],
      ['conjecture', '[by?]', 'by?'],
      ['omission', '[apparent omission]', 'apparent omission'],
      ['correction', 'of [on]', 'on'],
      ['correction', 'in [is]', 'is'],
      ['empty', '[]', ''],
      ['conjecture', '[ugliness?]', 'ugliness?'],
      ['heading', 'Part 5: [Practical Deductions From Standpoint of US Policy]', 'Practical Deductions From Standpoint of US Policy'],
    ]);
    // The editors' words are marked; the document's own word before a correction is not.
    expect(reading(text)).toContain('of');
    expect(reading(text)).not.toContain('on');
    expect(reading(text)).not.toContain('13');
    expect(reading(text)).toContain('Part');
  });

  it('turns page markers and glued footnote numbers into milestones, and reads the footnotes', () => {
    const text = '878. Lippman’s59 appeal and Wallace’s60 belief among implacable [Page 722] enemies.\n\nSent Department 878.\n\n  1. Walter Lippmann, journalist.\n  2. Henry A. Wallace.\n';
    const parsed = parseEdition(text);
    expect(parsed.marks.map((m) => [m.kind, m.text, m.value])).toEqual([
      ['note-ref', '59', '1'],
      ['note-ref', '60', '2'],
      ['page', '[Page 722]', 'Page 722'],
    ]);
    expect(parsed.notes.map((n) => [n.n, n.text])).toEqual([
      ['1', 'Walter Lippmann, journalist.'],
      ['2', 'Henry A. Wallace.'],
    ]);
    const words = parsed.tokens.map((t) => t.t);
    expect(words).toContain('Lippman’s');
    expect(words).not.toContain('59');
    expect(words).not.toContain('Page');
    expect(words).not.toContain('Walter');
  });

  it('warns of an unbalanced bracket at its line and column, and reads it as text', () => {
    const parsed = parseEdition('Secretary of State,\none [two three\nfour] five');
    expect(parsed.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [2, 5, 'a "[" is not closed on its line; read as text'],
      [3, 5, 'a "]" closes nothing; read as text'],
    ]);
    expect(parsed.tokens.map((t) => t.t)).toEqual(['Secretary', 'of', 'State', ',', 'one', '[', 'two', 'three', 'four', ']', 'five']);
  });

  it('reads telegram 511 as FRUS prints it', () => {
    const parsed = parseEdition(read('transcripts/511.txt'));
    const kinds = parsed.marks.map((m) => m.kind);
    expect(parsed.marks[0]).toMatchObject({ kind: 'heading', subkind: 'document' });
    expect(parsed.marks[0]!.text).toMatch(/^DEPARTMENT OF STATE\nINCOMING TELEGRAM/);
    expect(kinds.filter((k) => k === 'omission')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'conjecture')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'correction')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'supplied')).toHaveLength(1);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.tokens[0]).toMatchObject({ t: 'Secretary' });
    expect(parsed.tokens.at(-1)).toMatchObject({ t: 'KENNAN' });
    for (const token of parsed.tokens) expect(parsed.text.slice(token.start, token.end)).toBe(token.t);
  });

  it('reads telegram 878 as FRUS prints it', () => {
    const parsed = parseEdition(read('transcripts/878.txt'));
    expect(parsed.marks[0]!.text).toMatch(/^761\.00\/3–2046: Telegram\n\nThe Chargé/);
    expect(parsed.marks.filter((m) => m.kind === 'page').map((m) => m.value)).toEqual(['Page 722', 'Page 723']);
    expect(parsed.marks.filter((m) => m.kind === 'note-ref').map((m) => m.text)).toEqual(['59', '60']);
    expect(parsed.notes).toHaveLength(2);
    expect(parsed.tokens[0]).toMatchObject({ t: '878' });
    expect(parsed.tokens.map((t) => t.t)).not.toContain('59');
    expect(parsed.warnings).toEqual([]);
  });
});
