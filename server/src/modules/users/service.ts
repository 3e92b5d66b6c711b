import { beyondGrantor, isRoleCode, maskPhone, ROLES, type RoleCode } from '@honglian/domain';
import { sql } from 'kysely';
import { assertCan, can, inScope, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { hashPassword, newApiToken } from '../../platform/auth.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';

/** Users, their role bindings and their API tokens: what an administrator manages from the console. */
export async function rolesOfUsers(db: Executor, userIds: number[]) {
  if (userIds.length === 0) return new Map<number, RoleView[]>();
  const rows = await db
    .selectFrom('role_bindings')
    .innerJoin('orgs', 'orgs.id', 'role_bindings.org_id')
    .select([
      'role_bindings.id',
      'role_bindings.user_id',
      'role_bindings.role',
      'role_bindings.org_id',
      'orgs.name',
    ])
    .where('role_bindings.user_id', 'in', userIds)
    .orderBy('role_bindings.id')
    .execute();
  const map = new Map<number, RoleView[]>();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({
      id: r.id,
      role: r.role,
      roleLabel: isRoleCode(r.role) ? ROLES[r.role].label : r.role,
      orgId: r.org_id,
      orgName: r.name,
    });
    map.set(r.user_id, list);
  }
  return map;
}

export interface RoleView {
  id: number;
  role: string;
  roleLabel: string;
  orgId: number;
  orgName: string;
}

function selectUsers(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('orgs', 'orgs.id', 'users.org_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.phone',
      'users.org_id',
      'users.status',
      'users.last_login_at',
      'orgs.name as org_name',
      'orgs.path as org_path',
    ]);
}

export async function listUsers(
  db: Executor,
  ctx: RequestContext,
  query: { q?: string; page: number; pageSize: number },
) {
  const scope = scopePaths(ctx.actor, 'user.read');
  let q = selectUsers(db).where((eb) => inScope(eb, 'orgs.path', scope));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('users.username', 'ilike', like), eb('users.display_name', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    q
      .orderBy('users.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const roles = await rolesOfUsers(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      phone: u.phone ? maskPhone(u.phone) : null,
      orgId: u.org_id,
      orgName: u.org_name,
      status: u.status,
      roles: roles.get(u.id) ?? [],
      lastLoginAt: u.last_login_at,
    })),
    total: count.n,
  };
}

async function userInScope(
  db: Executor,
  ctx: RequestContext,
  id: number,
  permission: 'user.read' | 'user.manage' | 'role.assign' | 'token.manage',
) {
  const user = await selectUsers(db).where('users.id', '=', id).executeTakeFirst();
  const visible =
    user && (can(ctx.actor, 'user.read', user.org_path) || can(ctx.actor, permission, user.org_path));
  if (!visible) throw notFound('未找到该用户，或您无权查看');
  assertCan(ctx.actor, permission, user.org_path);
  if (permission !== 'user.read') await assertCoversRoles(db, ctx, id, permission);
  return user;
}

/**
 * Acting on an account (its password, status, tokens, roles) is acting with everything it may do: a
 * user whose home is a branch may hold a role over the whole district. So the caller needs the
 * permission over every organization the user's roles are bound to, not only over the home one.
 * The user is in the caller's scope (listed with all its roles), so a refusal is 403, as for any
 * visible user the caller may not act on.
 */
async function assertCoversRoles(
  db: Executor,
  ctx: RequestContext,
  userId: number,
  permission: 'user.manage' | 'role.assign' | 'token.manage',
) {
  const bound = await db
    .selectFrom('role_bindings')
    .innerJoin('orgs', 'orgs.id', 'role_bindings.org_id')
    .select('orgs.path')
    .where('role_bindings.user_id', '=', userId)
    .execute();
  if (bound.every((b) => can(ctx.actor, permission, b.path))) return;
  throw new AppError('forbidden', {
    detail: '该用户在您管理范围以外的组织还担任角色，只能由管理这些组织的上级管理员操作',
  });
}

async function orgForAssignment(db: Executor, ctx: RequestContext, orgId: number) {
  const org = await db
    .selectFrom('orgs')
    .select(['id', 'path', 'name', 'status'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org || !scopePaths(ctx.actor, 'org.read').some((p) => org.path.startsWith(p))) {
    throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权查看');
  }
  return org;
}

export async function createUser(
  db: Executor,
  ctx: RequestContext,
  input: { username: string; displayName: string; password: string; orgId: number; phone?: string },
) {
  const org = await orgForAssignment(db, ctx, input.orgId);
  assertCan(ctx.actor, 'user.manage', org.path);
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (taken)
    throw new AppError('user.username_taken', {
      errors: [{ field: 'username', code: 'user.username_taken', message: '用户名已被使用' }],
    });
  const user = await db
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      phone: input.phone ?? null,
      org_id: org.id,
      updated_at: clock.now(),
    })
    .returning(['id', 'username', 'display_name', 'org_id', 'status'])
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'user.create',
    entityType: 'user',
    entityId: user.id,
    orgPath: org.path,
    after: user,
  });
  return user.id;
}

