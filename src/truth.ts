/**
 * Ground-truth helpers: the message a document's pages carry, read from their truth lines. Pure.
 */
import type { RegionClass, TruthLine, TruthPage } from './model.js';

/** A paragraph that begins with an enumerator such as "(E)" or "(Two)" starts afresh even after a catchword. */
const ENUMERATED = /^\((?:[A-Za-z]|One|Two|Three|Four|Five|Six|Seven)\)\s/;
const SENTENCE_END = /[.:;!?"')]$/;

/** The body lines of each page, catchwords dropped. */
export const bodyLines = (page: TruthPage): TruthLine[] => page.lines.filter((line) => line.class === 'body');

/** Whether the page ended mid-paragraph: it has a catchword and its last body line does not end a sentence. */
function endsMidParagraph(page: TruthPage): boolean {
  const last = bodyLines(page).at(-1);
  return page.lines.some((line) => line.class === 'catchword') && last !== undefined && !SENTENCE_END.test(last.text);
}

/**
 * The message as the pages read, one paragraph a line: the body lines of all pages in order, catchwords
 * dropped, and a paragraph broken across a page joined again with a space.
 */
export function messageText(pages: readonly TruthPage[]): string {
  const paragraphs: string[] = [];
  pages.forEach((page, p) => {
    bodyLines(page).forEach((line, i) => {
      const previous = pages[p - 1];
      const joins = i === 0 && previous !== undefined && paragraphs.length > 0 && endsMidParagraph(previous) && !ENUMERATED.test(line.text);
      if (joins) paragraphs[paragraphs.length - 1] += ` ${line.text}`;
      else paragraphs.push(line.text);
    });
  });
  return paragraphs.length > 0 ? `${paragraphs.join('\n')}\n` : '';
}

/** Every line of the given classes, page by page. */
export function linesOf(pages: readonly TruthPage[], classes: readonly RegionClass[]): { page: string; line: TruthLine }[] {
  return pages.flatMap((page) => page.lines.filter((line) => classes.includes(line.class)).map((line) => ({ page: page.label, line })));
}
