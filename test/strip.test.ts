import { describe, expect, it } from 'vitest';
import type { OcrLine, OcrPage } from '../src/model.js';
import { DEFAULT_RULES, DEFAULT_TERMS, segments, stripDocument, stripPage, stripRules } from '../src/strip.js';

const CHAR = 25;
const HEIGHT = 40;

/**
 * A typed line at (x, y): words placed as an elite typewriter would, one character per 25 px. `pitch` and
 * `size` set other lettering: a stamp's, a letterhead's, a hand's.
 */
function line(index: number, text: string, x: number, y: number, options: { confidence?: number; colour?: number; pitch?: number; size?: number } = {}): OcrLine {
  const [char, height] = [options.pitch ?? CHAR, options.size ?? HEIGHT];
  let cursor = x;
  const words = text.split(' ').flatMap((word) => {
    const start = cursor;
    cursor += (word.length + 1) * char;
    if (word === '') return [];
    return [{ text: word, bbox: [start, y, start + word.length * char, y + height] as [number, number, number, number], confidence: options.confidence ?? 95, colour: options.colour ?? 0 }];
  });
  const last = words.at(-1)!;
  return { index, text: words.map((w) => w.text).join(' '), bbox: [x, y, last.bbox[2], y + height], confidence: options.confidence ?? 95, words };
}

const BODY_X = 450;
const body = (index: number, text: string, y: number) => line(index, text, BODY_X, y);
const LONG = 'the quick brown typewriter jumps over the lazy telegraph office again and';

function page(label: string, lines: OcrLine[], position?: number): OcrPage {
  return { label, position, file: `page-${label}.jpg`, width: 2550, height: 3300, lines: lines.map((l, index) => ({ ...l, index })) };
}

const ruleOf = (p: ReturnType<typeof stripPage>, text: string) => p.stripped.find((s) => s.text === text)?.rule;

