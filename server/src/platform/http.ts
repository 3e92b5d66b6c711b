import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Actor } from './access.ts';
import { findApiToken, loadActor, SESSION_COOKIE, SessionCache, safeEqual } from './auth.ts';
import type { RequestContext } from './context.ts';
import type { Database } from './db/database.ts';
import { AppError, problemOf, sendProblem } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionCsrf: string | null;
  }
  interface FastifyContextConfig {
    /** Route answers without a logged-in user (login, health, documents, Open311 with its own key). */
    public?: boolean;
    /**
     * Route keeps its own Idempotency-Key in the row it creates, in the same transaction (case intake):
     * the generic answer cache is skipped, saving a read, a write and a commit per request.
     */
    ownIdempotency?: boolean;
    /**
     * Fields of the answer that hold a secret shown once (a new API token's value). The answer cache
     * keeps the answer without them, and a replay of a successful request answers 409
     * `idempotency.secret_shown` instead of the secret, which is stored nowhere.
     */
    secretFields?: readonly string[];
    /** The route takes no Idempotency-Key at all (login: its answer is a new session's CSRF token). */
    noIdempotency?: boolean;
  }
}

/**
 * Sent on every answer: no content sniffing (a stored file is what its Content-Type says), and no
 * framing by any page (clickjacking), for new browsers by CSP and for old ones by X-Frame-Options. The
 * console never frames itself, so 'none'. The policy restricts framing only: a script or style policy
 * would have to allow Ant Design's and ECharts' inline styles.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
} as const;

export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', SECURITY_HEADERS['x-content-type-options']);
    reply.header('x-frame-options', SECURITY_HEADERS['x-frame-options']);
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && csp.trim()) {
      // a route's own policy keeps its rules; its frame-ancestors becomes 'none'
      const rules = csp
        .split(';')
        .map((r) => r.trim())
        .filter((r) => r && !/^frame-ancestors\b/i.test(r));
      reply.header('content-security-policy', [...rules, "frame-ancestors 'none'"].join('; '));
    } else {
      reply.header('content-security-policy', SECURITY_HEADERS['content-security-policy']);
    }
    return payload;
  });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The one gate every API request passes: who is asking, and is a cookie request carrying its CSRF token? */
export function registerAuthentication(app: FastifyInstance, database: Database) {
  // who a session cookie belongs to, from memory after its first request (issue 11)
  const sessions = new SessionCache(database.db, database.writes);
  app.addHook('onClose', async () => sessions.close());
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionCsrf', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const found = await findApiToken(database.db, authorization.slice(7).trim());
      if (!found) return sendProblem(reply, problemOf('unauthenticated', '接口令牌无效或已被吊销'));
      request.actor = await loadActor(database.db, found.userId, found.id);
      if (!request.actor) return sendProblem(reply, problemOf('unauthenticated', '令牌所属用户已停用'));
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      const found = await sessions.find(cookie);
      if (found) {
        request.actor = found.actor;
        request.sessionCsrf = found.actor ? found.csrfToken : null;
      }
    }
    if (request.actor && UNSAFE.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || !request.sessionCsrf || !safeEqual(header, request.sessionCsrf)) {
        return sendProblem(reply, problemOf('csrf'));
      }
    }
    if (!request.actor && !request.routeOptions.config?.public) {
      return sendProblem(reply, problemOf('unauthenticated'));
    }
  });
}

/**
 * Routes under these prefixes take JSON bodies only. A cross-site HTML form can send only
 * form-urlencoded, multipart or text/plain bodies without a CORS preflight, so refusing them stops a
 * page elsewhere from logging a signed-out visitor into an account of its choosing (login CSRF).
 */
const JSON_ONLY_PREFIXES = ['/api/v1/auth/'];

export function registerJsonOnly(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    if (!JSON_ONLY_PREFIXES.some((p) => request.url.startsWith(p))) return;
    const type = request.headers['content-type'];
    if (type === undefined) return;
    const media = type.split(';')[0]!.trim().toLowerCase();
    if (media !== 'application/json') {
      return sendProblem(
        reply,
        problemOf(
          'unsupported_media_type',
          '登录与会话接口只接受 JSON 格式的请求体（Content-Type: application/json）',
        ),
      );
    }
  });
}

export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('unauthenticated');
  return { actor: request.actor, ip: request.ip, requestId: String(request.id) };
}

