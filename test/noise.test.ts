import { describe, expect, it } from 'vitest';
import { buildApparatus } from '../src/apparatus.js';
import { parseEdition, tokenize } from '../src/edition.js';
import type { BodyLine, ScanToken, StrippedLine, StrippedPage } from '../src/model.js';
import { channelCost, judge, learnChannel, lexiconOf, noiseModel, type ReadPair } from '../src/noise.js';
import { reclaim } from '../src/reclaim.js';

/** A page whose body is the given lines; each word is read with its confidence ("word@40"), 90 otherwise. */
function page(label: string, lines: string[], stripped: StrippedLine[] = []): StrippedPage {
  const body: BodyLine[] = lines.map((text, line) => {
    let x = 0;
    const words = text.split(' ').filter(Boolean).map((raw) => {
      const [word, conf] = raw.split('@');
      const bbox: [number, number, number, number] = [x, line * 50, x + word!.length * 25, line * 50 + 40];
      x += (word!.length + 1) * 25;
      return { text: word!, bbox, confidence: conf ? Number(conf) : 90 };
    });
    return { line, text: words.map((w) => w.text).join(' '), bbox: [0, line * 50, x, line * 50 + 40], confidence: Math.min(...words.map((w) => w.confidence)), words };
  });
  return { label, file: `p${label}.jpg`, width: 2550, height: 3300, body, stripped };
}

/** A small dictionary for the tests; the edition's own words are words too. */
const DICTIONARY = ['is', 'in', 'the', 'this', 'which', 'was', 'small', 'Legation', 'shot', 'red', 'quite', 'consul', 'informed'];

function collate(edition: string, lines: string[], dictionary = DICTIONARY) {
  return buildApparatus({ document: 't', edition: { file: 'e.txt', parsed: parseEdition(edition) }, scan: { folder: 's', pages: [page('1', lines)] }, partial: false, dictionary });
}
const view = (entries: { type: string; subtype?: string; lemma: string; reading: string }[]) => entries.map((e) => [e.type, e.subtype, e.lemma, e.reading.replace(/\s+/g, ' ')]);

/** A text long enough to learn from, where OCR read "e" as "c" and "h" as "n" now and then. */
const BODY = 'the legation reported that the measures were applied with the greatest severity in every district of the country and that the people were alarmed';
const scanned = (text: string) => text.replace(/\bthe\b/g, (m, at: number) => (at % 3 === 0 ? 'tne' : m)).replace(/were/g, 'wcre');

describe('lexicon', () => {
  const lexicon = lexiconOf(['keep', 'Switzerland', 'self', 'confidence']);
  it('follows Hunspell on case: a common word in any case, a name only capitalized', () => {
    expect(lexicon.has('Keep')).toBe(true);
    expect(lexicon.has('KEEP')).toBe(true);
    expect(lexicon.has('Switzerland')).toBe(true);
    expect(lexicon.has('switzerland')).toBe(false);
  });
  it('takes numbers, compounds and a trailing stop as words, and a lone mark as none', () => {
    expect(lexicon.has('700,000')).toBe(true);
    expect(lexicon.has('14th')).toBe(true);
    expect(lexicon.has('self-confidence')).toBe(true);
    expect(lexicon.has('keep.')).toBe(true);
    expect(lexicon.has('1')).toBe(false);
    expect(lexicon.has('&')).toBe(false);
  });
});

