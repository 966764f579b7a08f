import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { align, ANCHOR_ABOVE, findRegion, pairs } from '../src/align.js';
import { buildApparatus } from '../src/apparatus.js';
import { parseEdition, tokenize } from '../src/edition.js';
import type { BodyLine, StrippedPage } from '../src/model.js';
import { applyLemmas, applyReadings, editionTokens } from '../src/roundtrip.js';
import { scanWitness } from '../src/witness.js';

const root = path.resolve(import.meta.dirname, '..');

/** A page whose body is the given lines, each word in its own box, read with the given confidence. */
function page(label: string, lines: string[], confidence = 85): StrippedPage {
  const body: BodyLine[] = lines.map((text, line) => {
    let x = 0;
    const words = text.split(' ').filter(Boolean).map((word) => {
      const bbox: [number, number, number, number] = [x, line * 50, x + word.length * 25, line * 50 + 40];
      x += (word.length + 1) * 25;
      return { text: word, bbox, confidence };
    });
    return { line, text: words.map((w) => w.text).join(' '), bbox: [0, line * 50, x, line * 50 + 40], confidence, words };
  });
  return { label, file: `p${label}.jpg`, width: 2550, height: 3300, body, stripped: [] };
}

function collate(edition: string, scan: string[][], partial = false, dictionary?: string[]) {
  const parsed = parseEdition(edition);
  const pages = scan.map((lines, i) => page(String(i + 1), lines));
  const apparatus = buildApparatus({ document: 't', edition: { file: 'e.txt', parsed }, scan: { folder: 's', pages }, partial, ...(dictionary ? { dictionary } : {}) });
  return { parsed, pages, apparatus, scanTokens: scanWitness(pages).tokens };
}

const entryView = (a: ReturnType<typeof collate>['apparatus']) => a.entries.map((e) => [e.type, e.subtype, e.lemma, e.reading]);

describe('align: word-level alignment with gaps', () => {
  const toks = (s: string) => tokenize(s);
  it('handles the edge cases: both empty, one empty, identical, one longer', () => {
    expect(align([], [])).toEqual([]);
    expect(pairs(align(toks('a b'), []))).toEqual([[0, null], [1, null]]);
    expect(pairs(align([], toks('a b')))).toEqual([[null, 0], [null, 1]]);
    expect(align(toks('a b c'), toks('a b c'))).toEqual([{ op: 'equal', edition: [0, 3], scan: [0, 3] }]);
    expect(pairs(align(toks('a b c'), toks('a x b c')))).toEqual([[0, 0], [null, 1], [1, 2], [2, 3]]);
  });

  it('places a partial scan in the edition by unique words, even one misread', () => {
    const edition = toks('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron sigma upsilon '.repeat(1) + 'filler '.repeat(100) + 'telegraphic channel questions involved urgent importance particularly recent events deserve attention ' + 'padding '.repeat(100));
    const scan = toks('telegraphic channe1 questions involved urgent importance particularly recent events');
    const [from, to] = findRegion(edition, scan);
    const at = edition.findIndex((t) => t.n === 'telegraphic');
    expect(from).toBeLessThanOrEqual(at);
    expect(from).toBeGreaterThan(at - 40);
    expect(to).toBeLessThan(at + 50);
  });
});

