import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { buildApparatus } from '../src/apparatus.js';
import { parseEdition } from '../src/edition.js';
import { Apparatus } from '../src/model.js';
import { toTei } from '../src/tei.js';
import { textWitness } from '../src/witness.js';

const read = (file: string) => readFileSync(path.resolve(import.meta.dirname, '..', file), 'utf8');

function tei(edition: string, witness: string) {
  const parsed = parseEdition(edition);
  const built = buildApparatus({ document: 't', edition: { file: 'e.txt', parsed }, scan: { folder: 'w.txt', pages: textWitness(witness, 'w.txt') }, partial: false });
  const apparatus = Apparatus.parse({ ...built, witnesses: { ...built.witnesses, edition: { ...built.witnesses.edition, digest: 'sha256:x' } } });
  const xml = toTei(apparatus, edition, 'A telegram');
  return { apparatus, xml, doc: create(xml).end({ format: 'object' }) as Record<string, unknown> };
}

const count = (xml: string, pattern: RegExp) => xml.match(pattern)?.length ?? 0;

describe('TEI export: parallel segmentation', () => {
  it('parses, and has an <app> with <lem> and a typed <rdg> for every entry', () => {
    const { apparatus, xml, doc } = tei(read('transcripts/511.txt'), read('fixtures/511/witness.txt'));
    expect(doc).toHaveProperty('TEI');
    expect(count(xml, /<app /g)).toBe(apparatus.entries.length);
    expect(count(xml, /<lem wit="#frus"/g)).toBe(apparatus.entries.length);
    expect(count(xml, /<rdg wit="#scan" type="/g)).toBe(apparatus.entries.length);
    expect(count(xml, /<gap reason="garble"\/>/g)).toBe(6);
    expect(xml).toContain('<choice><sic>in</sic><corr resp="#frus">is</corr></choice>');
    expect(xml).toContain('<supplied resp="#frus" reason="conjecture" cert="low">by</supplied>');
    expect(xml).toContain('<variantEncoding method="parallel-segmentation" location="internal"/>');
  });

  it('marks page breaks of the scan and of FRUS, and FRUS’s notes', () => {
    const body = (n: number) => (JSON.parse(read(`fixtures/878/page-0${n}.truth.json`)) as { lines: { text: string; class: string }[] }).lines.filter((l) => l.class === 'body').map((l) => l.text).join('\n');
    const { xml } = tei(read('transcripts/878.txt'), [1, 2, 3].map(body).join('\f'));
    expect(xml).toMatch(/<pb ed="#scan" n="2" facs="w.txt"\/>/);
    expect(xml).toMatch(/<pb ed="#scan" n="1" facs="w.txt"\/>/);
    expect(xml).toMatch(/<pb ed="#frus" n="722"\/>/);
    expect(xml).toMatch(/<ref type="note" target="#note-1">59<\/ref>/);
    expect(xml).toMatch(/<note xml:id="note-1" n="1" resp="#frus">Walter Lippmann/);
  });

  it('is indented where the content is elements only, and adds no text inside mixed content', () => {
    const { xml } = tei(read('transcripts/511.txt'), read('fixtures/511/witness.txt'));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<TEI [^>]*>\n {2}<teiHeader>\n {4}<fileDesc>\n {6}<titleStmt>\n/);
    expect(xml).toMatch(/\n {2}<text>\n {4}<body>\n {6}<p>/);
    // Every paragraph, with its <app>s, stays on one line: no indentation was written into its text.
    const paragraphs = xml.match(/<p>[\s\S]*?<\/p>/g) ?? [];
    expect(paragraphs.length).toBeGreaterThan(5);
    for (const p of paragraphs) expect(p).not.toContain('\n');
  });

  it('escapes what XML must escape', () => {
    const { xml } = tei('Secretary of State,\nA & B <c> "d"', 'Secretary of State,\nA & B <e> "d"');
    expect(() => create(xml)).not.toThrow();
    expect(xml).toContain('A &amp; B &lt;');
  });
});

describe('TEI export: milestones inside an entry', () => {
  it('keeps a FRUS page break that falls inside a difference', () => {
    const edition = 'Secretary of State,\nfirst words of the text and [Page 722] then more words follow here.';
    const { xml } = tei(edition, 'Secretary of State,\nfirst words of the text follow here.');
    expect(xml.match(/<pb ed="#frus" n="722"\/>/g)).toHaveLength(1);
    expect(xml).toMatch(/<lem wit="#frus">and <pb ed="#frus" n="722"\/> then more words<\/lem>/);
    expect(xml).not.toMatch(/<supplied[^>]*>Page 722/);
  });

  it('keeps a FRUS note number that falls inside a difference as a <ref>, not digits in the lemma', () => {
    const edition = 'Secretary of State,\nfirst words of the text and Lippman’s59 appeal for contact follow here.\n\n  1. Walter Lippmann, journalist.';
    const { xml } = tei(edition, 'Secretary of State,\nfirst words of the text follow here.');
    expect(xml.match(/<ref type="note" target="#note-1">59<\/ref>/g)).toHaveLength(1);
    expect(xml).toMatch(/<lem wit="#frus">and Lippman’s<ref type="note" target="#note-1">59<\/ref> appeal for contact<\/lem>/);
    expect(xml).toMatch(/<note xml:id="note-1" n="1" resp="#frus">Walter Lippmann, journalist.<\/note>/);
  });
});
