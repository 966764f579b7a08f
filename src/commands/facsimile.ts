/**
 * `collate facsimile <id>`: renders fixtures/<id> into scans/<id>/page-NN.jpg and scans/<id>/manifest.json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEED } from '../defaults.js';
import { renderDocument } from '../facsimile/render.js';
import { checkDocumentId, loadTruth, shown, writeAtomic } from '../files.js';
import { Manifest } from '../model.js';

export interface FacsimileOptions {
  fixtures?: string;
  out?: string;
  seed?: number;
  quality?: number;
  jobs?: number;
  log?: (line: string) => void;
}

export { DEFAULT_SEED };
const GENERATOR = 'collate facsimile';

export async function facsimile(id: string, options: FacsimileOptions = {}): Promise<Manifest> {
  checkDocumentId(id);
  const fixtures = options.fixtures ?? path.join('fixtures', id);
  const out = options.out ?? path.join('scans', id);
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => {});
  const truth = await loadTruth(fixtures);
  const width = String(truth.pages.length).length < 2 ? 2 : String(truth.pages.length).length;
  const fileOf = (index: number) => `page-${String(index + 1).padStart(width, '0')}.jpg`;

  await fs.mkdir(out, { recursive: true });
  const started = performance.now();
  const rendered = await renderDocument(truth.pages, {
    seed,
    quality: options.quality,
    concurrency: options.jobs,
    onPage: (page) => log(`page ${page.manifest.label} → ${shown(path.join(out, fileOf(page.index)))} (${Math.round(page.jpeg.length / 1024)} KB)`),
  });
  await Promise.all(rendered.map((page) => writeAtomic(path.join(out, fileOf(page.index)), page.jpeg)));

  const manifest = Manifest.parse({
    document: id,
    facsimile: {
      generator: GENERATOR,
      seed,
      fixture: fixtures.split(path.sep).join('/'),
      note: 'A facsimile rendered from the ground-truth transcription, not a photograph of the archive’s pages.',
    },
    pages: rendered.map((page) => ({ file: fileOf(page.index), ...page.manifest })),
  });
  await writeAtomic(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`rendered ${rendered.length} pages of ${id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return manifest;
}
