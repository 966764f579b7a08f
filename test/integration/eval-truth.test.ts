/**
 * `collate eval --baseline tesseract` from end to end, on a page typed for the test: two typed lines with
 * their ALTO ground truth beside the image, and a stamp's word that the ground truth leaves out. Both
 * collate and native tesseract read it; the test holds the wiring (ground truth found and placed, native
 * tesseract run and scored with nothing stripped, ratios), not either engine's accuracy on real pages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { FONTS } from '../../src/facsimile/paint.js';
import { LineEvalReport } from '../../src/model.js';
import { captureOutput } from '../helpers/output.js';

/** The test needs native tesseract, which .ci/run installs; elsewhere it is reported as skipped, not passed. */
const hasTesseract = (() => {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const { stdout, stderr } = captureOutput();

const WIDTH = 1700;
const HEIGHT = 1100;
const LINES = ['I have the honor to refer to my despatch', 'of October 6, 1938, and to report that'];
const STAMP = 'RECEIVED';

/** A line of type at 12 pt and 300 dpi, placed at (x, y): its image and its box on the page. */
async function typed(text: string, x: number, y: number, family: keyof typeof FONTS = 'typewriter') {
  const { data, info } = await sharp({ text: { text, font: `${FONTS[family].family} 12`, fontfile: FONTS[family].file, dpi: 300 } }).negate().png().toBuffer({ resolveWithObject: true });
  return { input: data, left: x, top: y, box: [x, y, x + info.width, y + info.height] as const };
}

describe.skipIf(!hasTesseract)('collate eval against ALTO with --baseline tesseract (needs tesseract)', () => {
  it('scores collate and native tesseract on the same lines, side by side, with their ratios', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collate-eval-truth-'));
    const lines = await Promise.all(LINES.map((text, i) => typed(text, 200, 300 + i * 100)));
    const stamp = await typed(STAMP, 1200, 800, 'stamp');
    const layers = [...lines, stamp].map(({ input, left, top }) => ({ input, left, top, blend: 'multiply' as const }));
    // Text renders white on black; negated and multiplied onto white paper, it is ink.
    await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#ffffff' } }).composite(layers).png().toFile(path.join(dir, 'page-1.png'));
    const alto = `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>pixel</MeasurementUnit><sourceImageInformation><fileName>page-1.png</fileName></sourceImageInformation></Description>
<Layout><Page WIDTH="${WIDTH}" HEIGHT="${HEIGHT}"><PrintSpace><TextBlock>${lines.map(({ box: [x0, y0, x1, y1] }, i) => `<TextLine HPOS="${x0}" VPOS="${y0}" WIDTH="${x1 - x0}" HEIGHT="${y1 - y0}"><String CONTENT="${LINES[i]}"/></TextLine>`).join('')}</TextBlock></PrintSpace></Page></Layout></alto>`;
    writeFileSync(path.join(dir, 'page-1.xml'), alto);

    expect(await main(['node', 'collate', 'eval', 'typed', '--scans', dir, '--no-cache', '--jobs', '1', '--baseline', 'tesseract', '--json'])).toBe(0);
    const report = LineEvalReport.parse(JSON.parse(stdout.join('')));
    expect(report.baseline).toMatchObject({ engine: 'tesseract', command: 'tesseract IMAGE stdout -l eng hocr' });
    const [page] = report.pages;
    expect(page!.truth).toMatch(/page-1\.xml$/);
    for (const scores of [page!.collate, page!.baseline!]) {
      expect(scores.linesLost.count).toBe(0);
      expect(scores.cer.length).toBe(LINES.join('').length);
      expect(scores.cer.rate).toBeLessThan(0.05);
    }
    // Nothing is stripped for tesseract, so the stamp's word is on no ground-truth line: a leak.
    expect(page!.baseline!.leak.count).toBeGreaterThan(0);
    expect(report.ratio!.leak).toBe(page!.collate.leak.rate / page!.baseline!.leak.rate);
    expect(stderr.join('')).not.toMatch(/error/i);
  });
});