describe('channel: learned from the run’s own pairs', () => {
  const pairs: ReadPair[] = [
    ...Array.from({ length: 40 }, () => ({ lemma: 'the', reading: 'the', confidence: 95 })),
    ...Array.from({ length: 6 }, () => ({ lemma: 'were', reading: 'wcre', confidence: 80 })),
    ...Array.from({ length: 4 }, () => ({ lemma: 'the', reading: 'tne', confidence: 60 })),
    { lemma: 'the', reading: 'the', confidence: 60 },
  ];
  const channel = learnChannel(pairs);
  it('finds what this scan confuses, most frequent first', () => {
    expect(channel.confusions.slice(0, 2)).toEqual([
      { from: 'e', to: 'c', count: 6 },
      { from: 'h', to: 'n', count: 4 },
    ]);
  });
  it('makes a learned confusion cheaper than an unseen one', () => {
    expect(channelCost(channel, 'were', 'wcre')).toBeLessThan(channelCost(channel, 'were', 'wxre'));
  });
  it('errs more often where tesseract was less sure', () => {
    expect(channel.errorRate[6]!).toBeGreaterThan(channel.errorRate[9]!);
  });
  it('learns how often a misreading shares little with its word', () => {
    // 10 misreadings close to their word, then 4 far from it.
    const far = [...pairs, ...['al', 'Il'].map((reading) => ({ lemma: 'know', reading, confidence: 10 })), ...['small', 'shot'].map((reading) => ({ lemma: 'modest', reading, confidence: 95 }))];
    expect(learnChannel(far).garbage).toBeCloseTo((4 + 1) / (14 + 2));
    expect(learnChannel(pairs).garbage).toBeCloseTo(1 / (10 + 2));
  });
});

describe('noise model: OCR error or variant', () => {
  it('puts a non-word close to its lemma down to OCR', () => {
    const { entries } = collate(BODY, [scanned(BODY)]);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatchObject({ type: 'ocr', subtype: 'nonword', rule: 'ocr-noise' });
    expect(entries[0]!.evidence!.noise).toBeGreaterThan(0.5);
    expect(entries[0]!.evidence!.alternatives[0]!.word).toBe(entries[0]!.lemma);
  });

  it('keeps a confident change from one word to another a variant, with its evidence', () => {
    const { entries } = collate(BODY, [scanned(BODY).replace('greatest', 'small')]);
    const variant = entries.find((e) => e.lemma === 'greatest')!;
    expect(variant).toMatchObject({ type: 'substantive', subtype: 'change', reading: 'small' });
    expect(variant.evidence!.noise).toBeLessThan(0.01);
  });

  it('weighs a real-word reading by how common it is beside the lemma (a frequency prior)', () => {
    // "tbe" and "tha" are words here, as rare as "ere" is beside "are"; "small" as common as "greatest".
    const counts: Record<string, number> = { the: 60_000, tbe: 10, greatest: 300, small: 6_000 };
    const frequency = { of: (w: string) => (counts[w.toLowerCase()] ?? 0) / 1_000_000, floor: 1 / 1_000_000 };
    const dictionary = [...DICTIONARY, 'tbe', 'greatest'];
    const text = scanned(BODY).replace('greatest', 'small').replace(/tne/, 'tbe');
    const judged = (f?: typeof frequency) => buildApparatus({ document: 't', edition: { file: 'e.txt', parsed: parseEdition(BODY) }, scan: { folder: 's', pages: [page('1', [text])] }, partial: false, dictionary, ...(f ? { frequency: f } : {}) }).entries;
    const rare = (entries: ReturnType<typeof judged>) => entries.find((e) => e.reading === 'tbe')!;
    expect(rare(judged()).evidence!.noise).toBeLessThan(rare(judged(frequency)).evidence!.noise);
    expect(rare(judged(frequency))).toMatchObject({ type: 'ocr', subtype: 'confusion' });
    expect(judged(frequency).find((e) => e.lemma === 'greatest')).toMatchObject({ type: 'substantive', reading: 'small' });
  });

  it('puts a non-word that is a piece of the lemma down to OCR: the rest was lost at a line’s edge', () => {
    const { entries } = collate(`${BODY} before their emigration began`, [`${scanned(BODY)} before their`, 'tion began']);
    expect(entries.find((e) => e.lemma === 'emigration')).toMatchObject({ type: 'ocr', subtype: 'nonword', reading: 'tion' });
  });

  it('judges one written word whole where the edition cuts it in two ("14th" against "l4th")', () => {
    const { entries } = collate(`${BODY} on May 14th last`, [`${scanned(BODY)} on May l4th last`]);
    expect(view(entries.filter((e) => e.reading.includes('l4th')))).toEqual([['ocr', 'nonword', '14th', 'l4th']]);
    expect(entries.filter((e) => e.type === 'substantive')).toEqual([]);
  });

  it('names the word the page holds under a misread, and types it against the lemma', () => {
    const edition = `${BODY}. The Embassy has been informed. ${BODY}.`;
    const { entries } = collate(edition, [`${scanned(BODY)}. The Legatlon@10 has been informed. ${BODY}.`]);
    const entry = entries.find((e) => e.lemma === 'Embassy')!;
    expect(entry).toMatchObject({ type: 'substantive', subtype: 'change', reading: 'Legatlon', evidence: { believed: 'Legation' } });
  });

  it('puts marks read as words at low confidence down to OCR, and keeps a word the edition lacks', () => {
    const { entries } = collate(BODY, [scanned(BODY).replace('applied', 'applied Xq@12 zr@8').replace('alarmed', 'quite alarmed')]);
    expect(view(entries.filter((e) => e.lemma === ''))).toEqual([
      ['ocr', 'spurious', '', 'Xq zr'],
      ['substantive', 'addition', '', 'quite'],
    ]);
  });

  it('weighs the other model’s reading where two models read the ink apart: the lemma misread in either is OCR’s', () => {
    // Words per million in English, about as SUBTLEX counts them.
    const counts: Record<string, number> = { have: 3000, heave: 2, see: 1500, principal: 20, principle: 15 };
    const frequency = { of: (w: string) => (counts[w.toLowerCase()] ?? 0) / 1_000_000, floor: 1 / 1_000_000 };
    const model = noiseModel([...DICTIONARY, 'have', 'heave', 'we', 'see', 'principal', 'principle'], BODY.split(' '), BODY.split(' ').map((w) => ({ lemma: w, reading: w, confidence: 90 })), [], frequency);
    const token = (t: string, alt?: string): ScanToken => ({ t, n: t, start: 0, end: t.length, page: '1', file: 'f', line: 0, bbox: [0, 0, 1, 1], confidence: 90, ...(alt ? { alt } : {}) });
    expect(judge(tokenize('have'), [token('heave', 'heve')], model)).toMatchObject({ verdict: 'ocr', suspect: true });
    // Where the other reading is no likelier a misread of the lemma than of the word taken, the variant stands.
    expect(judge(tokenize('have'), [token('see', 'sec')], model)).toMatchObject({ verdict: 'variant' });
    expect(judge(tokenize('principal'), [token('principle', 'principie')], model)).toMatchObject({ verdict: 'variant' });
    // The first reading as near the lemma as the taken one is to the page's word: a toss-up, marked for review.
    expect(judge(tokenize('principal'), [token('principle', 'principel')], model)).toMatchObject({ suspect: true });
  });

  it('does not judge a transcription (confidence 100)', () => {
    const pairs = tokenize('the tne').map((t) => ({ ...t, page: '1', file: 'f', line: 0, bbox: [0, 0, 1, 1], confidence: 100 }) as ScanToken);
    const model = noiseModel(DICTIONARY, ['the'], []);
    expect(judge(tokenize('the'), pairs.slice(1), model)).toBeUndefined();
  });
});

