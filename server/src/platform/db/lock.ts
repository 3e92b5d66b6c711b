import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One process at a time on an embedded database folder. PGlite does not lock its folder, and two
 * processes writing the same files (a second server, or `npm run backup` beside a running server)
 * would corrupt it, so the folder gets a lock file beside it holding the owner's process id.
 * A lock left by a process that is gone (a crash, a killed container) is taken over.
 */

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockFile: string,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 ${pid} 使用（多半是运行中的红链服务）：同一数据目录同时只能由一个进程打开。` +
        `请先停止该进程；如确认没有进程在使用，删除锁文件 ${lockFile} 后重试`,
    );
  }
}

const heldHere = new Set<string>();

export function lockFileOf(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock; the returned function gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      // the same process id is this process only when this process holds it; otherwise it is an
      // earlier life of the same id (a container restarted as pid 1)
      const held = pid === process.pid ? heldHere.has(file) : Number.isInteger(pid) && pid > 0 && alive(pid);
      if (held) throw new DataDirInUseError(path.resolve(dataDir), pid, file);
      rmSync(file, { force: true });
    }
  }
  heldHere.add(file);
  return () => {
    heldHere.delete(file);
    rmSync(file, { force: true });
  };
}
