import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * A one-sheet .xlsx written straight to a stream (issue 11): the sheet's XML is made a batch of rows at
 * a time, deflated off the main thread and written with backpressure, so memory stays flat in the row
 * count. exceljs's WorkbookWriter pushes every row into its zip without waiting for it, and a
 * 300,000-row sheet piled up ~190 MiB of uncompressed XML; this writer holds one batch at most.
 *
 * The zip is the plain kind every reader takes: each entry deflated, sizes and CRC in a data
 * descriptor after it, then the central directory (no ZIP64: an export stays far below 4 GiB).
 * Cells are inline strings or numbers; row 1 is bold and frozen; columns have their widths.
 */

export type SheetCell = string | number | null;

const deflateRaw = promisify(zlib.deflateRaw);
/** Sheet XML is deflated in pieces of about this many characters (below V8's large-object size). */
const PIECE_CHARS = 24_000;
/** Ends a deflate stream made of sync-flushed pieces: an empty final block with fixed codes. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`;
// style 0: normal; style 1: bold (the header row)
const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

// characters XML 1.0 does not allow (a stray control character in a name must not break the file)
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the ones removed
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const XML_SPECIAL = /[&<>"]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(XML_SPECIAL, (c) => ESCAPES[c]!);
}

function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function rowXml(letters: readonly string[], r: number, cells: readonly SheetCell[], style: string): string {
  let xml = `<row r="${r}">`;
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || v === undefined || v === '') continue;
    const ref = `${letters[i] ?? columnLetters(i)}${r}`;
    if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${ref}"${style}><v>${v}</v></c>`;
    else {
      const text = escapeXml(String(v));
      const space = text !== text.trim() ? ' xml:space="preserve"' : '';
      xml += `<c r="${ref}" t="inlineStr"${style}><is><t${space}>${text}</t></is></c>`;
    }
  }
  return `${xml}</row>`;
}

/** Writes `buf` to `out`, waiting when the stream asks to. */
async function put(out: Writable, buf: Buffer): Promise<void> {
  if (buf.length === 0) return;
  if (!out.write(buf)) await once(out, 'drain');
}

/** A minimal zip writer over `out`: entries one after the other, each deflated in pieces. */
class ZipOut {
  private offset = 0;
  private readonly entries: Array<{
    name: Buffer;
    crc: number;
    csize: number;
    usize: number;
    offset: number;
  }> = [];
  private current: { name: Buffer; crc: number; csize: number; usize: number; offset: number } | null = null;

  constructor(private readonly out: Writable) {}

  private async emit(buf: Buffer) {
    this.offset += buf.length;
    await put(this.out, buf);
  }

  async begin(name: string) {
    const nameBuf = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0808, 6); // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(0, 10); // time
    header.writeUInt16LE(0x21, 12); // date: 1980-01-01
    header.writeUInt16LE(nameBuf.length, 26);
    this.current = { name: nameBuf, crc: 0, csize: 0, usize: 0, offset: this.offset };
    await this.emit(Buffer.concat([header, nameBuf]));
  }

  /**
   * One buffer for every piece's UTF-8 (pieces are deflated one at a time): a new Buffer per piece
   * made ~250 MiB of short-lived off-heap memory over a 300,000-row sheet, freed only as V8 collected
   * their handles, and it showed in the peak RSS (issue 11).
   */
  private scratch = Buffer.allocUnsafe(0);

  /** Adds data to the open entry (deflated on the thread pool, independent of earlier pieces). */
  async data(text: string) {
    const entry = this.current!;
    const most = Buffer.byteLength(text, 'utf8');
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(Math.max(most, 4 * PIECE_CHARS));
    const raw = this.scratch.subarray(0, this.scratch.write(text, 'utf8'));
    entry.crc = zlib.crc32(raw, entry.crc);
    entry.usize += raw.length;
    const packed = await deflateRaw(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH, level: 6 });
    entry.csize += packed.length;
    await this.emit(packed);
  }

  async end() {
    const entry = this.current!;
    entry.csize += FINAL_BLOCK.length;
    await this.emit(FINAL_BLOCK);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    descriptor.writeUInt32LE(entry.csize, 8);
    descriptor.writeUInt32LE(entry.usize, 12);
    await this.emit(descriptor);
    this.entries.push(entry);
    this.current = null;
  }

  async file(name: string, text: string) {
    await this.begin(name);
    await this.data(text);
    await this.end();
  }

  async finish() {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by
      h.writeUInt16LE(20, 6); // needed
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(0, 12);
      h.writeUInt16LE(0x21, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.csize, 20);
      h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.name);
    }
    const directory = Buffer.concat(parts);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(start, 16);
    await this.emit(Buffer.concat([directory, end]));
  }
}

/**
 * Streams a one-sheet workbook to `stream` and ends it. `batches` yields the items in order, `row`
 * turns one into its cells; `onBatch` hears the count written so far after each batch.
 */
export async function writeSheetStream<T>(
  stream: Writable,
  options: {
    sheet: string;
    columns: ReadonlyArray<{ header: string; width: number }>;
    batches: AsyncIterable<T[]>;
    row: (item: T) => SheetCell[];
    onBatch?: (rowsSoFar: number) => Promise<void>;
  },
): Promise<number> {
  const zip = new ZipOut(stream);
  const letters = options.columns.map((_, i) => columnLetters(i));
  await zip.file('[Content_Types].xml', CONTENT_TYPES);
  await zip.file('_rels/.rels', ROOT_RELS);
  await zip.file(
    'xl/workbook.xml',
    `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView/></bookViews><sheets><sheet name="${escapeXml(options.sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  await zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  await zip.file('xl/styles.xml', STYLES);
  await zip.begin('xl/worksheets/sheet1.xml');
  const cols = options.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  await zip.data(
    `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${rowXml(
      letters,
      1,
      options.columns.map((c) => c.header),
      ' s="1"',
    )}`,
  );
  let n = 0;
  for await (const batch of options.batches) {
    let xml = '';
    for (const item of batch) {
      n++;
      xml += rowXml(letters, n + 1, options.row(item), '');
      // small pieces: a batch's XML as one string would be a large object that only a full GC frees,
      // and V8 let dozens of those pile up (peak RSS +200 MiB at 5,000-row batches)
      if (xml.length >= PIECE_CHARS) {
        await zip.data(xml);
        xml = '';
      }
    }
    if (xml) await zip.data(xml);
    await options.onBatch?.(n);
  }
  await zip.data('</sheetData></worksheet>');
  await zip.end();
  await zip.finish();
  stream.end();
  return n;
}
