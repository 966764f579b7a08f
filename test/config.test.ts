import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentRules } from '../src/commands/common.js';
import { InputError } from '../src/errors.js';
import type { OcrLine } from '../src/model.js';
import { stripPage } from '../src/strip.js';

const typed = (index: number, text: string, x: number, y: number, confidence = 95): OcrLine => {
  const words = text.split(' ').map((word, i, all) => {
    const start = x + all.slice(0, i).join(' ').length * 25 + (i > 0 ? 25 : 0);
    return { text: word, bbox: [start, y, start + word.length * 25, y + 40] as [number, number, number, number], confidence, colour: 0 };
  });
  return { index, text, bbox: [x, y, words.at(-1)!.bbox[2], y + 40], confidence, words };
};

async function configFile(content: unknown): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'collate-config-'));
  const file = path.join(dir, 'collate.config.json');
  await fs.writeFile(file, JSON.stringify(content));
  return file;
}

describe("config: a collection's strip terms", () => {
  const prose = Array.from({ length: 8 }, (_, i) => typed(i, 'the quick brown typewriter jumps over the lazy telegraph office again and', 450, 300 + i * 100));
  const stamp = typed(8, 'EINGEGANGEN 3 MRZ 1941', 1400, 1500, 60);
  const page = { label: '1', file: 'page-1.jpg', width: 2550, height: 3300, lines: [...prose, stamp] };

  it('strips by the stamp wording that collate.config.json gives, and keeps the other defaults', async () => {
    const rules = await documentRules(await configFile({ strip: { stamps: ['EINGEGANGEN'] } }));
    expect(stripPage(page, rules).stripped.map((s) => [s.text, s.rule])).toEqual([['EINGEGANGEN 3 MRZ 1941', 'declassification-stamp']]);
    expect(stripPage(page, await documentRules(await configFile({}))).stripped).toEqual([]);
  });

  it('refuses a term that is not a regular expression, naming the file', async () => {
    const file = await configFile({ strip: { routing: ['(unclosed'] } });
    const refusal = documentRules(file);
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(/collate\.config\.json.*regular expression/s);
  });
});