describe('apparatus: typed, placed differences', () => {
  it('a text collated with itself has no entries', () => {
    expect(collate('Secretary of State,\nWashington.\nSoviet power is neither schematic nor adventuristic.', [['Secretary of State,', 'Washington.'], ['Soviet power is neither schematic nor adventuristic.']]).apparatus.entries).toEqual([]);
  });

  it('types an edition’s conjecture editorial when the scan writes the words beside it otherwise', () => {
    const { apparatus } = collate('the press expressed ideas dissolvent [dissolving?] for our nation and its people', [['the press expressed ideas dissolvent for-our nation and its people']]);
    expect(entryView(apparatus)).toEqual([
      ['editorial', 'conjecture', '[dissolving?]', ''],
      ['accidental', 'hyphenation', 'for our', 'for-our'],
    ]);
  });

  it('keeps the scan’s other words with the conjecture where they are not the edition’s words beside it', () => {
    const { apparatus } = collate('the press expressed ideas dissolvent [dissolving?] for our nation and its people', [['the press expressed ideas dissolvent quite foreign nation and its people']]);
    expect(entryView(apparatus).map((e) => e[0])).not.toContain('accidental');
    expect(entryView(apparatus)).toHaveLength(1);
  });

  it('types garbles, editorial matter, variants, accidentals and OCR noise', () => {
    const { apparatus } = collate(
      "Secretary of State,\nAnswer to Dept's 284, Feb 3 [13] involves questions. Leaders are driven [by?] necessities which [apparent omission] outside. It should be approached with same thoroughness. Official propaganda machine in [is] here. (a) USSR lives in nineteen-thirtys; self-confidence and propaganda modern.",
      [["Secretary of State,", "Answer to Dept's 284, Feb 3 involves questions. Leaders are driven necessities which (*) outside.", 'It should be approached with some thoroughness. Official propoganda rnachine is here.', '(A) USSR lives in 1930\'s; self confidence and propoganda modem.']],
      false,
      // The dictionary knows "some"; the edition's own words are words too. "rnachine" and "modem" are not.
      ['some'],
    );
    expect(entryView(apparatus)).toEqual([
      ['editorial', 'supplied', '[13]', ''],
      ['editorial', 'conjecture', '[by?]', ''],
      ['garble', 'omission', '[apparent omission]', '(*)'],
      ['substantive', 'change', 'same', 'some'],
      // In a text this short, OCR errs often: a non-word at confidence 85 is more likely its error.
      ['ocr', 'nonword', 'propaganda', 'propoganda'],
      ['ocr', 'nonword', 'machine', 'rnachine'],
      ['editorial', 'correction', 'in [is]', 'is'],
      ['accidental', 'case', 'a', 'A'],
      ['accidental', 'number', "nineteen-thirtys", "1930's"],
      ['accidental', 'hyphenation', 'self-confidence', 'self confidence'],
      ['ocr', 'nonword', 'propaganda', 'propoganda'],
      ['ocr', 'nonword', 'modern', 'modem'],
    ]);
    const garble = apparatus.entries.find((e) => e.type === 'garble')!;
    expect(garble).toMatchObject({ page: '1', scan: { file: 'p1.jpg', line: 1 }, context: { before: expect.stringMatching(/necessities which $/), after: expect.stringMatching(/^ outside/) } });
    expect(garble.scan.bbox[2]).toBeGreaterThan(garble.scan.bbox[0]);
    expect(new Set(apparatus.entries.map((e) => e.id)).size).toBe(apparatus.entries.length);
  });

  it('knows the garble mark read with a space inside, and keeps the reading as read', () => {
    const edition = 'Secretary of State,\nput forward a dogma which [apparent omission] outside world as evil.';
    const { apparatus, parsed, scanTokens } = collate(edition, [['Secretary of State,', 'put forward a dogma which (* ) outside world as evil.']]);
    expect(entryView(apparatus)).toEqual([['garble', 'omission', '[apparent omission]', '(* )']]);
    expect(applyReadings(parsed, apparatus)).toEqual(scanTokens.map((t) => t.t));
    expect(applyLemmas(parsed, scanTokens, apparatus)).toEqual(editionTokens(parsed, apparatus).map((t) => t.t));
  });

  it('gives the same ids to the same texts, run after run', () => {
    const a = collate('Secretary of State,\nsome text here', [['Secretary of State,', 'same text here']]).apparatus.entries.map((e) => e.id);
    const b = collate('Secretary of State,\nsome text here', [['Secretary of State,', 'same text here']]).apparatus.entries.map((e) => e.id);
    expect(a).toEqual(b);
  });

  it('reports no false omissions for the pages a partial scan leaves out', () => {
    const edition = read('transcripts/511.txt');
    const message = read('fixtures/511/message.txt').split('\n');
    const middle = message.slice(20, 26);
    const { apparatus } = collate(edition, [middle], true);
    expect(apparatus.entries.filter((e) => e.type === 'substantive')).toEqual([]);
    expect(apparatus.witnesses.edition.span.start).toBeGreaterThan(1000);
    expect(apparatus.witnesses.edition.span.end).toBeLessThan(edition.length - 1000);
  });
});

