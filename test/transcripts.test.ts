import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EditionMeta } from '../src/model.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('edition texts', () => {
  it('511 is the seed’s FRUS text, after its first KENNAN, verbatim', () => {
    const seed = read('fixtures/seeds/001_e3225f346bbef510.txt');
    const afterSignature = seed.slice(seed.indexOf('\nKENNAN\n') + '\nKENNAN\n'.length).replace(/^\n+/, '');
    const text = read('transcripts/511.txt');
    expect(text).toBe(afterSignature.endsWith('\n') ? afterSignature : `${afterSignature}\n`);
    expect(text.startsWith('DEPARTMENT OF STATE\nINCOMING TELEGRAM')).toBe(true);
    for (const markup of ['[13]', '[by?]', '[ugliness?]', '[apparent omission]', 'in [is]', 'of [on]', '[]', 'Part 5: [Practical Deductions From Standpoint of US Policy]']) {
      expect(text).toContain(markup);
    }
  });

  it('878 is its seed verbatim, page markers, footnote numbers and footnotes kept', () => {
    const seed = read('fixtures/seeds/000_6169f971afa7be48.txt');
    const text = read('transcripts/878.txt');
    expect(text).toBe(`${seed.replace(/^\n+/, '')}\n`);
    for (const markup of ['[Page 722]', '[Page 723]', 'Lippman’s59', 'Wallace’s60', 'Walter Lippmann, journalist']) expect(text).toContain(markup);
  });

  it.each(['511', '878'])('%s has valid metadata that names its archive file and FRUS pages', (id) => {
    const meta = EditionMeta.parse(JSON.parse(read(`transcripts/${id}.json`)));
    expect(meta.id).toBe(id);
    expect(meta.telegramNumber).toBe(Number(id));
    expect(meta.archiveFile).toBe(id === '511' ? '861.00/2-2246' : '761.00/3-2046');
    expect(meta.frus).toMatchObject({ year: 1946, volume: 'VI' });
    expect(meta.frus.pages).toBe(id === '511' ? '696-709' : '721-723');
  });
});
