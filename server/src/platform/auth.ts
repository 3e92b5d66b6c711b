import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type Actor, toRoleBindings } from './access.ts';
import { VersionedCache } from './cache.ts';
import { systemNow } from './clock.ts';
import type { Executor } from './context.ts';
import { named } from './db/prepared.ts';
import type { DB } from './db/schema.ts';
import type { TableWrites } from './db/writes.ts';

// OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// (algorithm 2 = Argon2id; the package's enum is a const enum that isolated modules cannot import)
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const SESSION_COOKIE = 'hl_session';
export const SESSION_TTL_HOURS = 12;
/** How stale `last_seen_at` may get before a request writes the sliding expiry again. */
export const SESSION_TOUCH_SECONDS = 60;
/** Failures allowed in the window, per username and per address. */
export const LOGIN_LIMITS = { windowMinutes: 15, perUsername: 5, perIp: 30 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

// Verifying against a real hash for unknown users keeps the answer time the same for both cases.
let dummyHash: Promise<string> | undefined;
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('honglian-dummy-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The user with their role bindings (as JSON, nearest the root first) in one statement. */
function actorRows(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('orgs', 'orgs.id', 'users.org_id')
    .select((eb) => [
      'users.id',
      'users.username',
      'users.display_name',
      'users.status',
      'users.org_id',
      'orgs.path as org_path',
      jsonArrayFrom(
        eb
          .selectFrom('role_bindings as rb')
          .innerJoin('orgs as bo', 'bo.id', 'rb.org_id')
          .select(['rb.id', 'rb.role', 'rb.org_id', 'bo.path', 'bo.name', 'bo.depth'])
          // an inner join: the binding's organization is there
          .$narrowType<{ path: string; name: string; depth: number }>()
          .whereRef('rb.user_id', '=', 'users.id')
          .orderBy('bo.depth')
          .orderBy('rb.id'),
      ).as('bindings'),
    ]);
}

function actorOf(
  user: {
    id: number;
    username: string;
    display_name: string;
    status: string;
    org_id: number | null;
    org_path: string | null;
    bindings: Array<{ id: number; role: string; org_id: number; path: string; name: string; depth: number }>;
  },
  tokenId?: number,
): Actor | null {
  if (user.status !== 'active') return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    orgPath: user.org_path,
    bindings: toRoleBindings(user.bindings),
    ...(tokenId ? { tokenId } : {}),
  };
}

export async function loadActor(db: Executor, userId: number, tokenId?: number): Promise<Actor | null> {
  const user = await actorRows(db).where('users.id', '=', userId).executeTakeFirst();
  return user ? actorOf(user, tokenId) : null;
}

/** A live session as the cache keeps it: who it is, and its times (epoch ms). */
interface LiveSession {
  found: { actor: Actor | null; csrfToken: string };
  expiresAt: number;
  lastSeenAt: number;
}

/**
 * A signed-in request's session, user and role bindings in one round trip (issue 11: every request
 * with a cookie asks this first). The sliding expiry is written again at most once a minute.
 */
async function readSession(db: Executor, id: string): Promise<LiveSession | null> {
  const row = await actorRows(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select([
      'sessions.csrf_token',
      sql<boolean>`sessions.last_seen_at < now() - make_interval(secs => ${SESSION_TOUCH_SECONDS})`.as(
        'stale',
      ),
      'sessions.expires_at',
      'sessions.last_seen_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .modifyEnd(named())
    .executeTakeFirst();
  if (!row) return null;
  const session = {
    found: { actor: actorOf(row), csrfToken: row.csrf_token },
    expiresAt: new Date(row.expires_at).getTime(),
    lastSeenAt: new Date(row.last_seen_at).getTime(),
  };
  if (row.stale) {
    await touchSession(db.withoutPlugins(), id);
    session.lastSeenAt = systemNow().getTime();
    session.expiresAt = session.lastSeenAt + SESSION_TTL_HOURS * 3_600_000;
  }
  return session;
}

/** Sessions kept before the copy starts again. */
const MAX_SESSIONS = 100_000;

/**
 * The live sessions this process has answered, with their actors (issue 11: a signed-in 随手拍 spent one
 * of its two statements asking who the caller is). A session is read from the database on first use and
 * then answered from memory until it expires; its sliding expiry is still written once a minute.
 *
 * Kept true like the intake's copy (`modules/cases/refs.ts`): a statement of this process that deletes or
 * changes a session (sign-out, a disabled account, a reset password) or writes users, role bindings or
 * organizations empties the copy as soon as it has run (`TableWrites`); the touch is written past the
 * listeners. Another process's sign-out and changes to users, bindings and organizations bump
 * `cache_versions.sessions` in their transaction (triggers, migration 0270), seen here within a second.
 * A new session, the touch and a sign-in's `last_login_at` leave every copy alone, this process's too.
 */
export class SessionCache {
  private readonly cache = new VersionedCache<Map<string, LiveSession>>('sessions', async () => new Map());

  /** stops listening to the database's writes (the application closes) */
  readonly close: () => void;

  constructor(
    private readonly db: Executor,
    writes: TableWrites,
  ) {
    const forget = () => this.cache.invalidate();
    // a session written by anything but its own touch (below): deleted, or cut short by an administrator
    const stops = [
      // a new user has no session yet; a sign-in's last_login_at is written past the listeners
      writes.on(['users'], forget, ['update', 'delete']),
      writes.on(['role_bindings', 'orgs'], forget),
      writes.on(['sessions'], forget, ['update', 'delete']),
    ];
    this.close = () => {
      for (const stop of stops) stop();
    };
  }

  async find(cookieValue: string): Promise<{ actor: Actor | null; csrfToken: string } | null> {
    // the copy as it is now: a read that a change overtakes lands in a copy already dropped
    const sessions = await this.cache.get(this.db);
    const id = sha256(cookieValue);
    const now = systemNow().getTime();
    const known = sessions.get(id);
    if (known && known.expiresAt > now) {
      if (now - known.lastSeenAt >= SESSION_TOUCH_SECONDS * 1000) {
        known.lastSeenAt = now;
        known.expiresAt = now + SESSION_TTL_HOURS * 3_600_000;
        // past the write listeners: the touch changes nothing the copies hold
        await touchSession(this.db.withoutPlugins(), id);
      }
      return known.found;
    }
    if (known) sessions.delete(id);
    const session = await readSession(this.db, id);
    if (!session) return null;
    if (sessions.size >= MAX_SESSIONS) sessions.clear();
    sessions.set(id, session);
    return session.found;
  }
}

async function touchSession(db: Executor, id: string) {
  await db
    .updateTable('sessions')
    .set({
      last_seen_at: sql`now()`,
      expires_at: sql`now() + make_interval(hours => ${SESSION_TTL_HOURS})`,
    })
    .where('id', '=', id)
    .execute();
}

export async function createSession(
  db: Executor,
  userId: number,
  meta: { ip: string; userAgent: string | undefined },
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  const cookieValue = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(systemNow().getTime() + SESSION_TTL_HOURS * 3600_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(cookieValue),
      user_id: userId,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { cookieValue, csrfToken, expiresAt };
}

/**
 * The live session of a cookie. Its expiry slides with use, but the row is written at most once a
 * minute: a page that fires ten requests at once must not queue them on one row lock and ten commits.
 */
export async function deleteSession(db: Executor, cookieValue: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(cookieValue)).execute();
}

export const TOKEN_PREFIX = 'hl_';

export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  return { token, hash: sha256(token), prefix: token.slice(0, 10) };
}

export async function findApiToken(
  db: Executor,
  token: string,
): Promise<{ id: number; userId: number } | null> {
  const row = await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .returning(['id', 'user_id'])
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id } : null;
}

/**
 * Counts a login attempt as a failure BEFORE its password is checked, so that parallel attempts cannot
 * get more password checks than the limit: under one lock per username and one per address (taken in
 * that order, in their own key spaces), it reads the failures in the window and, when both are under
 * their limits, records this attempt. A successful login then clears the user's failures, its own
 * included; a failed one leaves its row, already counted.
 *
 * Answers the seconds until another attempt is allowed (nothing recorded), or 0 when this attempt may
 * check its password.
 */
export async function reserveLoginAttempt(db: Kysely<DB>, username: string, ip: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_SPACE.username}, hashtext(${username}))`.execute(trx);
    await sql`select pg_advisory_xact_lock(${LOCK_SPACE.ip}, hashtext(${ip}))`.execute(trx);
    const retryAfter = await loginRetryAfter(trx, username, ip);
    if (retryAfter === 0) await trx.insertInto('login_failures').values({ username, ip }).execute();
    return retryAfter;
  });
}

/** Advisory lock key spaces (the first of the two int keys). */
const LOCK_SPACE = { username: 7_001, ip: 7_002 } as const;

/** Seconds until another attempt is allowed, or 0 when the username and address are under their limits. */
async function loginRetryAfter(db: Executor, username: string, ip: string): Promise<number> {
  const window = LOGIN_LIMITS.windowMinutes;
  const rows = await db
    .selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where username = ${username})::int`.as('by_user'),
      sql<number>`count(*) filter (where ip = ${ip})::int`.as('by_ip'),
      sql<Date | null>`min(at) filter (where username = ${username})`.as('first_user'),
      sql<Date | null>`min(at) filter (where ip = ${ip})`.as('first_ip'),
    ])
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${window})`)
    .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  const limited: Date[] = [];
  if (rows.by_user >= LOGIN_LIMITS.perUsername && rows.first_user) limited.push(new Date(rows.first_user));
  if (rows.by_ip >= LOGIN_LIMITS.perIp && rows.first_ip) limited.push(new Date(rows.first_ip));
  if (limited.length === 0) return 0;
  const earliest = Math.min(...limited.map((d) => d.getTime()));
  return Math.max(1, Math.ceil((earliest + window * 60_000 - systemNow().getTime()) / 1000));
}

export async function clearLoginFailures(db: Executor, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}
