/**
 * `collate eval` against ALTO or PAGE ground truth beside the page images or under --truth: bad ground
 * truth is refused with exit code 2 and one line naming the file, before any OCR; a blank page is an
 * empty page and a warning.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { tesseractVersion } from '../src/commands/eval-lines.js';
import { LineEvalReport } from '../src/model.js';
import { captureOutput } from './helpers/output.js';

const { stdout, stderr } = captureOutput();
const run = (...args: string[]) => main(['node', 'collate', ...args]);

const WIDTH = 600;
const HEIGHT = 400;
const blank = () => sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: '#ffffff' } }).png().toBuffer();

const alto = ({ image = 'page-1.png', width = WIDTH, height = HEIGHT, lines = ['Dear Sir:'] } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Description><MeasurementUnit>pixel</MeasurementUnit><sourceImageInformation><fileName>${image}</fileName></sourceImageInformation></Description>
<Layout><Page WIDTH="${width}" HEIGHT="${height}"><PrintSpace><TextBlock>${lines.map((text, i) => `<TextLine HPOS="50" VPOS="${60 + 50 * i}" WIDTH="300" HEIGHT="30"><String CONTENT="${text}"/></TextLine>`).join('')}</TextBlock></PrintSpace></Page></Layout></alto>`;

/** A scans folder with one blank page image and the given files beside it. */
async function folder(files: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'collate-truth-'));
  writeFileSync(path.join(dir, 'page-1.png'), await blank());
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const oneLine = () => {
  const lines = stderr.join('').trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('collate eval against ALTO or PAGE: bad input', () => {
  it.each([
    ['malformed ALTO', { 'page-1.xml': alto().replace('</TextBlock>', '') }, /page-1\.xml:\d+:\d+: the ALTO file does not parse/],
    ['ground truth naming another image', { 'page-1.gt.xml': alto({ image: 'page-7.png' }) }, /page-1\.gt\.xml: the ground truth transcribes page-7\.png, not page-1\.png/],
    ['a page size that disagrees with the image', { 'page-1.xml': alto({ width: 1200, height: 800 }) }, /page-1\.xml: the ground truth's page is 1200×800 pixels, the image 600×400/],
    ['ground truth with no lines', { 'page-1.page.xml': alto({ lines: [] }) }, /page-1\.page\.xml: the ground truth has no lines/],
  ])('%s: exit 2, one line naming the file, and no OCR', async (_name, files, message) => {
    const dir = await folder(files);
    expect(await run('eval', 'x', '--scans', dir, '--no-cache')).toBe(2);
    expect(oneLine()).toMatch(message);
    expect(stdout.join('')).toBe('');
  });

  it('finds the ground truth under --truth, and says where it looked when there is none', async () => {
    const dir = await folder();
    const truth = mkdtempSync(path.join(tmpdir(), 'collate-gt-'));
    expect(await run('eval', 'x', '--scans', dir, '--truth', truth, '--no-cache')).toBe(2);
    expect(oneLine()).toMatch(/collate-gt-\w+: no ALTO or PAGE ground truth for any selected page \(looked for NAME\.xml, NAME\.gt\.xml, NAME\.page\.xml, NAME\.alto\.xml\)/);
  });

  it('refuses --baseline without line-level ground truth', async () => {
    expect(await run('eval', '511', '--baseline', 'tesseract')).toBe(2);
    expect(oneLine()).toMatch(/--baseline tesseract: needs line-level ground truth/);
  });

  it('says how to install tesseract where it is missing', async () => {
    await expect(tesseractVersion('collate-no-such-tesseract')).rejects.toThrow(/--baseline tesseract: the collate-no-such-tesseract command is not installed; install it \(Debian and Ubuntu: apt-get install tesseract-ocr/);
  });
});

describe('collate eval against ALTO: a blank page', () => {
  it('is read as an empty page with a warning: every ground-truth line lost, nothing leaked', async () => {
    const dir = await folder({ 'page-1.xml': alto({ lines: ['Dear Sir:', '', 'Yours,'] }) });
    expect(await run('eval', 'x', '--scans', dir, '--no-cache', '--jobs', '1', '--json')).toBe(0);
    const report = LineEvalReport.parse(JSON.parse(stdout.join('')));
    expect(report.total.collate.linesLost).toEqual({ count: 2, of: 2, rate: 1 });
    expect(report.total.collate.leak.count).toBe(0);
    expect(report.pages[0]!.lost).toEqual(['Dear Sir:', 'Yours,']);
    expect(stderr.join('')).toMatch(/warning: .*page-1\.xml: line 2 has no text; skipped/);
    expect(stderr.join('')).toMatch(/warning: .*page-1\.png: page 1 is blank: OCR found no text/);
  });
});
