import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleServer, serverBuildStale } from '../../../scripts/server-build.mjs';

// `npm start` and every test that starts the server as a process run the bundle (scripts/server-build.mjs):
// an edit must make it stale, or they would run yesterday's server
describe('the server bundle', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'honglian-bundle-'));
  const outfile = path.join(dir, 'main.mjs');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('inlines our sources and the domain package, leaves npm packages to node_modules, maps to the TypeScript', async () => {
    await bundleServer(undefined, outfile);
    const code = readFileSync(outfile, 'utf8');
    expect(code).toContain('// server/src/main.ts');
    expect(code).toContain('// packages/domain/src/');
    expect(code).not.toMatch(/from "@honglian\/domain"/);
    expect(code).toMatch(/from "fastify"/);
    expect(code).toMatch(/from "kysely"/);
    // written beside their place and renamed in: nothing else is left in the folder
    expect(readdirSync(dir).sort()).toEqual(['main.mjs', 'main.mjs.map']);
    const map = JSON.parse(readFileSync(`${outfile}.map`, 'utf8')) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith('server/src/platform/config.ts'))).toBe(true);
  });

  it('is fresh after a build and stale once a source is newer', () => {
    expect(serverBuildStale(outfile)).toBe(false);
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(outfile, old, old);
    expect(serverBuildStale(outfile)).toBe(true);
    expect(serverBuildStale(path.join(dir, 'missing.mjs'))).toBe(true);
  });
});
