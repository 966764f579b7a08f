/**
 * TEI P5 editions read into the edition model: small inline documents shaped like FRUS's own TEI.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApparatus } from '../src/apparatus.js';
import { main } from '../src/cli.js';
import { Apparatus } from '../src/model.js';
import { captureOutput } from './helpers/output.js';
import { placeInTranscript } from '../src/edition.js';
import { InputError } from '../src/errors.js';
import type { ParsedEdition } from '../src/model.js';
import { applyLemmas, applyReadings, editionTokens } from '../src/roundtrip.js';
import { looksLikeXml, parseTeiEdition } from '../src/tei-edition.js';
import { scanWitness, textWitness } from '../src/witness.js';
import { readEdition } from '../src/commands/run.js';

/** A document cut out of a FRUS volume: the `frus:` prefix is not declared. */
const DOC = `<div type="document" xml:id="d9" n="9"
     frus:doc-dateTime-min="1946-02-22T13:00:00-05:00">
  <note rend="inline" type="source">861.00/2–2246: Telegram</note>
  <head><hi rend="italic">The Chargé</hi> (<persName type="from">Kennan</persName>) <hi
  rend="italic">to the <gloss type="to">Secretary of State</gloss></hi></head>
  <opener>
    <seg rendition="#left"><hi rend="smallcaps">secret</hi></seg>
    <dateline><placeName>Moscow</placeName>, <date when="1946-02-22">February 22, 1946</date><lb/>[Received February 22]</dateline>
  </opener>
  <p>511. Answer to <gloss target="#t_Dept1">Dept</gloss>&#8217;s 284 [<hi
  rend="italic">13</hi>]<note n="44" xml:id="d9fn44">Not printed.</note>
  involves questions: <list>
  <label>(1)</label>
  <item>Basic features.</item>
  <pb n="697" xml:id="pg_697" facs="0711"/>
  <label>(<hi rend="italic">2</hi>)</label>
  <item>Driven [by?] necessities to put forward which [apparent omission] world.</item>
  </list></p>
  <p>Problem of how to cope in [is] greatest task &amp; shrill and savage.[)]</p>
  <closer><signed><hi rend="smallcaps">Kennan</hi></signed></closer>
</div>
`;

