/**
 * `--engine native`: the installed tesseract CLI reads the page collate prepared, and its hOCR goes through
 * the same stripping into the same page model. Skipped, saying so, where no tesseract is installed
 * (`.ci/run` installs Debian's tesseract-ocr).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ocr } from '../../src/commands/ocr.js';
import { OcrOutput } from '../../src/model.js';
import { toPgm } from '../../src/ocr/image.js';
import { modelDir, scratchModels } from '../../src/ocr/model-data.js';
import { nativeReader } from '../../src/ocr/native.js';

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

  it('reads several images (PGM, PNG, a blank one) in one process as it reads each alone, one reading an image', async () => {
    const scratch = await scratchModels();
    try {
      const reader = nativeReader(1, await modelDir('fast', scratch.dir), undefined);
      const scan = sharp(path.join(root, 'scans/511/page-01.jpg')).greyscale();
      const crop = async (left: number, top: number, width: number, height: number) => {
        const { data, info } = await scan.clone().extract({ left, top, width, height }).raw().toBuffer({ resolveWithObject: true });
        return toPgm(info.width, info.height, data);
      };
      const images = [
        await crop(200, 900, 2100, 300),
        toPgm(200, 100, Buffer.alloc(200 * 100, 255)),
        await scan.clone().extract({ left: 200, top: 1200, width: 2100, height: 200 }).png().toBuffer(),
      ];
      const together = await reader.readAll(images);
      const alone = await Promise.all(images.map((image) => reader.read(image)));
      expect(together).toHaveLength(3);
      expect(together).toEqual(alone);
      expect(together[0]!.length).toBeGreaterThan(0);
      expect(together[1]).toEqual([]);
    } finally {
      await scratch.dispose();
    }
  });
});