describe('specks: marks the edition lacks, where no typist strikes one', () => {
  it('puts a stop glued to the next word, or before a word that begins no sentence, down to OCR', () => {
    const edition = `${BODY}. Then the people left their homes in haste and the legation reported it.`;
    const { entries } = collate(edition, [`${BODY}. Then the people .left their homes in haste. and the legation reported it.`]);
    expect(view(entries)).toEqual([
      ['ocr', 'speck', '', '.'],
      ['ocr', 'speck', '', '.'],
    ]);
  });
  it('keeps a stop before a capital, and a comma, the document’s', () => {
    const edition = `${BODY}. Then the people left their homes in haste and the legation reported it.`;
    const { entries } = collate(edition, [`${BODY}. Then the people left their homes, in haste. And the legation reported it.`]);
    expect(entries.map((e) => e.type)).toEqual(['accidental', 'accidental', 'accidental']);
  });
});

describe('frame: the letter’s address, date line, salutation and signature', () => {
  it('types them editorial/frame where the edition leaves them out', () => {
    const { entries } = collate(`Sir: ${BODY}.`, ['The Secretary of State,', 'Washington.', 'Sir:', `${BODY}.`, 'Respectfully yours,', 'Franklin Mott Gunther']);
    expect(view(entries)).toEqual([
      ['editorial', 'frame', '', 'The Secretary of State, Washington.'],
      ['editorial', 'frame', '', 'Respectfully yours, Franklin Mott Gunther'],
    ]);
  });
  it('leaves a difference in the middle of the letter to the other rules', () => {
    const { entries } = collate(`${BODY}. Respectfully yours, ${BODY}.`, [`${BODY}. ${BODY}.`]);
    expect(view(entries)).toEqual([['substantive', 'omission', 'Respectfully yours,', '']]);
  });
});

