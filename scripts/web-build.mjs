// The web pages (web/dist) are built once, when they are missing or older than their sources: at
// `npm install` (the `prepare` script), and again by `npm start` or `npm test` only after an edit.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time of the files under `dir` (node_modules and dist left out). */
export function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when web/dist is missing or older than a source of the pages. */
export function webBuildStale() {
  const built = path.join(root, 'web', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(path.join(root, 'web')),
    newest(path.join(root, 'packages', 'domain', 'src')),
  );
  return statSync(built).mtimeMs < sources;
}

/** Builds the pages when stale; returns the exit status (0 when nothing had to be done). */
export function buildWebIfStale(reason) {
  if (!webBuildStale()) return 0;
  console.log(`正在构建前端页面（web/dist）${reason ? `：${reason}` : ''}…`);
  const r = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

// `node scripts/web-build.mjs` (the `prepare` script of `npm install`)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildWebIfStale('安装后构建一次，之后 npm start 直接启动'));
}
