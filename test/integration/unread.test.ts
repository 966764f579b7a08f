/**
 * A word the page holds under a hand's scribble is OCR's to miss, not the document's to omit. Page 2 of 878
 * (the project's own rendering) with a pen scribble drawn over the last word of a typed line, then read with
 * real OCR and collated against the transcript, which has the word: the omission is `ocr/unread`, because
 * ink no word was read from covers the place the word would take. Two OCR readings of one page.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/commands/common.js';
import { run } from '../../src/commands/run.js';
import type { BBox } from '../../src/model.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Pen strokes across a box, as a hand strikes initials or a mark over typing: dark, looping, thick. */
function scribble([x0, y0, x1, y1]: BBox, width: number, height: number): Buffer {
  const [w, h] = [x1 - x0, y1 - y0];
  const loops = Array.from({ length: 4 }, (_, k) => {
    const x = x0 + (w * k) / 4;
    return `C ${x + w / 8} ${y0 - h * 0.6}, ${x + w / 4} ${y1 + h * 0.6}, ${x + w / 4} ${(y0 + y1) / 2}`;
  }).join(' ');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><path d="M ${x0 - 8} ${(y0 + y1) / 2} ${loops}" fill="none" stroke="rgb(30,30,60)" stroke-width="9"/><path d="M ${x0} ${y1} L ${x1} ${y0}" stroke="rgb(30,30,60)" stroke-width="7"/></svg>`,
  );
}

/** An ink blot over a box: a filled smear, as a pen's spill or a heavy stamp's pad leaves. */
function blot([x0, y0, x1, y1]: BBox, width: number, height: number): Buffer {
  // Taller than the line: the smear runs over the line's edge, as a spill does, and is no letter's shape.
  const [cx, cy, rx, ry] = [(x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 + 14, (y1 - y0) * 1.2];
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="rgb(25,25,45)"/></svg>`);
}

describe('words hidden under a blot and a scribble (878 page 2, the project’s rendering)', () => {
  it('are OCR’s to miss: the blotted word ocr/unread, the scribbled one ocr; no substantive entry', async () => {
    const scans = mkdtempSync(path.join(tmpdir(), 'collate-unread-'));
    for (const n of [1, 3]) copyFileSync(path.join(root, `scans/878/page-0${n}.jpg`), path.join(scans, `page-0${n}.jpg`));
    // Page 2 read as it is: the last words of two typed lines in the middle of the page, plain words of a few
    // letters, each found once on the page.
    const clean = mkdtempSync(path.join(tmpdir(), 'collate-unread-clean-'));
    const page = path.join(clean, 'page-02.jpg');
    copyFileSync(path.join(root, 'scans/878/page-02.jpg'), page);
    const { pages } = await readDocument('878', { scans: clean, cache: false, jobs: 1 });
    const body = pages[0]!.body;
    const once = (text: string) => body.flatMap((l) => l.words).filter((w) => w.text === text).length === 1;
    const [blotted, scribbled] = body
      .slice(Math.floor(body.length / 3))
      .map((line) => line.words.at(-1)!)
      .filter((w) => /^[a-z]{3,7}$/.test(w.text) && w.confidence > 90 && once(w.text));
    expect(blotted && scribbled, 'two plain words ending lines').toBeTruthy();
    const { width = 0, height = 0 } = await sharp(page).metadata();
    await sharp(page)
      .composite([
        { input: blot(blotted!.bbox, width, height), top: 0, left: 0 },
        { input: scribble(scribbled!.bbox, width, height), top: 0, left: 0 },
      ])
      .jpeg({ quality: 90 })
      .toFile(path.join(scans, 'page-02.jpg'));

    const { apparatus } = await run('878', { scans, pages: '2', cache: false, jobs: 1, decisions: false });
    const at = (word: string) => apparatus.entries.filter((e) => e.lemma === word && e.page === '2').map((e) => [e.type, e.subtype, e.reading]);
    expect(at(blotted!.text), blotted!.text).toEqual([['ocr', 'unread', '']]);
    expect(at(scribbled!.text).map(([type]) => type), scribbled!.text).toEqual(['ocr']);
    expect(apparatus.entries.filter((e) => e.type === 'substantive').map((e) => `${e.lemma} | ${e.reading}`)).toEqual([]);
  }, 120_000);
});
