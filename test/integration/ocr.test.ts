/**
 * Real OCR on real page images: few pages, chosen for what they exercise. Each page takes a few seconds.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/commands/eval.js';
import { facsimile } from '../../src/commands/facsimile.js';
import { ocr } from '../../src/commands/ocr.js';
import { Manifest, OcrOutput } from '../../src/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const at = (...parts: string[]) => path.join(root, ...parts);
const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `collate-${name}-`));

describe('OCR and stripping on the facsimiles', () => {
  it('511 page 6: a stamp over the text is stripped by its ink, and the text under it is read', async () => {
    const output = OcrOutput.parse(JSON.parse(await ocr('511', { scans: at('scans/511'), pages: '6', json: true, cache: false, jobs: 1 })));
    const [page] = output.pages;
    expect(page).toMatchObject({ label: '6', file: expect.stringMatching(/page-06\.jpg$/), width: 2550, height: 3300 });
    const body = page!.body!.map((line) => line.text).join(' ');
    expect(body).toContain('put forward a dogma which (*) outside world as evil, hostile and');
    expect(body).toContain('destined to be wracked with growing internal convulsions until it is');
    expect(body).not.toMatch(/DECLASSIFIED|NARS|#511|SECRET/);
    // The stamp's rule runs through this line; the typed strokes it crossed are kept.
    expect(body).toContain('germs of creeping disease');
    // The stamp's lettering lies over this line, which is read a second time on its own. Its words are
    // placed on the page as scanned (tilted 0.7°): inside the box where the facsimile printed that line.
    expect(body).toContain('coup de grace by rising power of socialism');
    const rising = page!.body!.flatMap((line) => line.words).find((word) => word.text === 'rising')!;
    const printed = Manifest.parse(JSON.parse(readFileSync(at('scans/511/manifest.json'), 'utf8'))).pages[5]!.regions!.flatMap((region) => region.boxes);
    const middle = (rising.bbox[1] + rising.bbox[3]) / 2;
    const [x0, y0, x1, y1] = printed.find(([, top, , bottom]) => top <= middle && middle <= bottom && top > 1700)!;
    expect(rising.bbox[0]).toBeGreaterThanOrEqual(x0);
    expect(rising.bbox[1]).toBeGreaterThanOrEqual(y0 - 3);
    expect(rising.bbox[2]).toBeLessThanOrEqual(x1);
    expect(rising.bbox[3]).toBeLessThanOrEqual(y1 + 3);
    for (const line of page!.body!) for (const word of line.words) expect(word.confidence).toBeGreaterThanOrEqual(0);
    const rules = new Map(output.stripped.map((line) => [line.rule, line.class]));
    expect(rules.get('continuation-header')).toBe('continuation-header');
    expect(rules.get('catchword-position')).toBe('catchword');
    // The stamp was lifted out before OCR, then read on its own: it is on record, with its place.
    const stamp = output.stripped.filter((line) => line.rule === 'coloured-ink');
    expect(stamp.map((line) => line.text).join(' ')).toMatch(/NARS|Date|Sec/);
    for (const line of stamp) expect(line.bbox[1]).toBeGreaterThan(1650);
  });

  it('878 rendered with another seed: rules never tuned on these pages strip cleanly', async () => {
    const scans = tmp('878-seed7');
    await facsimile('878', { fixtures: at('fixtures/878'), out: scans, seed: 7 });
    const { report } = await evalCommand('878', { scans, fixtures: at('fixtures/878'), pages: '2', cache: false, jobs: 1 });
    expect(report.total.leakedLines).toBe(0);
    expect(report.total.lostWords).toBe(0);
    expect(report.total.cer.rate).toBeLessThan(0.01);
  });
});

describe('the formats a user drops in', () => {
  it('reads a TIFF and a two-page PDF, one page of it blank', async () => {
    const crop = await sharp(at('scans/511/page-01.jpg')).extract({ left: 0, top: 700, width: 2550, height: 500 }).jpeg().toBuffer();
    const scans = tmp('formats');
    await sharp(crop).tiff({ compression: 'lzw' }).toFile(path.join(scans, 'a-01.tif'));
    const doc = new mupdf.PDFDocument();
    const image = doc.addImage(new mupdf.Image(crop));
    const [w, h] = [612, 120]; // 8.5 × 1.67 inches: the crop at 300 dpi
    doc.insertPage(-1, doc.addPage([0, 0, w, h], 0, doc.addObject({ XObject: { Im0: image } }), `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`));
    doc.insertPage(-1, doc.addPage([0, 0, w, h], 0, doc.addObject({}), ''));
    writeFileSync(path.join(scans, 'b.pdf'), doc.saveToBuffer('compress').asUint8Array());

    const output = OcrOutput.parse(JSON.parse(await ocr('x', { scans, json: true, cache: false, jobs: 2 })));
    expect(output.pages.map((p) => [p.label, path.basename(p.file), p.width])).toEqual([
      ['1', 'a-01.tif', 2550],
      ['b-1', 'b.pdf', 2550],
      ['b-2', 'b.pdf', 2550],
    ]);
    const text = (i: number) => output.pages[i]!.body!.map((line) => line.text).join('\n');
    expect(text(0)).toContain('Secretary of State,');
    expect(text(1)).toContain('511, February 22, 9 p.m.');
    expect(output.pages[2]!.body).toEqual([]);
  });
});
