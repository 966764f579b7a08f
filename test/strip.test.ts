import { describe, expect, it } from 'vitest';
import type { OcrLine, OcrPage } from '../src/model.js';
import { DEFAULT_RULES, segments, stripDocument, stripPage } from '../src/strip.js';

const CHAR = 25;
const HEIGHT = 40;

/** A typed line at (x, y): words placed as an elite typewriter would, one character per 25 px. */
function line(index: number, text: string, x: number, y: number, options: { confidence?: number; colour?: number } = {}): OcrLine {
  let cursor = x;
  const words = text.split(' ').flatMap((word) => {
    const start = cursor;
    cursor += (word.length + 1) * CHAR;
    if (word === '') return [];
    return [{ text: word, bbox: [start, y, start + word.length * CHAR, y + HEIGHT] as [number, number, number, number], confidence: options.confidence ?? 95, colour: options.colour ?? 0 }];
  });
  const last = words.at(-1)!;
  return { index, text: words.map((w) => w.text).join(' '), bbox: [x, y, last.bbox[2], y + HEIGHT], confidence: options.confidence ?? 95, words };
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
