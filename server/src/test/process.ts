import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { buildServerIfStale, serverEnv, serverNodeArgs } from '../../../scripts/server-build.mjs';
import { DEMO_PASSWORD } from '../demo/load.ts';
import { systemNow } from '../platform/clock.ts';
import { repoRoot } from '../platform/config.ts';

/**
 * The real server as a separate process, for the tests and benchmarks that must see what a client
 * sees: the browser tests, the crash test (SIGKILL in a burst) and the intake benchmark.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Sends the signal and waits until the process has gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the server as `npm start` does (its bundle, server/dist/main.mjs, built first if a source is
 * newer; without the page build) and waits until healthy.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: { port?: number; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  // the test tiers' global setup built it already: this builds only for a bench or a lone test file
  if ((await buildServerIfStale('源文件有改动')) !== 0) throw new Error('服务端构建失败');
  const child = spawn(process.execPath, serverNodeArgs, {
    cwd: repoRoot,
    // NODE_ENV=test: a server started by a test honours HONGLIAN_TEST_TODAY like the test itself (platform/clock.ts)
    env: serverEnv({
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = systemNow().getTime() + (options.timeoutMs ?? 240_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (systemNow().getTime() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not become healthy in ${options.timeoutMs ?? 240_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseUrl,
    child,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await gone;
    },
  };
}

export interface HttpSession {
  cookie: string;
  csrf: string;
}

/** Logs a demo account in over HTTP. */
export async function loginOverHttp(baseUrl: string, username: string): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('hl_session='));
  if (!setCookie) throw new Error('login answered without a session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0]!, csrf: body.csrfToken };
}

/** The first case category a resident can file without extra questions. */
export async function plainCategoryId(baseUrl: string, session: HttpSession): Promise<number> {
  const res = await fetch(`${baseUrl}/api/v1/case-categories`, { headers: { cookie: session.cookie } });
  if (!res.ok) throw new Error(`case-categories: ${res.status}`);
  const { items } = (await res.json()) as { items: { id: number; attributes: { required?: boolean }[] }[] };
  const plain = items.find((c) => !c.attributes.some((a) => a.required));
  if (!plain) throw new Error('no category without required questions in the demo data');
  return plain.id;
}

/** A small JSON client acting as a demo account over HTTP, for tests that set the stage through the API. */
// biome-ignore lint/suspicious/noExplicitAny: the answers are whatever JSON the route documents; tests read them loosely
export type ApiClient = (method: string, url: string, body?: unknown) => Promise<any>;

export async function apiClient(baseUrl: string, username: string): Promise<ApiClient> {
  const session = await loginOverHttp(baseUrl, username);
  return async (method, url, body) => {
    const r = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}