describe('apparatus: edges and bad input', () => {
  it('keeps ids when the scan changes elsewhere: they do not depend on scan offsets', () => {
    const edition = 'Secretary of State,\nsome text here, and a good deal more text after it, and the same thing there';
    const scan = 'some text here, and a good deal more text after it, and the some thing there';
    const a = collate(edition, [['Secretary of State,', scan]]).apparatus.entries;
    const b = collate(edition, [['Secretary of State, Washington.', scan]]).apparatus.entries;
    const c = collate(edition.replace('some text here', 'some longer text here'), [['Secretary of State,', scan]]).apparatus.entries;
    const same = (list: typeof a) => list.find((e) => e.lemma === 'same')!.id;
    expect(same(a)).toBe(same(b));
    expect(same(a)).toBe(same(c)); // an edit to the edition elsewhere, which shifts every offset after it
  });

  it('does not report the margin around a partial scan as omitted, even when the page starts with half a word', () => {
    const edition = read('transcripts/511.txt');
    const message = read('fixtures/511/message.txt').split('\n');
    const middle = ['tions', ...message.slice(20, 24)];
    const { apparatus } = collate(edition, [middle], true);
    expect(apparatus.entries.filter((e) => e.type === 'substantive' && e.reading === '')).toEqual([]);
    expect(apparatus.entries[0]).toMatchObject({ lemma: '', reading: 'tions' });
  });

  it('spans the message alone: not the document heading, not the footnotes', () => {
    const edition = read('transcripts/878.txt');
    const body = (n: number) => (JSON.parse(read(`fixtures/878/page-0${n}.truth.json`)) as { lines: { text: string; class: string }[] }).lines.filter((l) => l.class === 'body').map((l) => l.text);
    const { apparatus } = collate(edition, [1, 2, 3].map(body));
    const { start, end } = apparatus.witnesses.edition.span;
    expect(edition.slice(start, start + 4)).toBe('878.');
    expect(edition.slice(start, end).endsWith('Sent Department 878; repeated London as 150.')).toBe(true);
    expect(edition.slice(end)).toMatch(/^\s+1\. Walter Lippmann/);
  });

  it('refuses a scan with no text, rather than reporting the whole edition omitted', () => {
    expect(() => collate('Secretary of State,\nsome text', [[]])).toThrow('the selected pages hold no text to collate');
  });
});

function read(file: string) {
  return readFileSync(path.join(root, file), 'utf8');
}

