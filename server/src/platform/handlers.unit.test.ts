import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { trackHandlers } from './http.ts';

const tick = () => new Promise((r) => setTimeout(r, 20));

/** An application with one route whose handler waits until the test lets it go. */
async function appWithGate(fail = false) {
  const app = Fastify();
  const handlers = trackHandlers(app);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const state = { wrote: false };
  app.post('/slow', async () => {
    await gate;
    if (fail) throw new Error('写入失败');
    state.wrote = true;
    return { ok: true };
  });
  await app.ready();
  return { app, handlers, release, state };
}

describe('trackHandlers (shutting down waits for handlers whose client may have gone)', () => {
  it('counts a handler from its start to its answer, and settles only when it has finished', async () => {
    const { app, handlers, release, state } = await appWithGate();
    expect(await handlers.settled(10)).toBe(true);
    const answer = app.inject({ method: 'POST', url: '/slow' });
    while (handlers.count === 0) await tick();
    // the server closes while the handler is still working, as on SIGTERM
    await app.close();
    let settled: boolean | undefined;
    const waiting = handlers.settled(5000).then((ok) => {
      settled = ok;
    });
    await tick();
    expect(settled).toBeUndefined();
    expect(await handlers.settled(10)).toBe(false);
    release();
    await waiting;
    expect(settled).toBe(true);
    expect(state.wrote).toBe(true);
    expect((await answer).statusCode).toBe(200);
    expect(handlers.count).toBe(0);
  });

  it('counts a handler that fails as finished once its error is answered', async () => {
    const { app, handlers, release } = await appWithGate(true);
    const answer = app.inject({ method: 'POST', url: '/slow' });
    while (handlers.count === 0) await tick();
    release();
    expect((await answer).statusCode).toBe(500);
    expect(handlers.count).toBe(0);
    expect(await handlers.settled(10)).toBe(true);
    await app.close();
  });
});
