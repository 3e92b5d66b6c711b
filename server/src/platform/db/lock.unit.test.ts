import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir, lockFileOf } from './lock.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'honglian-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock of an embedded database folder', () => {
  it('lets one holder at a time open a folder, and frees it when released', () => {
    const data = path.join(dir, 'data');
    const release = lockDataDir(data);
    expect(readFileSync(lockFileOf(data), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(data)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(data)).toThrow(/正被进程 \d+ 使用/);
    release();
    expect(existsSync(lockFileOf(data))).toBe(false);
    lockDataDir(data)();
  });

  it('refuses a folder held by another live process', () => {
    const data = path.join(dir, 'held');
    // the parent of this process is alive for as long as the test runs
    writeFileSync(lockFileOf(data), `${process.ppid}\n`);
    expect(() => lockDataDir(data)).toThrow(DataDirInUseError);
  });

  it('takes over a lock left by a process that is gone, or by an earlier life of this process id', () => {
    const data = path.join(dir, 'stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(lockFileOf(data), `${gone.stdout}\n`);
    const release = lockDataDir(data);
    expect(readFileSync(lockFileOf(data), 'utf8').trim()).toBe(String(process.pid));
    release();
    writeFileSync(lockFileOf(data), `${process.pid}\n`);
    lockDataDir(data)();
  });
});
