import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { facsimile } from '../src/commands/facsimile.js';
import { InputError } from '../src/errors.js';
import { renderPage } from '../src/facsimile/render.js';
import { loadTruth } from '../src/files.js';
import { Manifest } from '../src/model.js';

const root = path.resolve(import.meta.dirname, '..');
const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('facsimile rendering', async () => {
  const { pages } = await loadTruth(path.join(root, 'fixtures/878'));

  it('is deterministic: the same fixture and seed give identical bytes', async () => {
    const a = await renderPage(pages, 0, { seed: 1946 });
    const b = await renderPage(pages, 0, { seed: 1946 });
    expect(digest(a.jpeg)).toBe(digest(b.jpeg));
    const other = await renderPage(pages, 0, { seed: 7 });
    expect(digest(other.jpeg)).not.toBe(digest(a.jpeg));
  });

  it('makes a US letter page at 300 dpi, in colour, under 700 KB, with a box for every line', async () => {
    const page = await renderPage(pages, 1, { seed: 1946 });
    const meta = await sharp(page.jpeg).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', 2550, 3300, 3]);
    expect(page.jpeg.length).toBeLessThan(700 * 1024);
    expect(page.manifest.regions?.map((r) => r.line)).toEqual(pages[1]!.lines.map((_, i) => i));
    for (const region of page.manifest.regions ?? []) {
      for (const [x0, y0, x1, y1] of region.boxes) {
        expect(x0).toBeLessThan(x1);
        expect(y0).toBeLessThan(y1);
      }
    }
  });

  it.each(['511', '878'])('the committed scans of %s are what the renderer makes of the fixtures', async (id) => {
    const manifest = Manifest.parse(JSON.parse(readFileSync(path.join(root, 'scans', id, 'manifest.json'), 'utf8')));
    const truth = await loadTruth(path.join(root, 'fixtures', id));
    expect(manifest.pages.map((p) => p.label)).toEqual(truth.pages.map((p) => p.label));
    const first = await renderPage(truth.pages, 0, { seed: manifest.facsimile!.seed });
    expect(digest(first.jpeg)).toBe(digest(readFileSync(path.join(root, 'scans', id, manifest.pages[0]!.file))));
  });
});

describe('facsimile styles: other designs and conditions', async () => {
  const { pages } = await loadTruth(path.join(root, 'fixtures/878'));

  it('scans a page in grayscale at 150 dpi: one channel, half the size, the line boxes scaled with it', async () => {
    const full = await renderPage(pages, 1, { seed: 1946, styles: [undefined, { stampInk: 'black' }] });
    const low = await renderPage(pages, 1, { seed: 1946, styles: [undefined, { stampInk: 'black', grayscale: true, dpi: 150 }] });
    const meta = await sharp(low.jpeg).metadata();
    expect([meta.width, meta.height, meta.channels, meta.density]).toEqual([1275, 1650, 1, 150]);
    expect(low.manifest).toMatchObject({ width: 1275, height: 1650, style: { grayscale: true, dpi: 150, stampInk: 'black' } });
    const [x0, y0, x1, y1] = full.manifest.regions![5]!.boxes[0]!;
    const [a0, b0, a1, b1] = low.manifest.regions![5]!.boxes[0]!;
    for (const [scaled, drawn] of [[a0, x0], [b0, y0], [a1, x1], [b1, y1]] as const) expect(Math.abs(scaled - drawn / 2)).toBeLessThanOrEqual(1);
  });

  it('makes a photocopy harder and a carbon copy softer than the original', async () => {
    // The standard deviation of the page's tone: contrast, measured over the whole page.
    const spread = async (copy: 'original' | 'photocopy' | 'carbon') => {
      const page = await renderPage(pages, 1, { seed: 1946, styles: [undefined, { grayscale: true, copy }] });
      return (await sharp(page.jpeg).stats()).channels[0]!.stdev;
    };
    const [original, photocopy, carbon] = [await spread('original'), await spread('photocopy'), await spread('carbon')];
    expect(photocopy).toBeGreaterThan(original);
    expect(carbon).toBeLessThan(original);
  });

  it('the committed scans of the constructed pages are what the renderer makes of fixtures/variety', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'collate-variety-'));
    await facsimile('variety', { fixtures: path.join(root, 'fixtures/variety'), out });
    const committed = path.join(root, 'scans/variety');
    expect(readdirSync(out).sort()).toEqual(readdirSync(committed).sort());
    for (const name of readdirSync(out).filter((n) => n.endsWith('.jpg'))) expect(digest(readFileSync(path.join(out, name))), name).toBe(digest(readFileSync(path.join(committed, name))));
    const manifest = Manifest.parse(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')));
    expect(manifest.pages.map((p) => [p.width, p.style?.layout, p.style?.copy])).toEqual([
      [1700, 'despatch', 'original'],
      [1275, 'despatch', 'photocopy'],
      [1275, 'telegram', 'carbon'],
    ]);
  });

  it('refuses settings that name a page the fixture does not have, in one line naming the file', async () => {
    const fixtures = mkdtempSync(path.join(tmpdir(), 'collate-style-'));
    writeFileSync(path.join(fixtures, 'page-01.truth.json'), JSON.stringify(pages[1]));
    writeFileSync(path.join(fixtures, 'facsimile.json'), JSON.stringify({ pages: { '9': { dpi: 150 } } }));
    const out = mkdtempSync(path.join(tmpdir(), 'collate-style-out-'));
    await expect(facsimile('x', { fixtures, out })).rejects.toThrow(InputError);
    await expect(facsimile('x', { fixtures, out })).rejects.toThrow(/facsimile\.json: pages: no page labelled "9"/);
    await expect(facsimile('x', { fixtures: path.join(root, 'fixtures/878'), out, style: { dpi: 20 } })).rejects.toThrow(/facsimile style: dpi/);
  });
});
