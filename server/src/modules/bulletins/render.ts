import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type BulletinSnapshot, type BulletinTable, bulletinHead, bulletinSections } from '@honglian/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import PDFDocument from 'pdfkit';

/**
 * The bulletin's two files, both drawn from `bulletinSections` of the stored snapshot, in the layout of
 * an official document (党政机关公文格式 GB/T 9704, simplified): the issuing body in red, the 文号, a red
 * line, the title, the text, the signature and the date in Chinese. The .docx is made with the `docx`
 * library and names Chinese fonts the reader's Word or WPS has; the PDF embeds the glyphs it uses from
 * Noto Serif SC, shipped by an npm package, so nothing needs to be installed on the machine
 * (docs/decisions/0024-bulletins.md).
 */

const RED = 'C00000';
// 三号 = 16 pt, 二号 = 22 pt (half-points in docx)
const BODY = 32;
const TITLE = 44;

const FONT_BODY = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong' };
const FONT_HEAD = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };
const FONT_TITLE = { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' };

const body = (text: string, opts: { indent?: boolean; align?: 'right' | 'center' } = {}) =>
  new Paragraph({
    alignment:
      opts.align === 'right'
        ? AlignmentType.RIGHT
        : opts.align === 'center'
          ? AlignmentType.CENTER
          : undefined,
    indent: opts.indent === false ? undefined : { firstLine: 640 },
    spacing: { line: 560, lineRule: 'exact' },
    children: [new TextRun({ text, size: BODY, font: FONT_BODY })],
  });

function docxTable(t: BulletinTable): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [new TextRun({ text, size: 24, bold, font: FONT_BODY })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: t.columns.map((c) => cell(c, true)) }),
      ...t.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

export async function renderDocx(s: BulletinSnapshot): Promise<Buffer> {
  const head = bulletinHead(s);
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: head.issuer, size: 52, bold: true, color: RED, font: FONT_TITLE })],
    }),
    // the 文号 above the red line (版头分隔线)
    new Paragraph({
      alignment: AlignmentType.CENTER,
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } },
      spacing: { after: 480 },
      children: [new TextRun({ text: head.docNumber, size: BODY, font: FONT_BODY })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 480 },
      children: [new TextRun({ text: head.title, size: TITLE, bold: true, font: FONT_TITLE })],
    }),
    body(head.salutation, { indent: false }),
    body(head.intro),
  ];
  for (const section of bulletinSections(s)) {
    children.push(
      new Paragraph({
        indent: { firstLine: 640 },
        spacing: { line: 560, lineRule: 'exact' },
        children: [new TextRun({ text: section.heading, size: BODY, font: FONT_HEAD })],
      }),
    );
    for (const p of section.paragraphs) children.push(body(p));
    if (section.table) children.push(docxTable(section.table), body('', { indent: false }));
  }
  children.push(
    body('', { indent: false }),
    body(head.signature, { align: 'right', indent: false }),
    body(head.date, { align: 'right', indent: false }),
  );
  const doc = new Document({
    creator: head.issuer,
    title: head.title,
    description: head.docNumber,
    sections: [
      {
        // A4 with the margins of GB/T 9704 (top 37 mm, left 28 mm, right 26 mm, bottom 35 mm), in twips
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
};

/** The PDF: the same head and sections, with the Noto Serif SC glyphs it uses embedded. */
export async function renderPdf(s: BulletinSnapshot): Promise<Buffer> {
  const [regular, bold] = await Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]);
  const head = bulletinHead(s);
  // mm → pt
  const mm = (n: number) => (n * 72) / 25.4;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) },
    info: { Title: head.title, Author: head.issuer, Subject: head.docNumber },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  doc.font('bold').fontSize(24).fillColor(`#${RED}`).text(head.issuer, { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(14).fillColor('black').text(head.docNumber, { align: 'center' });
  const lineY = doc.y + 6;
  doc
    .moveTo(left, lineY)
    .lineTo(left + width, lineY)
    .lineWidth(1.5)
    .strokeColor(`#${RED}`)
    .stroke();
  doc.y = lineY + 24;
  doc.font('bold').fontSize(20).text(head.title, left, doc.y, { align: 'center', width });
  doc.moveDown(1);
  const para = (text: string, indent = true) =>
    doc
      .font('regular')
      .fontSize(14)
      .text(text, left, doc.y, { width, indent: indent ? 28 : 0, lineGap: 6 });
  para(head.salutation, false);
  para(head.intro);
  for (const section of bulletinSections(s)) {
    doc.moveDown(0.3);
    doc
      .font('bold')
      .fontSize(14)
      .text(section.heading, left + 28, doc.y, { width: width - 28, lineGap: 6 });
    for (const p of section.paragraphs) para(p);
    if (section.table) pdfTable(doc, section.table, left, width, bottom);
  }
  doc.moveDown(2);
  doc.font('regular').fontSize(14).text(head.signature, left, doc.y, { width, align: 'right' });
  doc.text(head.date, left, doc.y, { width, align: 'right' });
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function pdfTable(
  doc: PDFKit.PDFDocument,
  t: BulletinTable,
  left: number,
  width: number,
  bottom: () => number,
) {
  // the organization's name gets the room it needs; the numbers share the rest
  const wide = t.columns.findIndex((c) => c === '党组织' || c === '指标');
  const narrow = (width * (wide >= 0 ? 0.65 : 1)) / (t.columns.length - (wide >= 0 ? 1 : 0));
  const widths = t.columns.map((_, i) => (i === wide ? width * 0.35 : narrow));
  const pad = 3;
  doc.moveDown(0.3);
  // never a header alone at the foot of a page
  if (doc.y + 60 > bottom()) doc.addPage();
  const row = (cells: string[], isHead: boolean) => {
    doc.font(isHead ? 'bold' : 'regular').fontSize(10);
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    if (doc.y + height > bottom()) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, height).lineWidth(0.5).strokeColor('#000000').stroke();
      doc.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: 'center' });
      x += widths[i]!;
    });
    doc.x = left;
    doc.y = y + height;
  };
  row(t.columns, true);
  for (const r of t.rows) row(r, false);
  doc.moveDown(0.5);
}
