import { describe, expect, it } from 'vitest';
import { scoreLines } from '../src/evaluate-lines.js';
import { readAlto, readLayout } from '../src/formats.js';
import type { BBox } from '../src/model.js';
import { lineTruth } from '../src/truth.js';

const ALTO_NS = {
  v2: 'http://www.loc.gov/standards/alto/ns-v2#',
  v3: 'http://www.loc.gov/standards/alto/ns-v3#',
  v4: 'http://www.loc.gov/standards/alto/ns-v4#',
};
const PAGE_NS = {
  2013: 'http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15',
  2019: 'http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15',
};

/** Line-level ALTO as eScriptorium exports it: one String per TextLine, the whole line's text in CONTENT. */
const alto = (ns: string, { image = 'p.jpg', width = 1000, height = 1000, unit = 'pixel', prefix = '', lines = LINES } = {}) => {
  const p = prefix ? `${prefix}:` : '';
  const rows = lines.map(([text, [x0, y0, x1, y1]]) => `<${p}TextLine HPOS="${x0}" VPOS="${y0}" WIDTH="${x1 - x0}" HEIGHT="${y1 - y0}"><${p}String CONTENT="${text}" HPOS="${x0}" VPOS="${y0}" WIDTH="${x1 - x0}" HEIGHT="${y1 - y0}"/></${p}TextLine>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<${p}alto xmlns${prefix ? `:${prefix}` : ''}="${ns}">
  <${p}Description><${p}MeasurementUnit>${unit}</${p}MeasurementUnit><${p}sourceImageInformation><${p}fileName>${image}</${p}fileName></${p}sourceImageInformation></${p}Description>
  <${p}Layout><${p}Page WIDTH="${width}" HEIGHT="${height}" PHYSICAL_IMG_NR="1"><${p}PrintSpace><${p}TextBlock>${rows.join('\n')}</${p}TextBlock></${p}PrintSpace></${p}Page></${p}Layout>
</${p}alto>`;
};

/** PAGE XML as Transkribus and OCR-D write it: TextRegion → TextLine with Coords and TextEquiv/Unicode. */
const page = (ns: string, { image = 'p.jpg', width = 1000, height = 1000, lines = LINES } = {}) => {
  const rows = lines.map(([text, [x0, y0, x1, y1]], i) => `<TextLine id="l${i}"><Coords points="${x0},${y0} ${x1},${y0} ${x1},${y1} ${x0},${y1}"/><TextEquiv><Unicode>${text}</Unicode></TextEquiv></TextLine>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="${ns}"><Metadata><Creator>test</Creator></Metadata>
  <Page imageFilename="${image}" imageWidth="${width}" imageHeight="${height}"><TextRegion id="r0"><Coords points="0,0 1,0 1,1"/>${rows.join('\n')}</TextRegion></Page>
</PcGts>`;
};

const LINES: [string, BBox][] = [
  ['The quick fox', [100, 300, 700, 340]],
  ['jumps &amp; runs', [100, 400, 600, 440]],
  ['the dog&#x27;s.', [100, 500, 500, 540]],
];
const IMAGE = { file: 'scans/p.jpg', width: 1000, height: 1000 };

/** What the hand-computed figures below were worked out on. */
const WORDS = [
  { text: 'The', bbox: [100, 300, 180, 340] as BBox },
  { text: 'quikc', bbox: [200, 300, 320, 340] as BBox },
  { text: 'fox', bbox: [340, 300, 420, 340] as BBox },
  { text: 'jumps', bbox: [100, 400, 250, 440] as BBox },
  { text: '&', bbox: [270, 400, 290, 440] as BBox },
  { text: 'run', bbox: [300, 400, 380, 440] as BBox },
  { text: '1%', bbox: [850, 700, 900, 740] as BBox },
];

describe('line-level ground truth: ALTO v2–v4 and PAGE 2013/2019 read the same way', () => {
  it.each([
    ['ALTO v2', alto(ALTO_NS.v2)],
    ['ALTO v3', alto(ALTO_NS.v3)],
    ['ALTO v4', alto(ALTO_NS.v4)],
    ['ALTO v4 with a namespace prefix', alto(ALTO_NS.v4, { prefix: 'alto' })],
    ['PAGE 2013', page(PAGE_NS[2013])],
    ['PAGE 2019', page(PAGE_NS[2019])],
  ])('%s: lines with their text and boxes, scored by hand-computed figures', (_name, xml) => {
    const { truth, warnings } = lineTruth(readLayout(xml, 'p.xml'), 'p.xml', IMAGE);
    expect(warnings).toEqual([]);
    expect(truth.lines).toEqual(LINES.map(([text, bbox]) => ({ text: text.replace('&amp;', '&').replace('&#x27;', "'"), bbox })));
    const { scores, leaked, lost } = scoreLines(truth, WORDS);
    // "The quick fox"/"The quikc fox": 2; "jumps & runs"/"jumps & run": 1; "the dog's." lost: 10. Of 13 + 12 + 10 characters.
    expect(scores.cer).toEqual({ errors: 13, length: 35, rate: 13 / 35 });
    expect(scores.wer).toEqual({ errors: 4, length: 8, rate: 4 / 8 });
    expect(scores.linesLost).toEqual({ count: 1, of: 3, rate: 1 / 3 });
    expect(scores.leak).toEqual({ count: 2, of: 35, rate: 2 / 35 });
    expect([leaked, lost]).toEqual([['1%'], ["the dog's."]]);
  });

  it('reads a PAGE line from its words where the line has no text of its own', () => {
    const xml = `<PcGts xmlns="${PAGE_NS[2019]}"><Page imageFilename="p.jpg" imageWidth="1000" imageHeight="1000"><TextRegion><TextLine><Coords points="10,10 200,10 200,40 10,40"/>
      <Word><Coords points="10,10 90,10 90,40 10,40"/><TextEquiv conf="0.9"><Unicode>Dear</Unicode></TextEquiv></Word>
      <Word><Coords points="100,10 200,10 200,40 100,40"/><TextEquiv conf="0.5"><Unicode>Sir:</Unicode></TextEquiv></Word></TextLine></TextRegion></Page></PcGts>`;
    const [layout] = readLayout(xml, 'p.xml');
    expect(layout!.lines).toEqual([{ text: 'Dear Sir:', bbox: [10, 10, 200, 40], words: [{ text: 'Dear', bbox: [10, 10, 90, 40], confidence: 90 }, { text: 'Sir:', bbox: [100, 10, 200, 40], confidence: 50 }] }]);
    // And as a scan witness, PAGE reads like ALTO.
    expect(readAlto(xml, 'p.xml')[0]!.lines[0]!.text).toBe('Dear Sir:');
  });

  it('scales ALTO boxes in mm10 to the image by the page size', () => {
    const { truth } = lineTruth(readLayout(alto(ALTO_NS.v4, { unit: 'mm10', width: 2000, height: 2000 }), 'p.xml'), 'p.xml', IMAGE);
    expect(truth.lines[0]!.bbox).toEqual([50, 150, 350, 170]);
  });

  it('skips an empty line, or one marked only "~", with a warning naming the file and the line', () => {
    const { truth, warnings } = lineTruth(readLayout(alto(ALTO_NS.v4, { lines: [LINES[0]!, ['', [100, 400, 600, 440]], ['~~', [100, 500, 600, 540]]] }), 'p.xml'), 'p.xml', IMAGE);
    expect(truth.lines).toHaveLength(1);
    expect(warnings).toEqual(['warning: p.xml: line 2 has no text; skipped', 'warning: p.xml: line 3 has no text; skipped']);
  });

  it('accepts the same image under another extension (a TIFF master exported as JPEG)', () => {
    expect(() => lineTruth(readLayout(alto(ALTO_NS.v4, { image: 'C:\\masters\\P.tif' }), 'p.xml'), 'p.xml', IMAGE)).not.toThrow();
  });
});

describe('line-level ground truth: bad input is refused, naming the file', () => {
  const refused = (xml: string, image = IMAGE) => {
    try {
      lineTruth(readLayout(xml, 'gt/p.xml'), 'gt/p.xml', image);
    } catch (error) {
      expect((error as Error).name).toBe('InputError');
      return (error as Error).message;
    }
    throw new Error('not refused');
  };

  it.each([
    ['malformed ALTO', alto(ALTO_NS.v4).replace('</alto:TextBlock>', '').replace('</TextBlock>', ''), /^gt\/p\.xml:\d+:\d+: the ALTO file does not parse: /],
    ['malformed PAGE', page(PAGE_NS[2019]).replace('</TextRegion>', ''), /^gt\/p\.xml:\d+:\d+: the PAGE file does not parse: /],
    ['XML that is neither', '<?xml version="1.0"?><TEI><text/></TEI>', /^gt\/p\.xml: neither ALTO nor PAGE XML: its root element is <TEI>/],
    ['ALTO naming another image', alto(ALTO_NS.v4, { image: 'p-02.jpg' }), /^gt\/p\.xml: the ground truth transcribes p-02\.jpg, not p\.jpg$/],
    ['PAGE naming another image', page(PAGE_NS[2013], { image: 'other.png' }), /^gt\/p\.xml: the ground truth transcribes other\.png, not p\.jpg$/],
    ['ALTO of another size', alto(ALTO_NS.v4, { width: 1500, height: 1500 }), /^gt\/p\.xml: the ground truth's page is 1500×1500 pixels, the image 1000×1000/],
    ['PAGE of another size', page(PAGE_NS[2019], { height: 1300 }), /^gt\/p\.xml: the ground truth's page is 1000×1300 pixels, the image 1000×1000/],
    ['ALTO in mm10 in other proportions', alto(ALTO_NS.v4, { unit: 'mm10', width: 2000, height: 3000 }), /not in the proportions of the image/],
    ['ALTO with no lines', alto(ALTO_NS.v4, { lines: [] }), /^gt\/p\.xml: the ground truth has no lines$/],
    ['PAGE with only empty lines', page(PAGE_NS[2019], { lines: [[' ', [0, 0, 10, 10]]] }), /^gt\/p\.xml: the ground truth has no lines with text \(all 1 are empty\)$/],
  ])('%s', (_name, xml, message) => {
    const text = refused(xml);
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
  });
});
