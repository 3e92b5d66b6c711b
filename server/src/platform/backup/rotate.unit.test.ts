import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKUP_FILE_PATTERN, BackupError, rotateBackups, verify } from './backup.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'honglian-rotate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('keeping the newest backups', () => {
  it('removes the oldest backups beyond the number kept, and nothing else', async () => {
    const backups = [
      'honglian-20260101-030000-pglite-v41.backup.tar',
      'honglian-20260102-030000-pglite-v41.backup.tar',
      'honglian-20260102-030000-2-pglite-v41.backup.tar',
      'honglian-20260103-030000-postgres-v41.backup.tar',
    ];
    const others = [
      'notes.txt',
      'honglian-20250101-030000-pglite-v41.backup.tar.bak',
      '.honglian-backup-1-2.partial',
    ];
    for (const f of [...backups, ...others]) writeFileSync(path.join(dir, f), '');
    const removed = await rotateBackups(dir, 2);
    expect(removed.map((f) => path.basename(f))).toEqual(backups.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual([...backups.slice(2), ...others].sort());
    expect(await rotateBackups(dir, 5)).toEqual([]);
    expect(await rotateBackups(path.join(dir, 'missing'), 1)).toEqual([]);
    expect(others.some((f) => BACKUP_FILE_PATTERN.test(f))).toBe(false);
  });

  it('keeps at least one, whatever it is told', async () => {
    await rotateBackups(dir, 0);
    expect(readdirSync(dir).filter((f) => BACKUP_FILE_PATTERN.test(f))).toEqual([
      'honglian-20260103-030000-postgres-v41.backup.tar',
    ]);
  });
});

describe('checking a restore against the manifest', () => {
  const manifest = { orgs: { rows: 2, checksum: '10' }, members: { rows: 1, checksum: '5' } };

  it('passes when every table has the same rows and checksum', () => {
    expect(() =>
      verify(manifest, { members: { rows: 1, checksum: '5' }, orgs: { rows: 2, checksum: '10' } }),
    ).not.toThrow();
  });

  it('names the tables that differ: a row count, a checksum, a missing or an extra table', () => {
    const check = (actual: Parameters<typeof verify>[1]) => {
      try {
        verify(manifest, actual);
      } catch (error) {
        expect(error).toBeInstanceOf(BackupError);
        return (error as BackupError).message;
      }
      throw new Error('verify passed');
    };
    expect(check({ orgs: { rows: 1, checksum: '10' }, members: { rows: 1, checksum: '5' } })).toMatch(
      /表 orgs 应有 2 行，实有 1 行/,
    );
    expect(check({ orgs: { rows: 2, checksum: '11' }, members: { rows: 1, checksum: '5' } })).toMatch(
      /表 orgs 的数据校验和不符/,
    );
    expect(check({ orgs: { rows: 2, checksum: '10' } })).toMatch(/缺少表 members/);
    expect(check({ ...manifest, extra: { rows: 0, checksum: '0' } })).toMatch(/多出表 extra/);
  });
});