describe('round trip: the apparatus applied reproduces each witness', () => {
  const roundTrip = (edition: string, scan: string[][], partial = false) => {
    const { parsed, apparatus, scanTokens } = collate(edition, scan, partial);
    expect(applyReadings(parsed, apparatus)).toEqual(scanTokens.map((t) => t.t));
    expect(applyLemmas(parsed, scanTokens, apparatus)).toEqual(editionTokens(parsed, apparatus).map((t) => t.t));
  };

  it('on both telegrams, from the pages’ own text', () => {
    roundTrip(read('transcripts/511.txt'), [read('fixtures/511/message.txt').split('\n')]);
    const body = (file: string) => (JSON.parse(read(file)) as { lines: { text: string; class: string }[] }).lines.filter((l) => l.class === 'body').map((l) => l.text);
    roundTrip(read('transcripts/878.txt'), [1, 2, 3].map((n) => body(`fixtures/878/page-0${n}.truth.json`)));
  });

  const word = fc.constantFrom<string>('the', 'Soviet', 'power', 'is', 'neither', 'schematic', 'nor', 'adventuristic', 'some', 'same', 'propaganda', ',', '.', ';', '(*)', '---', 'USSR', 'Western', 'world');
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: word }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), with: word }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('upper' as const), at: fc.nat() }),
  );
  /** The words with the edits made in turn, each at its place modulo the words' length at the time. */
  const applyEdits = (words: readonly string[], edits: readonly (typeof edit extends fc.Arbitrary<infer E> ? E : never)[]) => {
    const scan = [...words];
    for (const e of edits) {
      const at = e.at % (scan.length + 1);
      if (e.kind === 'insert') scan.splice(at, 0, e.with);
      else if (at < scan.length && e.kind === 'replace') scan[at] = e.with;
      else if (at < scan.length && e.kind === 'delete') scan.splice(at, 1);
      else if (at < scan.length) scan[at] = scan[at]!.toUpperCase();
    }
    return scan;
  };

  it('on random edits of a random text, both ways', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), fc.array(edit, { maxLength: 12 }), (words, edits) => {
        const scan = applyEdits(words, edits);
        const lines = [scan.slice(0, 20), scan.slice(20, 40), scan.slice(40)].map((l) => l.join(' ')).filter(Boolean);
        roundTrip(`Secretary of State,\n${words.join(' ')}`, [['Secretary of State,', ...lines]]);
      }),
      { numRuns: 300 },
    );
  });

  // The edition's own matter: editorial brackets, FRUS page markers and footnotes, which the scan never has.
  const editorial = fc.constantFrom<string>('[apparent omission]', '[by?]', '[13]', '[]', 'in [is]', '[Page 722]', '[ugliness?]');
  it('on random edits with brackets, page markers, footnotes and partial scans, both ways', () => {
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 60 }),
        fc.array(fc.record({ at: fc.nat(), mark: editorial }), { maxLength: 6 }),
        fc.array(edit, { maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined }),
        (words, marks, edits, note, part) => {
          const scan = applyEdits(words, edits);
          const edition = [...words];
          for (const m of marks) edition.splice(m.at % (edition.length + 1), 0, m.mark);
          // A footnote number glued to a word, and the note it points to after the text.
          const glued = note === undefined ? -1 : note % edition.length;
          if (glued !== -1 && /\p{L}$/u.test(edition[glued]!)) edition[glued] += '59';
          const notes = edition.some((w) => w.endsWith('59')) ? '\n\n  1. A note by the editors.' : '';
          // A partial scan: a stretch of the pages, placed in the edition by its words.
          const [from, length] = part ?? [0, scan.length];
          const shown = part ? scan.slice(from % scan.length, (from % scan.length) + 10 + (length % 40)) : scan;
          const lines = [shown.slice(0, 20), shown.slice(20, 40), shown.slice(40)].map((l) => l.join(' ')).filter(Boolean);
          if (lines.length === 0) return;
          roundTrip(`Secretary of State,\n${edition.join(' ')}${notes}`, [part ? lines : ['Secretary of State,', ...lines]], part !== undefined);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('apparatus: a long text', () => {
  /** A text of `n` words drawn from a small vocabulary, so that single words repeat and only runs of words are unique. */
  function longText(n: number, seed: number): string[] {
    const vocabulary = ['the', 'Soviet', 'power', 'is', 'neither', 'schematic', 'nor', 'adventuristic', 'some', 'same', 'propaganda', 'world', 'USSR', 'Western', 'policy', 'of', 'and', 'to', 'in', 'a'];
    return Array.from({ length: n }, () => vocabulary[(seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % vocabulary.length]!);
  }

  it('is aligned in stretches between anchors, and still loses nothing either way', () => {
    const words = longText(ANCHOR_ABOVE + 5_000, 7);
    const scan = words.map((w, i) => (i % 97 === 0 ? 'garbled' : w)).filter((_, i) => i % 211 !== 5);
    const lines = Array.from({ length: Math.ceil(scan.length / 12) }, (_, i) => scan.slice(i * 12, i * 12 + 12).join(' '));
    const { parsed, apparatus, scanTokens } = collate(`Secretary of State,\n${words.join(' ')}`, [['Secretary of State,', ...lines]]);
    expect(applyReadings(parsed, apparatus)).toEqual(scanTokens.map((t) => t.t));
    expect(applyLemmas(parsed, scanTokens, apparatus)).toEqual(editionTokens(parsed, apparatus).map((t) => t.t));
    // Each edit is its own entry, as the whole-text diff would make it.
    const edits = words.filter((_, i) => i % 97 === 0 || i % 211 === 5).length;
    expect(apparatus.entries.length).toBeGreaterThanOrEqual(edits * 0.95);
    expect(apparatus.entries.length).toBeLessThanOrEqual(edits);
  });

  it('reports its progress: the alignment, then the differences typed, to the last', () => {
    const reports: [string, number, number][] = [];
    const parsed = parseEdition(`Secretary of State,\n${longText(3000, 3).join(' ')}`);
    const pages = [page('1', ['Secretary of State,', longText(3000, 3).map((w, i) => (i % 5 === 0 ? 'x' : w)).join(' ')])];
    const { entries } = buildApparatus({ document: 't', edition: { file: 'e.txt', parsed }, scan: { folder: 's', pages }, partial: false, onProgress: (...r) => reports.push(r) });
    expect(reports.slice(0, 2)).toEqual([['align', 0, 1], ['align', 1, 1]]);
    expect(reports.at(-1)).toEqual(['type', entries.length, entries.length]);
    expect(reports.filter(([stage]) => stage === 'type').length).toBeGreaterThan(1);
  });
});