/**
 * Idempotency-Key on POST: the same key from the same caller within 24 hours answers the first
 * answer again and creates nothing new.
 */
export function registerIdempotency(app: FastifyInstance, database: Database) {
  app.addHook('preHandler', async (request, reply) => {
    const key = idempotencyKey(request);
    if (!key) return;
    const row = await database.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('actor_key', '=', key.actor)
      .where('key', '=', key.key)
      .where('created_at', '>', sql<Date>`now() - interval '24 hours'`)
      .executeTakeFirst();
    if (!row) return;
    if (row.method !== request.method || row.path !== request.url) {
      return sendProblem(reply, problemOf('idempotency.mismatch'));
    }
    reply.header('idempotent-replay', 'true');
    const secret = request.routeOptions.config?.secretFields;
    if (secret?.length && row.status_code < 300) {
      const id = (row.body as { id?: unknown } | null)?.id;
      return sendProblem(
        reply,
        problemOf(
          'idempotency.secret_shown',
          `该请求已经处理过${id === undefined ? '' : `（编号 ${id}）`}，其中的密钥只在第一次答复时显示；如未保存，请吊销后重新创建`,
        ),
      );
    }
    return reply
      .code(row.status_code)
      .type('application/json; charset=utf-8')
      .serializer(JSON.stringify)
      .send(row.body);
  });
  app.addHook('onSend', async (request, reply: FastifyReply, payload) => {
    const key = idempotencyKey(request);
    if (!key || reply.getHeader('idempotent-replay') || reply.statusCode >= 500) return payload;
    if (typeof payload !== 'string') return payload;
    const body = withoutSecrets(payload, request.routeOptions.config?.secretFields);
    await database.db
      .insertInto('idempotency_keys')
      .values({
        actor_key: key.actor,
        key: key.key,
        method: request.method,
        path: request.url,
        status_code: reply.statusCode,
        body,
      })
      .onConflict((oc) => oc.columns(['actor_key', 'key']).doNothing())
      .execute();
    return payload;
  });
}

/** The answer to keep: without the secret fields, or nothing at all when it cannot be read. */
function withoutSecrets(payload: string, fields: readonly string[] | undefined): string | null {
  if (!fields?.length) return payload;
  try {
    const parsed = JSON.parse(payload) as unknown;
    if (!parsed || typeof parsed !== 'object') return null;
    const kept: Record<string, unknown> = { ...(parsed as Record<string, unknown>) };
    for (const f of fields) delete kept[f];
    return JSON.stringify(kept);
  } catch {
    return null;
  }
}

function idempotencyKey(request: FastifyRequest): { actor: string; key: string } | null {
  const config = request.routeOptions.config;
  if (request.method !== 'POST' || config?.ownIdempotency || config?.noIdempotency) return null;
  const header = request.headers['idempotency-key'];
  if (typeof header !== 'string' || !header || header.length > 200) return null;
  const actor = request.actor ? `user:${request.actor.userId}` : `anon:${request.ip}`;
  return { actor, key: header };
}

/** The handlers of an application that are still running (see `trackHandlers`). */
export interface RunningHandlers {
  readonly count: number;
  /** Resolves true once none is running, or false when `timeoutMs` passes first. */
  settled(timeoutMs: number): Promise<boolean>;
}

/**
 * Closing the server waits for its open connections, not for a handler whose client has already gone:
 * such a handler may still be writing. Shutting down waits for these before the database closes, so the
 * handler finishes its work instead of failing on a closed pool (seen in the intake bench's shutdown:
 * the case committed, its answer a 500 logged to nobody). A handler counts from its preHandler hooks
 * until its answer is sent, or its response ends.
 */
export function trackHandlers(app: FastifyInstance): RunningHandlers {
  const running = new Set<FastifyRequest>();
  const waiting = new Set<() => void>();
  const done = (request: FastifyRequest) => {
    if (running.delete(request) && running.size === 0) for (const w of waiting) w();
  };
  app.addHook('preHandler', async (request) => {
    running.add(request);
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    done(request);
    return payload;
  });
  app.addHook('onResponse', async (request) => done(request));
  return {
    get count() {
      return running.size;
    },
    settled(timeoutMs) {
      if (running.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const finish = (ok: boolean) => {
          clearTimeout(timer);
          waiting.delete(idle);
          resolve(ok);
        };
        const idle = () => finish(true);
        const timer = setTimeout(() => finish(false), timeoutMs);
        waiting.add(idle);
      });
    },
  };
}
