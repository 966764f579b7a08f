// Facsimiles that differ from the committed scans as real scans would: 511's page 6 in grayscale and at 200 dpi
// (made here with sharp), and the constructed pages of fixtures/variety (a despatch and a telegram copy on
// another design, black-ink stamps on grayscale pages, 150–200 dpi, photocopy and carbon). Each is measured by
// `collate eval` against its fixtures; the faults are printed. These are the project's renderings, not real scans.
//   node bench/variety.mjs [--cache-dir DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { evalCommand } from '../dist/commands/eval.js';

const root = path.resolve(import.meta.dirname, '..');
const at = (...parts) => path.join(root, ...parts);
const cacheAt = process.argv.indexOf('--cache-dir');
const cache = cacheAt > 0 ? process.argv[cacheAt + 1] : false;

async function copyOfPage6(name, change) {
  const scans = mkdtempSync(path.join(tmpdir(), `collate-${name}-`));
  const source = at('scans/511/page-06.jpg');
  const { width = 0 } = await sharp(source).metadata();
  await change(sharp(source), width).jpeg({ quality: 85 }).toFile(path.join(scans, 'page-06.jpg'));
  return scans;
}

const faults = (report) =>
  report.pages.flatMap((page) => [
    `page ${page.label}: body CER ${(page.cer.rate * 100).toFixed(2)}% (${page.cer.errors} of ${page.cer.length})`,
    ...page.leaked.map((l) => `  ${l.class} left in the body: ${l.text}`),
    ...page.noise.map((l) => `  noise left in the body: ${l.text}`),
    ...page.lost.map((l) => `  body lost (${l.why}): ${l.text}`),
  ]);

const runs = [
  ['511 page 6, colour, as committed', () => evalCommand('511', { pages: '6', cache, jobs: 2 })],
  ['511 page 6, grayscale', async () => evalCommand('511', { scans: await copyOfPage6('gray', (i) => i.toColourspace('b-w')), fixtures: at('fixtures/511'), cache, jobs: 2 })],
  ['511 page 6, 200 dpi', async () => evalCommand('511', { scans: await copyOfPage6('200dpi', (i, w) => i.resize(Math.round((w * 200) / 300))), fixtures: at('fixtures/511'), cache, jobs: 2 })],
  ['fixtures/variety (constructed: despatch 200 dpi grayscale, despatch 150 dpi photocopy, telegram carbon 150 dpi)', () => evalCommand('variety', { scans: at('scans/variety'), fixtures: at('fixtures/variety'), cache, jobs: 2 })],
];
for (const [name, go] of runs) {
  const { report } = await go();
  console.log(`## ${name}\n${faults(report).join('\n')}\n`);
}