const parse = (xml: string, doc?: string) => parseTeiEdition(xml, { file: 'e.xml', doc });
const words = (parsed: ParsedEdition) => parsed.tokens.map((t) => t.t).join(' ');
const refused = (xml: string, doc?: string) => {
  try {
    parse(xml, doc);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('TEI editions: the reading text', () => {
  const parsed = parse(DOC);

  it('reads a cut-out <div> with an undeclared prefix, heading first, notes after the document', () => {
    expect(parsed.text).toBe(
      [
        'The Chargé (Kennan) to the Secretary of State',
        '',
        'secret\nMoscow, February 22, 1946\n[Received February 22]',
        '',
        '511. Answer to Dept’s 284 [13] involves questions:\n(1) Basic features.\n(2) Driven [by?] necessities to put forward which [apparent omission] world.',
        '',
        'Problem of how to cope in [is] greatest task & shrill and savage.[)]',
        '',
        'Kennan',
        '',
        '861.00/2–2246: Telegram',
        '',
        'Not printed.',
      ].join('\n'),
    );
  });

  it('collates neither the heading nor the notes nor the page number', () => {
    expect(words(parsed)).toBe(
      'secret Moscow , February 22 , 1946 [ Received February 22 ] 511 . Answer to Dept’s 284 [ 13 ] involves questions : ( 1 ) Basic features . ( 2 ) Driven [ by ? ] necessities to put forward which [ apparent omission ] world . Problem of how to cope in [ is ] greatest task & shrill and savage . [ ) ] Kennan',
    );
    expect(parsed.notes.map((n) => [n.n, n.text])).toEqual([
      ['source', '861.00/2–2246: Telegram'],
      ['44', 'Not printed.'],
    ]);
  });

  it('marks the heading, the frame, the page, the note anchor and FRUS’s brackets', () => {
    const at = (text: string) => parsed.text.indexOf(text);
    expect(parsed.marks.map((m) => [m.kind, m.subkind ?? m.value ?? '', m.text, m.start])).toEqual([
      ['heading', 'document', 'The Chargé (Kennan) to the Secretary of State', 0],
      ['frame', 'opener', 'secret\nMoscow, February 22, 1946\n[Received February 22]', at('secret')],
      ['supplied', 'Received February 22', '[Received February 22]', at('[Received')],
      ['supplied', '13', '[13]', at('[13]')],
      ['note-ref', '44', '44', at(' involves')],
      ['page', '697', '', at('(2)')],
      ['conjecture', 'by?', '[by?]', at('[by?]')],
      ['omission', 'apparent omission', '[apparent omission]', at('[apparent')],
      ['correction', 'is', 'in [is]', at('in [is]')],
      ['supplied', ')', '[)]', at('[)]')],
      ['frame', 'closer', 'Kennan', parsed.text.lastIndexOf('Kennan')],
    ]);
    // The editors' brackets are theirs; the frame is the document's own.
    expect(parsed.tokens.filter((t) => t.editorial !== undefined).map((t) => t.t).join(' ')).toBe('[ Received February 22 ] [ 13 ] [ by ? ] [ apparent omission ] [ is ] [ ) ]');
  });

  it('gives each character’s line and column in the XML, through markup and character references', () => {
    const place = (text: string, nth = 0) => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = parsed.text.indexOf(text, at + 1);
      return placeInTranscript(parsed, at);
    };
    expect(place('secret')).toEqual({ line: 7, column: 49 });
    expect(place('13')).toEqual({ line: 11, column: 17 });
    // "&#8217;" is one character of the reading text, "&amp;" another.
    expect(place('’s 284')).toEqual({ line: 10, column: 58 });
    expect(place('s 284')).toEqual({ line: 10, column: 65 });
    expect(place('& shrill')).toEqual({ line: 19, column: 51 });
    expect(place('shrill')).toEqual({ line: 19, column: 57 });
    expect(place('Kennan', 1)).toEqual({ line: 20, column: 40 });
    const lines = DOC.split('\n');
    for (const word of ['Basic', 'necessities', 'savage']) {
      const { line, column } = place(word);
      expect(lines[line - 1]!.slice(column - 1, column - 1 + word.length)).toBe(word);
    }
  });
});

describe('TEI editions: warnings', () => {
  it('places an unbalanced bracket at its line and column in the XML', () => {
    const parsed = parse('<div type="document">\n  <p>An <hi>open</hi> [bracket\n  never closed.</p>\n</div>');
    expect(parsed.warnings.map((w) => [w.line, w.column, w.message])).toEqual([[2, 23, 'a "[" is never closed; read as text']]);
  });
});

describe('TEI editions: which document', () => {
  const volume = (docs: string) => `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>FRUS</title></titleStmt></fileDesc></teiHeader>
  <text><body><div type="chapter"><head>Chapter</head>
${docs}
  </div></body></text>
</TEI>`;
  const two = volume(`<div type="document" xml:id="d1"><head>First telegram</head><p>One text.</p></div>
<div type="document" xml:id="d2"><head>Second telegram</head><p>Two text.</p></div>`);

  it('reads the one --tei-doc names from a volume', () => {
    expect(words(parse(two, 'd2'))).toBe('Two text .');
    expect(parse(two, 'd2').source?.document).toBe('d2');
  });

  it('reads a file with a single document, or a TEI text with none, whole', () => {
    expect(words(parse(volume('<div type="document" xml:id="d1"><head>H</head><p>Only one.</p></div>')))).toBe('Only one .');
    expect(words(parse('<TEI><text><body><p>Plain <hi>TEI</hi> text.</p></body></text></TEI>'))).toBe('Plain TEI text .');
  });

  it('refuses several documents and no choice, listing their ids and headings at the first', () => {
    expect(refused(two)).toBe('e.xml:5:1: 2 documents in this TEI file; choose one with --tei-doc ID: d1 (First telegram), d2 (Second telegram)');
  });

  it('refuses an unknown --tei-doc, naming the documents there are', () => {
    expect(refused(two, 'd475')).toBe('e.xml:2:1: no TEI document with xml:id "d475"; the documents are d1 (First telegram), d2 (Second telegram)');
  });

  it('refuses XML that is not well-formed, at its line and column', () => {
    expect(refused('<div type="document">\n  <p>Some <hi>text</p>\n</div>')).toMatch(/^e\.xml:2:19: the TEI transcript is not well-formed XML: /);
  });

  it('refuses a TEI file with no text body', () => {
    expect(refused('<TEI>\n  <teiHeader><fileDesc/></teiHeader>\n</TEI>')).toBe('e.xml:1:1: the TEI file has no <text> with a <body>: nothing to collate');
    expect(refused('<TEI><text><body><div type="document" xml:id="d1"><head>Only a heading</head></div></body></text></TEI>')).toBe('e.xml:1:18: the TEI document <div xml:id="d1"> has no text body: nothing to collate');
  });

  it('is told from plain text by its content; --tei-doc on plain text is refused', async () => {
    expect(looksLikeXml('\uFEFF\n  <div>')).toBe(true);
    expect(looksLikeXml('Secretary of State,\nWashington.')).toBe(false);
    expect((await readEdition('Secretary of State,\n\n511. Text.', 'e.txt', undefined)).source).toBeUndefined();
    await expect(readEdition('Secretary of State,\n\n511. Text.', 'e.txt', 'd1')).rejects.toThrow('e.txt: --tei-doc d1: the transcript is plain text, not TEI');
  });
});

describe('TEI editions: collated', () => {
  const parsed = parse(DOC);
  const scan = [
    'SECRET',
    'Moscow, February 22, 1946',
    "511. Answer to Dept's 284 involves questions:",
    '(1) Basic features.',
    '(2) Driven necessities to put forward which (*) world.',
    'Problem of how to cope is greatest task & shrill and savage.',
    'KENNAN',
  ].join('\n');
  const pages = textWitness(scan, 'scan.txt');
  const apparatus = buildApparatus({ document: 't', edition: { file: 'e.xml', parsed }, scan: { folder: 's', pages }, partial: false });

  it('types the frame, FRUS’s brackets and the garble, and places each lemma in the XML', () => {
    expect(apparatus.entries.map((e) => [e.type, e.subtype, e.lemma, e.reading, `${e.edition.line}:${e.edition.column}`])).toEqual([
      // The opener is collated as one: the edition's frame against the scan's heading lines.
      ['editorial', 'frame', 'secret\nMoscow, February 22, 1946\n[Received February 22]', 'SECRET\nMoscow, February 22, 1946', '7:49'],
      ['accidental', 'typography', 'Dept’s', "Dept's", '10:46'],
      ['editorial', 'supplied', '[13]', '', '10:71'],
      ['editorial', 'conjecture', '[by?]', '', '17:16'],
      ['garble', 'omission', '[apparent omission]', '(*)', '17:55'],
      ['editorial', 'correction', 'in [is]', 'is', '19:29'],
      ['editorial', 'supplied', '[)]', '', '19:75'],
      // A difference of case in the frame is still one of case.
      ['accidental', 'case', 'Kennan', 'KENNAN', '20:40'],
    ]);
    expect(apparatus.milestones.map((m) => [m.kind, m.value])).toEqual([
      ['note-ref', '44'],
      ['page', '697'],
    ]);
  });

  it('loses nothing: the readings put in give the scan, the lemmas put back give the edition', () => {
    expect(applyReadings(parsed, apparatus)).toEqual(scanWitness(pages).tokens.map((t) => t.t));
    expect(applyLemmas(parsed, scanWitness(pages).tokens, apparatus)).toEqual(editionTokens(parsed, apparatus).map((t) => t.t));
  });
});

describe('collate run with a TEI transcript', () => {
  const { stdout, stderr } = captureOutput();
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-tei-'));
  const tei = path.join(dir, 'd9.xml');
  writeFileSync(tei, DOC);
  const witness = path.join(dir, 'scan.txt');
  writeFileSync(witness, "SECRET\nMoscow, February 22, 1946\n511. Answer to Dept's 284 involves questions:\n(1) Basic features.\n");
  const out = path.join(dir, 'out.json');
  const broken = path.join(dir, 'broken.xml');
  writeFileSync(broken, '<div type="document">\n  <p>Some <hi>text</p>\n</div>\n');
  const cli = (transcript: string, ...args: string[]) => main(['node', 'collate', 'run', '9', '--ocr', witness, '--transcript', transcript, '--pages', '1', '--format', 'json', ...args]);

  it('collates a TEI file recognized by its content, with the TEI document named in the apparatus', async () => {
    expect(await cli(tei)).toBe(0);
    const apparatus = Apparatus.parse(JSON.parse(stdout.join('')));
    expect(apparatus.witnesses.edition).toMatchObject({ file: expect.stringMatching(/d9\.xml$/), tei: { document: 'd9' } });
    expect(apparatus.entries.find((e) => e.lemma === '[13]')?.edition).toMatchObject({ line: 10, column: 71 });
  });

  it.each([
    ['an unknown --tei-doc', tei, ['--tei-doc', 'd475'], /d9\.xml:1:1: no TEI document with xml:id "d475"; the documents are d9 \(The Chargé \(Kennan\) to the Secretary of State\)$/],
    ['XML that is not well-formed', broken, [], /broken\.xml:2:19: the TEI transcript is not well-formed XML: Expected closing tag 'hi'/],
  ])('%s is exit code 2, one line with the place, and nothing written', async (_name, transcript, args, message) => {
    expect(await cli(transcript, ...args, '--out', out)).toBe(2);
    expect(stderr.join('').trimEnd().split('\n')).toEqual([expect.stringMatching(message)]);
    expect(existsSync(out)).toBe(false);
  });
});
