import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
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
