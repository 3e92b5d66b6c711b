// The server runs as one JavaScript file (server/dist/main.mjs), bundled by esbuild from the TypeScript
// sources and the domain package; the npm packages stay in node_modules. Built once, when missing or
// older than its sources: at `npm install` (the `prepare` script), and again by `npm start`, `npm test`
// or a test that starts the server, only after an edit. Running the bundle instead of the sources
// through tsx saves the TypeScript loader's thread and the compiled sources' memory (about 90 MiB at
// start, measured in docs/PERFORMANCE.md) and a start-up's transpiling; the source map keeps stack
// traces pointing at the TypeScript.
import { existsSync, mkdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newest } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverBundle = path.join(root, 'server', 'dist', 'main.mjs');
/** How the bundle is run: with its source map, so an error's stack names the TypeScript file and line. */
export const serverNodeArgs = ['--enable-source-maps', serverBundle];

/**
 * The environment the server runs in: `env` with glibc's malloc held to two arenas unless the caller
 * chose otherwise. V8's compiler threads (PGlite's WebAssembly among what they compile) each took an arena
 * of their own; with two, the 300,000-member export on the embedded database peaked ~20 MiB lower, and
 * steadier (docs/PERFORMANCE.md, decision 0031).
 */
export function serverEnv(env = process.env) {
  return { MALLOC_ARENA_MAX: '2', ...env };
}

/**
 * The newest time of what the bundle is made from: the server's and the domain package's sources, the
 * files that steer esbuild (the TypeScript configurations, the two packages' package.json) and this script.
 */
function sourcesTime() {
  return Math.max(
    newest(path.join(root, 'server', 'src')),
    newest(path.join(root, 'packages', 'domain', 'src')),
    ...['tsconfig.json', 'tsconfig.base.json', 'server/package.json', 'packages/domain/package.json']
      .map((f) => path.join(root, f))
      .filter((f) => existsSync(f))
      .map((f) => statSync(f).mtimeMs),
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
}

/** True when the bundle is missing or older than what it is made from (`sourcesTime`). */
export function serverBuildStale(outfile = serverBundle) {
  if (!existsSync(outfile)) return true;
  return statSync(outfile).mtimeMs < sourcesTime();
}

/**
 * Bundles `entry` (a TypeScript file of this repository) into `outfile`: our sources and
 * @honglian/domain inlined, every npm package left to node_modules (resolved from the repository, as
 * under tsx), ES module, with a linked source map.
 *
 * The files are written beside their place and renamed into it (the map first), so a process starting
 * the server while another builds runs the old bundle or the new one, never half of one; and the bundle
 * is dated with its sources' time as they were when the build began, so a source saved during the build
 * leaves it stale.
 */
export async function bundleServer(
  entry = path.join(root, 'server', 'src', 'main.ts'),
  outfile = serverBundle,
) {
  const esbuild = await import('esbuild');
  const began = sourcesTime();
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // the workspace package is TypeScript source: bundle it rather than leave it to node_modules
    alias: { '@honglian/domain': path.join(root, 'packages', 'domain', 'src', 'index.ts') },
    // not minified, so functions and classes keep their names without esbuild's keepNames, whose
    // wrapper would run each time a closure is made (every request makes hundreds)
    sourcemap: 'linked',
    logLevel: 'warning',
    write: false,
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  const files = [...result.outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  for (const file of files) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    const when = new Date(Math.ceil(began));
    utimesSync(temporary, when, when);
    renameSync(temporary, file.path);
  }
}

/** Builds the bundle when stale; returns the exit status (0 when nothing had to be done). */
export async function buildServerIfStale(reason) {
  if (!serverBuildStale()) return 0;
  console.log(`正在构建服务端（server/dist/main.mjs）${reason ? `：${reason}` : ''}…`);
  try {
    await bundleServer();
    return 0;
  } catch (error) {
    console.error(error);
    return 1;
  }
}

// `node scripts/server-build.mjs` (the `prepare` script of `npm install`)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await buildServerIfStale('安装后构建一次，之后 npm start 直接启动'));
}
