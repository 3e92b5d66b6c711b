import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTar, TAR_END, tarHeader, tarPadding } from './tar.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'honglian-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the tar a backup is written in', () => {
  it('writes entries the system tar reads, and reads them back by offset', async () => {
    const manifest = Buffer.from('{"清单":true}\n');
    const payload = Buffer.alloc(1500, 7);
    const at = new Date('2026-01-15T03:00:00Z');
    const file = path.join(dir, 'two.tar');
    writeFileSync(
      file,
      Buffer.concat([
        tarHeader('manifest.json', manifest.length, at),
        manifest,
        tarPadding(manifest.length),
        tarHeader('database.pgdump', payload.length, at),
        payload,
        tarPadding(payload.length),
        TAR_END,
      ]),
    );
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' })).toBe('manifest.json\ndatabase.pgdump\n');
    expect(execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' })).toBe(
      '{"清单":true}\n',
    );
    const entries = await listTar(file);
    expect(entries).toEqual([
      { name: 'manifest.json', size: manifest.length, offset: 512 },
      { name: 'database.pgdump', size: 1500, offset: 512 + 512 + 512 },
    ]);
    const bytes = readFileSync(file);
    expect(bytes.subarray(entries[1]!.offset, entries[1]!.offset + 1500).equals(payload)).toBe(true);
  });

  it('reads a tar the system tar wrote', async () => {
    writeFileSync(path.join(dir, 'a.txt'), 'hello');
    writeFileSync(path.join(dir, 'b.bin'), Buffer.alloc(513, 1));
    const file = path.join(dir, 'system.tar');
    execFileSync('tar', ['-cf', file, '-C', dir, 'a.txt', 'b.bin']);
    expect((await listTar(file)).map((e) => [e.name, e.size])).toEqual([
      ['a.txt', 5],
      ['b.bin', 513],
    ]);
  });

  it('writes a size past 8 GiB in the base-256 form, and pads to 512-byte blocks', async () => {
    const big = 9 * 1024 ** 3 + 5;
    const header = tarHeader('big', big, new Date(0));
    expect(header[124]).toBe(0x80);
    // a header alone, claiming a size the file does not have, is refused as cut short
    const file = path.join(dir, 'big.tar');
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(512)]));
    await expect(listTar(file)).rejects.toThrow(/cut short/);
    expect(tarPadding(0).length).toBe(0);
    expect(tarPadding(1).length).toBe(511);
    expect(tarPadding(512).length).toBe(0);
  });

  it('refuses a file that is not a tar, and a header whose checksum is wrong', async () => {
    const text = path.join(dir, 'text.tar');
    writeFileSync(text, 'x'.repeat(2000));
    await expect(listTar(text)).rejects.toThrow(/not a ustar header/);
    const header = tarHeader('a', 0, new Date(0));
    header[0] = 'b'.charCodeAt(0);
    const bad = path.join(dir, 'bad.tar');
    writeFileSync(bad, Buffer.concat([header, TAR_END]));
    await expect(listTar(bad)).rejects.toThrow(/checksum/);
  });
});
