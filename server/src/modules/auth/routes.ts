import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, permissionsOfActor } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import {
  clearLoginFailures,
  createSession,
  deleteSession,
  loadActor,
  reserveLoginAttempt,
  SESSION_COOKIE,
  SESSION_TTL_HOURS,
  verifyPassword,
} from '../../platform/auth.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { contextOf } from '../../platform/http.ts';
import { Ok, problemResponses } from '../../platform/schemas.ts';
import { memberIdOfUser } from '../members/service.ts';
import { RoleView } from '../users/routes.ts';
import { rolesOfUsers } from '../users/service.ts';

const CurrentUser = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.number().nullable(),
    orgName: z.string().nullable(),
    roles: z.array(RoleView),
    permissions: z.array(z.string()),
    scopes: z.array(z.object({ orgId: z.number(), orgName: z.string(), role: z.string() })),
    /** The party member record of this account, if it has one (own 党员档案, 党费). */
    memberId: z.number().nullable(),
  })
  .meta({ id: 'CurrentUser' });

async function currentUser(db: Database['db'], actor: Actor) {
  const [roles, org, memberId] = await Promise.all([
    rolesOfUsers(db, [actor.userId]),
    actor.orgId
      ? db.selectFrom('orgs').select('name').where('id', '=', actor.orgId).executeTakeFirst()
      : undefined,
    memberIdOfUser(db, actor.userId),
  ]);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    orgId: actor.orgId,
    orgName: org?.name ?? null,
    roles: roles.get(actor.userId) ?? [],
    permissions: permissionsOfActor(actor),
    scopes: actor.bindings.map((b) => ({ orgId: b.orgId, orgName: b.orgName, role: b.role })),
    memberId,
  };
}

export function authRoutes(app: FastifyInstance, database: Database, config: Config) {
  const { db } = database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['登录与会话'];

  r.post('/api/v1/auth/login', {
    // no answer cache: the answer is a session's CSRF token, and the caller is known only by address
    config: { public: true, noIdempotency: true },
    schema: {
      tags,
      summary: '用户名密码登录，返回会话 Cookie 与 CSRF 令牌',
      body: z.object({
        username: z.string().trim().min(1, '请输入用户名').max(64),
        password: z.string().min(1, '请输入密码').max(256),
      }),
      response: {
        200: z.object({ user: CurrentUser, csrfToken: z.string() }),
        429: problemResponses[401],
        ...problemResponses,
      },
    },
    handler: async (req, reply) => {
      const { username, password } = req.body;
      // counted before the password is checked (see reserveLoginAttempt)
      const retryAfter = await reserveLoginAttempt(db, username, req.ip);
      if (retryAfter > 0) {
        throw new AppError('rate_limited', {
          detail: `登录失败次数过多，请 ${Math.ceil(retryAfter / 60)} 分钟后再试`,
          headers: { 'retry-after': String(retryAfter) },
        });
      }
      const user = await db
        .selectFrom('users')
        .select(['id', 'password_hash', 'status'])
        .where('username', '=', username)
        .executeTakeFirst();
      const ok = await verifyPassword(user?.password_hash ?? null, password);
      if (!user || !ok || user.status !== 'active') {
        throw new AppError('invalid_credentials');
      }
      const session = await db.transaction().execute(async (trx) => {
        await clearLoginFailures(trx, username);
        // past the write listeners: a sign-in's bookkeeping changes nothing the session copies hold
        await trx
          .withoutPlugins()
          .updateTable('users')
          .set({ last_login_at: sql`now()` })
          .where('id', '=', user.id)
          .execute();
        const created = await createSession(trx, user.id, {
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        });
        const actor = (await loadActor(trx, user.id))!;
        await audit(
          trx,
          { actor, ip: req.ip, requestId: String(req.id) },
          { action: 'auth.login', entityType: 'session', entityId: user.id, orgPath: actor.orgPath },
        );
        return { ...created, actor };
      });
      reply.setCookie(SESSION_COOKIE, session.cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: SESSION_TTL_HOURS * 3600,
      });
      return { user: await currentUser(db, session.actor), csrfToken: session.csrfToken };
    },
  });

  r.get('/api/v1/auth/me', {
    schema: {
      tags,
      summary: '当前用户、角色与其作用的组织范围',
      response: {
        200: z.object({ user: CurrentUser, csrfToken: z.string().nullable(), demo: z.boolean() }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      return { user: await currentUser(db, ctx.actor), csrfToken: req.sessionCsrf, demo: config.demo };
    },
  });

  // The pages' "who am I" on every load. Signed out is an answer here, not an error: browsers log every
  // 4xx response as a console error, and /auth/me keeps its 401 for integrations (API.md).
  r.get('/api/v1/auth/session', {
    config: { public: true },
    schema: {
      tags,
      summary: '会话探测：已登录时返回当前用户，未登录时 user 为 null（不返回 401）',
      response: {
        200: z.object({ user: CurrentUser.nullable(), csrfToken: z.string().nullable(), demo: z.boolean() }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      if (!req.actor) return { user: null, csrfToken: null, demo: config.demo };
      return { user: await currentUser(db, req.actor), csrfToken: req.sessionCsrf, demo: config.demo };
    },
  });

  r.post('/api/v1/auth/logout', {
    schema: { tags, summary: '退出登录', response: { 200: Ok, ...problemResponses } },
    handler: async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await deleteSession(db, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });
}