export async function updateUser(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { displayName?: string; status?: 'active' | 'disabled'; password?: string },
) {
  const user = await userInScope(db, ctx, id, 'user.manage');
  if (input.status === 'disabled' && id === ctx.actor.userId) throw new AppError('user.self');
  await db
    .updateTable('users')
    .set({
      ...(input.displayName ? { display_name: input.displayName } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.password ? { password_hash: await hashPassword(input.password) } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
  if (input.status === 'disabled' || input.password) {
    // a disabled account or a new password ends every open session
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  }
  await audit(db, ctx, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    orgPath: user.org_path,
    before: { displayName: user.display_name, status: user.status },
    after: {
      displayName: input.displayName ?? user.display_name,
      status: input.status ?? user.status,
      passwordChanged: Boolean(input.password),
    },
  });
}

export async function grantRole(
  db: Executor,
  ctx: RequestContext,
  userId: number,
  input: { role: RoleCode; orgId: number },
) {
  const user = await userInScope(db, ctx, userId, 'role.assign');
  const org = await orgForAssignment(db, ctx, input.orgId);
  assertCan(ctx.actor, 'role.assign', org.path);
  // nobody hands out more than they hold there themselves
  const missing = beyondGrantor(input.role, (p) => can(ctx.actor, p, org.path));
  if (missing.length > 0) {
    throw new AppError('forbidden', {
      detail: '不能分配超出您自身权限的角色',
      errors: [{ field: 'role', code: 'role.escalation', message: '该角色包含您在此组织没有的权限' }],
    });
  }
  const binding = await db
    .insertInto('role_bindings')
    .values({ user_id: userId, role: input.role, org_id: org.id })
    .onConflict((oc) => oc.columns(['user_id', 'role', 'org_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (binding) {
    await audit(db, ctx, {
      action: 'role.grant',
      entityType: 'user',
      entityId: userId,
      orgPath: user.org_path,
      after: { role: input.role, orgId: org.id, orgName: org.name },
    });
  }
}

export async function revokeRole(db: Executor, ctx: RequestContext, userId: number, bindingId: number) {
  const user = await userInScope(db, ctx, userId, 'role.assign');
  const binding = await db
    .selectFrom('role_bindings')
    .innerJoin('orgs', 'orgs.id', 'role_bindings.org_id')
    .select(['role_bindings.id', 'role_bindings.role', 'orgs.path', 'orgs.name', 'orgs.id as org_id'])
    .where('role_bindings.id', '=', bindingId)
    .where('role_bindings.user_id', '=', userId)
    .executeTakeFirst();
  if (!binding || !can(ctx.actor, 'role.assign', binding.path))
    throw notFound('未找到该角色授权，或您无权管理');
  await db.deleteFrom('role_bindings').where('id', '=', bindingId).execute();
  await audit(db, ctx, {
    action: 'role.revoke',
    entityType: 'user',
    entityId: userId,
    orgPath: user.org_path,
    before: { role: binding.role, orgId: binding.org_id, orgName: binding.name },
  });
}

function selectTokens(db: Executor) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .leftJoin('orgs', 'orgs.id', 'users.org_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.user_id',
      'users.username',
      'api_tokens.prefix',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'orgs.path as org_path',
    ]);
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof selectTokens>['executeTakeFirstOrThrow']>>;
const tokenView = (t: TokenRow) => ({
  id: t.id,
  name: t.name,
  userId: t.user_id,
  username: t.username,
  prefix: t.prefix,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

export async function listTokens(db: Executor, ctx: RequestContext) {
  const scope = scopePaths(ctx.actor, 'token.manage');
  const rows = await selectTokens(db)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .orderBy('api_tokens.id', 'desc')
    .limit(500)
    .execute();
  return { items: rows.map(tokenView), total: rows.length };
}

export async function createToken(
  db: Executor,
  ctx: RequestContext,
  input: { name: string; userId: number },
) {
  const user = await userInScope(db, ctx, input.userId, 'token.manage');
  const { token, hash, prefix } = newApiToken();
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: user.id, name: input.name, token_hash: hash, prefix, created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, ctx, {
    action: 'token.create',
    entityType: 'api_token',
    entityId: row.id,
    orgPath: user.org_path,
    after: { name: input.name, userId: user.id, prefix },
  });
  const view = await selectTokens(db).where('api_tokens.id', '=', row.id).executeTakeFirstOrThrow();
  return { ...tokenView(view), token };
}

export async function revokeToken(db: Executor, ctx: RequestContext, id: number) {
  const token = await selectTokens(db).where('api_tokens.id', '=', id).executeTakeFirst();
  if (!token || !can(ctx.actor, 'token.manage', token.org_path)) throw notFound('未找到该令牌，或您无权管理');
  if (!token.revoked_at) {
    await db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).execute();
    await audit(db, ctx, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: id,
      orgPath: token.org_path,
      before: { revokedAt: null },
    });
  }
  return tokenView(await selectTokens(db).where('api_tokens.id', '=', id).executeTakeFirstOrThrow());
}