describe('reclaim: stripping checked against the edition', () => {
  const line = (text: string, rule: string): StrippedLine => ({ page: '1', file: 'p1.jpg', line: 2, text, class: 'marginalia', rule, bbox: [0, 100, 500, 140], confidence: 95 });
  it('gives back a stripped line whose words run as the edition’s, and says which rule took it', () => {
    const parsed = parseEdition('the people were alarmed and more numerous than before. They left.');
    const stripped = [line('more numerous than before.', 'margin-note'), line('DEPARTMENT OF STATE', 'margin-note'), line('Using', 'margin-note')];
    const before = page('1', ['the people were alarmed and', 'They left.'], stripped);
    before.body[1]!.line = 3;
    const { pages, reclaimed } = reclaim([before], parsed);
    expect(reclaimed).toMatchObject([{ text: 'more numerous than before.', rule: 'margin-note', share: 1 }]);
    expect(pages[0]!.body.map((l) => l.text)).toEqual(['the people were alarmed and', 'more numerous than before.', 'They left.']);
    expect(pages[0]!.stripped.map((l) => l.text)).toEqual(['DEPARTMENT OF STATE', 'Using']);
  });
  it('strips boilerplate the edition does not share outside the text’s flow, and keeps the typed frame', () => {
    const parsed = parseEdition(`Sir: ${BODY}.`);
    const half = BODY.split(' ');
    const first = page('1', ['LEGATION OF THE', 'UNITED STATES OF AMERICA', 'No. 720. Bucharest, January 25, 1939.', 'LZ@32 fo@21', 'i@75', 'Sir:', half.slice(0, 12).join(' '), half.slice(12).join(' ') + '.']);
    const { pages } = reclaim([first], parsed);
    expect(pages[0]!.body.map((l) => l.text)).toEqual(['No. 720. Bucharest, January 25, 1939.', 'Sir:', half.slice(0, 12).join(' '), half.slice(12).join(' ') + '.']);
    expect(pages[0]!.stripped.map((l) => [l.rule, l.text])).toEqual([
      ['unaligned-letterhead', 'LEGATION OF THE'],
      ['unaligned-letterhead', 'UNITED STATES OF AMERICA'],
      ['unaligned-scraps', 'LZ fo'],
      ['unaligned-speck', 'i'],
    ]);
  });
  it('strips nothing in the flow of the text, capitals and scraps included', () => {
    const parsed = parseEdition(`${BODY}. ${BODY}.`);
    const half = BODY.split(' ');
    const lines = [half.slice(0, 12).join(' '), half.slice(12).join(' ') + '.', 'NOTE WELL', 'LZ@32 fo@21', half.slice(0, 12).join(' '), half.slice(12).join(' ') + '.'];
    expect(reclaim([page('1', lines)], parsed).pages[0]!.body.map((l) => l.text)).toEqual(lines.map((l) => l.replace(/@\d+/g, '')));
  });
  it('leaves a head in capitals where the body is in capitals too (a telegram)', () => {
    const upper = BODY.toUpperCase();
    const half = upper.split(' ');
    const { pages } = reclaim([page('1', ['SECRETARY OF STATE WASHINGTON', half.slice(0, 12).join(' '), half.slice(12).join(' ')])], parseEdition(upper));
    expect(pages[0]!.stripped).toEqual([]);
  });
  it('never drops a sentence the edition omits: it stays in the body and becomes a variant', () => {
    const { entries } = collate(BODY, [`${BODY.replace('country', 'country. The consul was informed of this')} and`.replace(/ and$/, '')]);
    expect(view(entries)).toEqual([['substantive', 'addition', '', '. The consul was informed of this']]);
  });
});

