/**
 * `--engine native`: the installed tesseract CLI reads the page collate prepared, and its hOCR goes through
 * the same stripping into the same page model. Skipped, saying so, where no tesseract is installed
 * (`.ci/run` installs Debian's tesseract-ocr).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocr } from '../../src/commands/ocr.js';
import { OcrOutput } from '../../src/model.js';

const root = path.resolve(import.meta.dirname, '../..');
const installed = spawnSync('tesseract', ['--version']).status === 0;

describe.skipIf(!installed)(`--engine native${installed ? '' : ' (skipped: no tesseract CLI on the PATH; apt-get install tesseract-ocr)'}`, () => {
  it('511 page 6: the native reading is stripped as tesseract.js’s is, its boxes on the page as scanned', async () => {
    const output = OcrOutput.parse(JSON.parse(await ocr('511', { scans: path.join(root, 'scans/511'), pages: '6', json: true, cache: false, jobs: 1, ocr: { engine: 'native', model: 'fast' } })));
    const [page] = output.pages;
    expect(page).toMatchObject({ label: '6', width: 2550, height: 3300 });
    const body = page!.body!.map((line) => line.text).join(' ');
    expect(body).toContain('destined to be wracked with growing internal convulsions until it is');
    expect(body).not.toMatch(/DECLASSIFIED|NARS|#511|SECRET/);
    for (const word of page!.body!.flatMap((line) => line.words)) {
      expect(word.bbox[0]).toBeGreaterThanOrEqual(0);
      expect(word.bbox[2]).toBeLessThanOrEqual(2550);
      expect(word.confidence).toBeGreaterThanOrEqual(0);
      expect(word.colour).toBeGreaterThanOrEqual(0);
    }
    const rules = new Set(output.stripped.map((line) => line.rule));
    expect(rules).toContain('continuation-header');
    // The stamp, lifted before OCR and read from its ink by the native CLI, is on record where it lies.
    const stamp = output.stripped.filter((line) => line.rule === 'coloured-ink');
    expect(stamp.map((line) => line.text).join(' ')).toMatch(/NARS/);
    for (const line of stamp) expect(line.bbox[1]).toBeGreaterThan(1650);
  });
});
