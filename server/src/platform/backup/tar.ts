import { type FileHandle, open } from 'node:fs/promises';

/**
 * The few bytes of the POSIX tar (ustar) format a backup file needs: regular files written one after
 * another, read back by offset. A backup is an ordinary tar, so `tar -xf` opens it without Honglian.
 */

const BLOCK = 512;

export interface TarEntry {
  name: string;
  size: number;
  /** Where the entry's data starts in the file. */
  offset: number;
}

function writeOctal(header: Buffer, value: number, at: number, width: number): void {
  header.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'ascii');
}

/** The 512-byte header of a regular file. Sizes past 8 GiB use the base-256 form GNU tar reads. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, 0o644, 100, 8);
  writeOctal(h, 0, 108, 8);
  writeOctal(h, 0, 116, 8);
  if (size < 8 ** 11) writeOctal(h, size, 124, 12);
  else {
    h[124] = 0x80;
    let rest = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
  }
  writeOctal(h, Math.floor(mtime.getTime() / 1000), 136, 12);
  h.write('        ', 148, 8, 'ascii');
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** Zero bytes that bring an entry of `size` bytes to a block boundary. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** Two zero blocks close the archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

function parseSize(field: Buffer): number {
  if ((field[0]! & 0x80) !== 0) {
    let value = 0n;
    for (let i = 1; i < field.length; i++) value = (value << 8n) | BigInt(field[i]!);
    return Number(value);
  }
  const text = field
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]+$/.test(text)) throw new Error('tar header size is not octal');
  return Number.parseInt(text, 8);
}

function readHeader(h: Buffer, offset: number): TarEntry | null {
  if (h.every((b) => b === 0)) return null;
  if (h.toString('ascii', 257, 262) !== 'ustar') throw new Error('not a ustar header');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  const stored = Number.parseInt(h.toString('ascii', 148, 156).replace(/[\0 ]/g, ''), 8);
  if (stored !== sum) throw new Error('tar header checksum mismatch');
  const end = h.indexOf(0, 0);
  const name = h.toString('utf8', 0, end === -1 || end > 100 ? 100 : end);
  return { name, size: parseSize(h.subarray(124, 136)), offset: offset + BLOCK };
}

/** The entries of a tar file, read from their headers only (the data is not read). */
export async function listTar(file: FileHandle | string): Promise<TarEntry[]> {
  const handle = typeof file === 'string' ? await open(file, 'r') : file;
  try {
    const { size: fileSize } = await handle.stat();
    const entries: TarEntry[] = [];
    const header = Buffer.alloc(BLOCK);
    let at = 0;
    while (at + BLOCK <= fileSize) {
      const { bytesRead } = await handle.read(header, 0, BLOCK, at);
      if (bytesRead < BLOCK) break;
      const entry = readHeader(header, at);
      if (!entry) break;
      if (entry.offset + entry.size > fileSize) throw new Error(`tar entry ${entry.name} is cut short`);
      entries.push(entry);
      at = entry.offset + entry.size + tarPadding(entry.size).length;
    }
    return entries;
  } finally {
    if (typeof file === 'string') await handle.close();
  }
}