describe('marks read as a string', () => {
  // A dictionary that knows the text's words, as a real one does: names are rare.
  const WORDS = [...BODY.split(' '), 'and', 'we', 'do', 'not', 'know', 'where', 'it', 'began', 'see', 'a', 'I', 'all', 'an', 'as', 'at'];
  it('a pen stroke over a word, read as a short string at no confidence, is OCR’s, not the page holding a word an edit from it', () => {
    const { entries } = collate(`${BODY} and we do not know where it began`, [`${BODY} and we do not al@0 where it began`], WORDS);
    expect(view(entries)).toEqual([['ocr', 'nonword', 'know', 'al']]);
  });
  it('a word read surely in place of another stays a variant', () => {
    const { entries } = collate(`${BODY} and we do not know where it began`, [`${BODY} and we do not see@95 where it began`], WORDS);
    expect(view(entries)).toEqual([['substantive', 'change', 'know', 'see']]);
  });
});

describe('ocr-unread: words the reading lacks where the page cannot be read', () => {
  const edition = `${BODY} of the towns in this country.`;
  // "in" missing at the end of the second line, which stops well short of the column's edge.
  const scan = [BODY, 'of the towns', 'this country.'];
  const end = (p: StrippedPage) => p.body[1]!.bbox[2];
  it('types the omission ocr/unread where ink no word was read from covers its place, substantive where the place is bare', () => {
    const bare = page('1', scan);
    const marked = { ...bare, unread: [[end(bare) + 10, 50, end(bare) + 60, 90]] as [number, number, number, number][] };
    const build = (p: StrippedPage) => buildApparatus({ document: 't', edition: { file: 'e.txt', parsed: parseEdition(edition) }, scan: { folder: 's', pages: [p] }, partial: false, dictionary: DICTIONARY });
    expect(view(build(marked).entries)).toEqual([['ocr', 'unread', 'in', '']]);
    expect(build(marked).entries[0]!.rule).toBe('ocr-unread');
    expect(view(build(bare).entries)).toEqual([['substantive', 'omission', 'in', '']]);
  });
  it('takes a stripped stamp over the place for hidden too', () => {
    const bare = page('1', scan);
    const stamp: StrippedLine = { page: '1', file: 'p1.jpg', line: 5, text: 'RECEIVED', class: 'stamp', rule: 'stamp', bbox: [end(bare) + 5, 45, end(bare) + 200, 95], confidence: 40 };
    const stamped = { ...bare, stripped: [stamp] };
    const { entries } = buildApparatus({ document: 't', edition: { file: 'e.txt', parsed: parseEdition(edition) }, scan: { folder: 's', pages: [stamped] }, partial: false, dictionary: DICTIONARY });
    expect(view(entries)).toEqual([['ocr', 'unread', 'in', '']]);
  });
});

describe('reclaim: a catchword the edition prints', () => {
  const catchword = (text: string): StrippedLine => ({ page: '1', file: 'p1.jpg', line: 9, text, class: 'catchword', rule: 'catchword-repeated', bbox: [1500, 3000, 1700, 3040], confidence: 95 });
  it('gives it back where the edition has its words twice, going on as the next page does', () => {
    const parsed = parseEdition('Just what new influences. influences may be brought to bear on this.');
    const pages = [page('1', ['Just what new'], [catchword('influences.')]), page('2', ['influences may be brought to bear on this.'])];
    const { pages: out, reclaimed } = reclaim(pages, parsed);
    expect(reclaimed).toMatchObject([{ text: 'influences.', rule: 'catchword-repeated', because: 'catchword-printed' }]);
    expect(out[0]!.body.map((l) => l.text)).toEqual(['Just what new', 'influences.']);
  });
  it('keeps it stripped where the edition has the word once, as editions do', () => {
    const parsed = parseEdition('Just what new influences may be brought to bear on this.');
    const pages = [page('1', ['Just what new'], [catchword('influences')]), page('2', ['influences may be brought to bear on this.'])];
    expect(reclaim(pages, parsed).reclaimed).toEqual([]);
  });
});

describe('wrong document', () => {
  it('refuses an edition the scan does not align with, saying how much aligned', () => {
    const scan = Array.from({ length: 8 }, () => 'weather reports from the northern coast arrive late every morning').join(' ');
    expect(() => collate(BODY, [scan])).toThrow(/only \d+ of the scan's 80 words \(\d+\.\d%\) align with this edition/);
  });
});
