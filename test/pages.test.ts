import { describe, expect, it } from 'vitest';
import { labelFromFile, parseRange, selectPages } from '../src/pages.js';

describe('pages: labels and ranges', () => {
  it('labels a page from its file name when there is no manifest', () => {
    expect(labelFromFile('page-07.jpg', 0, 1)).toBe('7');
    expect(labelFromFile('p13½.png', 0, 1)).toBe('13½');
    expect(labelFromFile('scan-0015a.tif', 0, 1)).toBe('15');
    expect(labelFromFile('telegram.tif', 2, 4)).toBe('telegram-3');
    expect(labelFromFile('cover.png', 0, 1)).toBe('cover');
  });

  it('parses ranges counted from 1, in order and without repeats', () => {
    expect(parseRange('3', 19)).toEqual([3]);
    expect(parseRange('3-7', 19)).toEqual([3, 4, 5, 6, 7]);
    expect(parseRange('9,1-3', 19)).toEqual([1, 2, 3, 9]);
    expect(parseRange(' 2 - 3 , 3 ', 19)).toEqual([2, 3]);
    expect(selectPages(['a', 'b', 'c'], '2-3')).toEqual(['b', 'c']);
    expect(selectPages(['a', 'b'], undefined)).toEqual(['a', 'b']);
  });

  it('refuses a page that does not exist, or a range that is not one', () => {
    expect(() => parseRange('20', 19)).toThrow('the document has 19 pages, so page 20 does not exist');
    expect(() => parseRange('0', 19)).toThrow('not a range of pages counted from 1');
    expect(() => parseRange('5-3', 19)).toThrow('not a range of pages counted from 1');
    expect(() => parseRange('two', 19)).toThrow('"two" is not a page or a range');
    expect(() => parseRange('1,,2', 19)).toThrow('is not a page or a range');
  });
});