describe('strip: the message apart from everything else on the page', () => {
  const first = page('1', [
    line(0, 'DEPARTMENT OF STATE', 910, 105),
    line(1, 'INCOMING TELEGRAM', 845, 160),
    line(2, 'SEERET', 1167, 305, { confidence: 19 }),
    line(3, 'PEN-K-M', 1430, 390),
    line(4, 'No paraphrase necessary.', 1430, 437),
    line(5, '8963', 1430, 491),
    line(6, 'ACTION:EUR', 100, 554),
    line(7, 'EUR/X', 100, 900),
    body(8, 'Secretary of State,', 785),
    body(9, LONG, 1000),
    body(10, 'which in the long run there can be no (*) coexistence. As', 1050),
    line(11, 'DECLASSIFIED', 1200, 2700, { confidence: 40, colour: 1 }),
    line(12, 'B.D. 11852; Set» 2(D)', 1150, 2750, { confidence: 40, colour: 0.8 }),
    line(13, '. ,', 1700, 1500, { confidence: 20 }),
    line(14, 'SECRET', 1180, 3050),
    line(15, 'K/M', 170, 3144),
  ]);

  it('keeps the body, garble marks included, and names the rule that took each other line', () => {
    const stripped = stripPage(first);
    expect(stripped.body.map((l) => l.text)).toEqual(['Secretary of State,', LONG, 'which in the long run there can be no (*) coexistence. As']);
    expect(ruleOf(stripped, 'DEPARTMENT OF STATE')).toBe('form-header');
    expect(ruleOf(stripped, 'INCOMING TELEGRAM')).toBe('form-header');
    expect(ruleOf(stripped, 'SEERET')).toBe('classification-mark');
    expect(ruleOf(stripped, 'SECRET')).toBe('classification-mark');
    expect(ruleOf(stripped, 'No paraphrase necessary.')).toBe('routing-terms');
    expect(ruleOf(stripped, 'PEN-K-M')).toBe('header-block');
    expect(ruleOf(stripped, '8963')).toBe('header-block');
    expect(ruleOf(stripped, 'EUR/X')).toBe('routing-column');
    expect(ruleOf(stripped, 'DECLASSIFIED')).toBe('coloured-ink');
    expect(ruleOf(stripped, 'B.D. 11852; Set» 2(D)')).toBe('coloured-ink');
    expect(ruleOf(stripped, '. ,')).toBe('noise');
    expect(ruleOf(stripped, 'K/M')).toBe('margin-note');
  });

  it('loses nothing: every word of the page is in the body or in a stripped line', () => {
    const stripped = stripPage(first);
    const kept = [...stripped.body.map((l) => l.text), ...stripped.stripped.map((l) => l.text)].join(' ').split(' ').sort();
    expect(kept).toEqual(first.lines.flatMap((l) => l.words.map((w) => w.text)).sort());
    for (const s of stripped.stripped) expect(s).toMatchObject({ page: '1', file: 'page-1.jpg' });
  });

  it('cuts a line at a wide gap, so the routing column is not read into the body line beside it', () => {
    const merged = line(0, 'A-B' + ' '.repeat(12) + 'Washington.', 100, 836);
    expect(segments(merged, CHAR).map((s) => s.text)).toEqual(['A-B', 'Washington.']);
    const stripped = stripPage(page('1', [body(0, LONG, 700), merged]));
    expect(stripped.body.map((l) => l.text)).toEqual([LONG, 'Washington.']);
    expect(ruleOf(stripped, 'A-B')).toBe('routing-column');
  });

  it('cuts a line where coloured ink begins, so a stamp beside the text is stripped and the text kept', () => {
    const l = line(0, 'and better world. This', BODY_X, 1800);
    const stamp = line(1, 'By AGI NARS', 1100, 1800, { colour: 1 });
    const joined: OcrLine = { ...l, words: [...l.words, ...stamp.words], text: `${l.text} ${stamp.text}`, bbox: [l.bbox[0], l.bbox[1], stamp.bbox[2], stamp.bbox[3]] };
    const stripped = stripPage(page('6', [body(1, LONG, 1700), joined]));
    expect(stripped.body.map((x) => x.text)).toEqual([LONG, 'and better world. This']);
    expect(stripped.stripped.map((x) => [x.text, x.rule])).toEqual([['By AGI NARS', 'coloured-ink']]);
  });

  it('reads continuation headers however the page number is typed', () => {
    for (const header of ['-7- #511, February 22, 9 p.m. from Moscow via War', '-13½- #511, February 22, 9 p.m., from Moscow via War.', '~2- #878, March 20, 5 p.m. from Moscow']) {
      const stripped = stripPage(page('2', [line(0, header, 330, 210), body(1, LONG, 300)]));
      expect(ruleOf(stripped, header), header).toBe('continuation-header');
    }
  });

  it('drops a catchword once, keeping the copy that continues the text on the next page', () => {
    const pages = stripDocument([
      page('4', [body(0, LONG, 1000), body(1, 'control, question of Soviet', 1050), line(2, 'base at', 2074, 1160)], 4),
      page('5', [line(0, '-5- #511, February 22, 9 p.m. from Moscow via War', 330, 210), body(1, 'base at Gibraltar Strait would be promptly raised.', 300)], 5),
    ]);
    expect(pages[0]!.body.map((l) => l.text)).toEqual([LONG, 'control, question of Soviet']);
    expect(pages[0]!.stripped.at(-1)).toMatchObject({ text: 'base at', class: 'catchword', rule: 'catchword-repeated' });
    expect(pages[1]!.body[0]!.text).toBe('base at Gibraltar Strait would be promptly raised.');
  });

  it('takes a catchword a line and a half below the text, right of centre, when the next page begins with it', () => {
    // Lines 50 px apart; the catchword 70 px below the last: not "set apart" (over 1.5 pitches), but right of centre.
    const text = [body(0, LONG, 1000), body(1, LONG, 1050), body(2, 'Until a place is found for', 1100)];
    const pages = stripDocument([page('5', [...text, line(3, 'them', 1590, 1170)], 5), page('6', [body(0, 'them and an arrangement is made for them', 300)], 6)]);
    expect(pages[0]!.stripped.at(-1)).toMatchObject({ text: 'them', rule: 'catchword-repeated' });
    // The same words at the body's left edge, as close: the last line of a paragraph, which stays.
    const [kept] = stripDocument([page('5', [...text, body(3, 'them', 1170)], 5), page('6', [body(0, 'them and an arrangement is made for them', 300)], 6)]);
    expect(kept!.body.at(-1)!.text).toBe('them');
  });

  it('without the next page, still knows a catchword by its place, and a signature from a catchword', () => {
    const [alone] = stripDocument([page('11', [body(0, LONG, 1800), line(1, 'connection', 2008, 1999)], 11)]);
    expect(alone!.stripped.at(-1)).toMatchObject({ text: 'connection', rule: 'catchword-position' });
    const [last] = stripDocument([page('17', [body(0, LONG, 1800), body(1, 'whom we are coping.', 1850), line(2, 'KENNAN', 1900, 1960)], 19)]);
    expect(last!.body.at(-1)!.text).toBe('whom we are coping.');
    expect(last!.stripped.at(-1)).toMatchObject({ text: 'KENNAN', class: 'signature', rule: 'signature' });
  });

  it('takes no blank page for the next page: a signature before a white page at the end is still a signature', () => {
    const text = [body(0, LONG, 1800), body(1, 'whom we are coping.', 1850), line(2, 'KENNAN', 1900, 1960)];
    const [last] = stripDocument([page('17', text, 19), page('18', [line(0, '.', 1200, 1600)], 20)]);
    expect(last!.stripped.at(-1)).toMatchObject({ text: 'KENNAN', class: 'signature', rule: 'signature' });
    // A blank page between two pages is passed over: the catchword is compared with the page after it.
    const pages = stripDocument([
      page('4', [body(0, LONG, 1000), body(1, 'control, question of Soviet', 1050), line(2, 'base at', 2074, 1160)], 4),
      page('5', [], 5),
      page('6', [body(0, 'base at Gibraltar Strait would be promptly raised.', 300)], 6),
    ]);
    expect(pages[0]!.stripped.at(-1)).toMatchObject({ text: 'base at', rule: 'catchword-repeated' });
  });

  it('takes a one-word capital catchword for a catchword, not a signature, when a page follows', () => {
    const pages = stripDocument([
      page('9', [body(0, LONG, 1000), body(1, 'Moscow will profit from the weakness of', 1050), line(2, 'USSR', 2100, 1160)], 9),
      page('10', [body(0, 'USSR as factor in international society.', 300)], 10),
    ]);
    expect(pages[0]!.stripped.at(-1)).toMatchObject({ text: 'USSR', class: 'catchword', rule: 'catchword-repeated' });
  });

  it('does not compare a catchword with a page that is not next in the document', () => {
    const pages = stripDocument([
      page('8', [body(0, LONG, 1000), line(1, 'base at', 2074, 1160)], 8),
      page('10', [body(0, '(H) Beyond this, Soviet official relations will take', 300)], 10),
    ]);
    expect(pages[0]!.stripped.at(-1)).toMatchObject({ text: 'base at', rule: 'catchword-position' });
  });

  it('keeps a short last line that is the text, not a catchword', () => {
    const [p] = stripDocument([
      page('2', [body(0, LONG, 1000), body(1, 'world."', 1050)], 2),
      page('3', [body(0, '(B) Capitalist world is beset with internal conflicts', 300)], 3),
    ]);
    expect(p!.body.map((l) => l.text)).toEqual([LONG, 'world."']);
  });

  it('lets a user reorder, drop or add rules', () => {
    const withoutNoise = DEFAULT_RULES.filter((rule) => rule.id !== 'noise');
    expect(stripPage(first, withoutNoise).body.map((l) => l.text)).toContain('. ,');
    const custom = [{ id: 'file-number', class: 'marginalia' as const, test: (s: { text: string }) => /^\d{3}\.\d{2}\//.test(s.text) }, ...DEFAULT_RULES];
    const stripped = stripPage(page('1', [body(0, LONG, 1000), body(1, '861.00/2-2246', 1100)]), custom);
    expect(ruleOf(stripped, '861.00/2-2246')).toBe('file-number');
  });

  it('yields an empty page from a blank one', () => {
    expect(stripDocument([page('1', [])])[0]).toMatchObject({ body: [], stripped: [] });
  });
});

describe('strip: rules that hold on layouts they were not made on', () => {
  /** A page of body text from y = 700 down, every 100 px, as on a double-spaced despatch. */
  const prose = (from: number, count: number) => Array.from({ length: count }, (_, i) => body(0, LONG, from + i * 100));

  it("keeps a body sentence that holds a routing block's or a stamp's words", () => {
    const sentences = ['Received your 284 of February 3 and will reply at length.', 'since then messages sent via War Department channels have', 'and the Legation will confirm by State letter in due course.', 'the paper was Received by the DIVISION OF European Affairs'];
    const stripped = stripPage(page('3', [...prose(400, 3), ...sentences.map((text, i) => body(0, text, 700 + i * 100)), ...prose(1100, 3)]));
    expect(stripped.stripped).toEqual([]);
    expect(stripped.body.map((l) => l.text)).toEqual(expect.arrayContaining(sentences));
  });

  it('still strips those words above the message, where the routing block and the stamps stand', () => {
    const stripped = stripPage(page('1', [line(0, 'Moscow via War', 1430, 300), line(1, "Rec'd 3:52 p.m.", 1430, 350), ...prose(700, 4)]));
    expect(ruleOf(stripped, 'Moscow via War')).toBe('routing-terms');
    expect(ruleOf(stripped, "Rec'd 3:52 p.m.")).toBe('routing-terms');
  });

  it('takes the words of stamps and routing from the terms it is given', () => {
    const received = line(0, 'EINGEGANGEN 3 MRZ 1941', 1400, 1500, { confidence: 60 });
    const custom = stripRules({ ...DEFAULT_TERMS, stamps: ['EINGEGANGEN'] });
    expect(ruleOf(stripPage(page('2', [...prose(300, 12), received]), custom), 'EINGEGANGEN 3 MRZ 1941')).toBe('declassification-stamp');
    expect(ruleOf(stripPage(page('2', [...prose(300, 12), received])), 'EINGEGANGEN 3 MRZ 1941')).toBeUndefined();
  });

  it('strips a page number typed alone at the head or foot, and keeps a number in the text', () => {
    const stripped = stripPage(page('2', [line(0, '- 2 -', 1200, 60), ...prose(300, 5), body(9, '1938', 800), line(10, '-3-', 1200, 3200)]));
    expect(ruleOf(stripped, '- 2 -')).toBe('page-number');
    expect(ruleOf(stripped, '-3-')).toBe('page-number');
    expect(stripped.body.map((l) => l.text)).toContain('1938');
  });

  it("strips what stands wholly in the margins beside the column, whatever it says", () => {
    const stripped = stripPage(page('1', [...prose(300, 6), line(6, 'JEWS/119', 2360, 700, { confidence: 88 }), line(7, 'Schmidt', 60, 2000, { confidence: 70 })]));
    expect(ruleOf(stripped, 'JEWS/119')).toBe('outside-column');
    expect(ruleOf(stripped, 'Schmidt')).toBe('outside-column');
  });

  it('strips unsure lettering of another size or pitch than the typing, and keeps typing read unsurely', () => {
    const stamp = line(6, 'DEPARTMENT OF STATE', BODY_X + 200, 1000, { confidence: 55, pitch: 45, size: 80 });
    const faint = line(7, 'the faint ribbon of an old machine', BODY_X, 1100, { confidence: 50 });
    const stripped = stripPage(page('1', [...prose(300, 6), stamp, faint, ...prose(1300, 4)]));
    expect(ruleOf(stripped, 'DEPARTMENT OF STATE')).toBe('unlike-typing');
    expect(stripped.body.map((l) => l.text)).toContain('the faint ribbon of an old machine');
  });

  it("strips a printed letterhead above the message, and keeps the typed date and address there", () => {
    const stripped = stripPage(
      page('1', [
        line(0, 'Hilfsorganisation fur Auswanderer Praha', 600, 100, { pitch: 16, size: 30, confidence: 80 }),
        line(1, 'c/o 35, Lordship Park,', 1500, 250),
        line(2, 'LONDON, N. 16.', 1500, 300),
        line(3, '9th May, 1938.', 1500, 350),
        ...prose(700, 6),
      ]),
    );
    expect(ruleOf(stripped, 'Hilfsorganisation fur Auswanderer Praha')).toBe('letterhead');
    expect(stripped.body.map((l) => l.text)).toEqual(expect.arrayContaining(['c/o 35, Lordship Park,', 'LONDON, N. 16.', '9th May, 1938.']));
  });

  it('keeps a word typed alone on its line and read with no confidence, where the dictionary knows it; a speck read as letters goes', () => {
    const known = new Set(['decision', 'Washington']);
    const rules = stripRules(DEFAULT_TERMS, { isWord: (w) => known.has(w.replace(/[.,]$/, '')) });
    const unsure = { confidence: 18 };
    const lines = [...prose(300, 6), line(6, 'decision.', BODY_X, 900, unsure), line(7, 'Washington.', BODY_X + 300, 1000, { confidence: 0 }), line(8, 'Sohn', BODY_X, 1100, unsure), line(9, 'decision.', BODY_X, 1200, { ...unsure, pitch: 60, size: 90 }), ...prose(1300, 3)];
    const stripped = stripPage(page('2', lines), rules);
    expect(stripped.body.map((l) => l.text)).toEqual(expect.arrayContaining(['decision.', 'Washington.']));
    expect(ruleOf(stripped, 'Sohn')).toBe('noise');
    // In another lettering than the typing's, the same word is a stamp's or a hand's.
    expect(stripped.stripped.map((l) => l.text)).toContain('decision.');
    // Without a dictionary, a word read with no confidence is a speck's reading.
    expect(ruleOf(stripPage(page('2', lines)), 'Washington.')).toBe('noise');
  });

  it("strips a stamp's sideways lettering read as scraps, with a dictionary; keeps typing read badly", () => {
    const known = new Set(['the', 'of', 'Jews', 'Europe', 'and', 'has', 'smallest', 'percentage', 'in', 'its']);
    const rules = stripRules(DEFAULT_TERMS, { isWord: (w) => known.has(w.replace(/[.,]$/, '')) });
    const scraps = line(6, 'Ws T= Oo= =', BODY_X, 1000, { confidence: 32 });
    const poor = line(7, 'Swcden has the smal1est percentagc of Jews in its', BODY_X, 1100, { confidence: 45 });
    const stripped = stripPage(page('1', [...prose(300, 6), scraps, poor, ...prose(1300, 4)]), rules);
    expect(ruleOf(stripped, 'Ws T= Oo= =')).toBe('nonsense');
    expect(stripped.body.map((l) => l.text)).toContain('Swcden has the smal1est percentagc of Jews in its');
  });

  it('strips a letterhead read into one line with the date typed far to its right, and its name in spaced capitals', () => {
    const printed = { pitch: 16, size: 30, confidence: 60 };
    const letterhead = line(1, 'Hilfsorganisation fur Auswanderer', 300, 160, printed);
    const date = line(1, 'August 2nd 1938.', 1700, 160);
    const merged: OcrLine = { ...letterhead, text: `${letterhead.text} ${date.text}`, bbox: [300, 160, date.bbox[2], 200], words: [...letterhead.words, ...date.words] };
    const stripped = stripPage(page('1', [line(0, 'HICEM', 600, 100, { pitch: 55, confidence: 90 }), merged, line(2, 'Telegr. adr. HICEM Praha, Jachymova', 300, 210, printed), ...prose(400, 8)]));
    expect(ruleOf(stripped, 'HICEM')).toBe('letterhead');
    expect(ruleOf(stripped, 'Hilfsorganisation fur Auswanderer')).toBe('letterhead');
    expect(ruleOf(stripped, 'Telegr. adr. HICEM Praha, Jachymova')).toBe('letterhead');
    expect(stripped.body.map((l) => l.text)).toContain('August 2nd 1938.');
  });

  it('strips the file reference and initials below the last line, and keeps the enclosure list', () => {
    const stripped = stripPage(page('4', [...prose(300, 6), body(6, 'Copies to London, Berlin, Jerusalem.', 1000), body(7, '840.1', 1300), body(8, 'FPH/CKH:EMS', 1400), body(9, 'CKH:ems', 1450)]));
    expect(ruleOf(stripped, '840.1')).toBe('file-reference');
    expect(ruleOf(stripped, 'FPH/CKH:EMS')).toBe('file-reference');
    expect(ruleOf(stripped, 'CKH:ems')).toBe('file-reference');
    expect(stripped.body.map((l) => l.text)).toContain('Copies to London, Berlin, Jerusalem.');
  });
});
