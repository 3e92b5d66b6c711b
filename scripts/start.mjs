// npm start: build the web pages and the server's bundle if they are missing or older than their
// sources, then run the server (scripts/server-build.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServerIfStale, serverEnv, serverNodeArgs } from './server-build.mjs';
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `npm install` built the pages already (scripts/web-build.mjs); this builds only after an edit
const status = buildWebIfStale('源文件有改动') || (await buildServerIfStale('源文件有改动'));
if (status !== 0) process.exit(status);

const child = spawn(process.execPath, serverNodeArgs, {
  cwd: root,
  stdio: 'inherit',
  env: serverEnv(),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
