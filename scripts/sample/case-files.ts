/**
 * Files a school sends with a case (案例): a Word document written with the `docx` library (as
 * Word would save it: fields at the top, a heading, paragraphs, a list, an embedded picture) and
 * a small PNG picture. Used by the sample generator and the test fixtures; deterministic bytes.
 */
import { deflateSync } from 'node:zlib';
import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import { pinZipTimes } from '../../src/spreadsheet.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A w × h PNG: a two-colour diagonal pattern (something a person sees as a picture). */
export function pngBytes(w: number, h: number, a: [number, number, number], b: [number, number, number]): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const c = ((x + y) >> 3) % 2 ? a : b;
      raw.set(c, y * (w * 3 + 1) + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface CaseDocxContent {
  /** "学校名称：……" lines at the top, in order. */
  fields: [string, string][];
  title: string;
  paragraphs: string[];
  list?: string[];
  image?: { png: Buffer; width: number; height: number; caption: string };
  /** A hyperlink to the network inside the text (a report never links out). */
  link?: { text: string; url: string };
}

/** The .docx bytes of a case, dated `date` throughout (core properties and zip entries). */
export async function caseDocx(c: CaseDocxContent, date: Date): Promise<Buffer> {
  const children: Paragraph[] = [
    ...c.fields.map(([k, v]) => new Paragraph({ children: [new TextRun(`${k}：${v}`)] })),
    new Paragraph({ text: c.title, heading: HeadingLevel.HEADING_1 }),
    ...c.paragraphs.map((t) => new Paragraph({ children: [new TextRun(t)] })),
    ...(c.list ?? []).map((t) => new Paragraph({ text: t, bullet: { level: 0 } })),
  ];
  if (c.link)
    children.push(new Paragraph({ children: [new TextRun('详见：'), new ExternalHyperlink({ link: c.link.url, children: [new TextRun(c.link.text)] })] }));
  if (c.image) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new ImageRun({
            type: 'png',
            data: c.image.png,
            transformation: { width: c.image.width, height: c.image.height },
            altText: { name: c.image.caption, description: c.image.caption, title: c.image.caption },
          }),
        ],
      }),
    );
  }
  const doc = new Document({ creator: 'vet-report 示例数据', title: c.title, sections: [{ children }] });
  // The core properties carry the current time; written here with `date`, and the zip entries
  // dated too, so the same case is the same bytes.
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(c.title)}</dc:title><dc:creator>vet-report 示例数据</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${iso}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso}</dcterms:modified></cp:coreProperties>`;
  const buf = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: core }]);
  pinZipTimes(buf, date);
  return buf;
}

const xmlText = (s: string) => s.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch]!);
