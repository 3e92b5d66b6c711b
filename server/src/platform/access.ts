import { isRoleCode, type Permission, permissionsOf, type RoleCode } from '@honglian/domain';
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from './context.ts';
import { AppError } from './errors.ts';

/**
 * The access layer. A role is bound to a node of the organization tree and applies to its subtree;
 * every route asks `can(...)`, every repository query is filtered by `scopePaths(...)`.
 */
export interface RoleBinding {
  id: number;
  role: RoleCode;
  orgId: number;
  orgPath: string;
  orgName: string;
  orgDepth: number;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number | null;
  orgPath: string | null;
  bindings: RoleBinding[];
  /** Set when the request came with an API token instead of a session. */
  tokenId?: number;
}

export function toRoleBindings(
  rows: Array<{ id: number; role: string; org_id: number; path: string; name: string; depth: number }>,
): RoleBinding[] {
  return rows
    .filter((r) => isRoleCode(r.role))
    .map((r) => ({
      id: r.id,
      role: r.role as RoleCode,
      orgId: r.org_id,
      orgPath: r.path,
      orgName: r.name,
      orgDepth: r.depth,
    }));
}

export function permissionsOfActor(actor: Actor): Permission[] {
  const all = new Set<Permission>();
  for (const b of actor.bindings) for (const p of permissionsOf(b.role)) all.add(p);
  return [...all].sort();
}

/** The subtree roots (materialized paths) where the actor holds `permission`, without nested duplicates. */
export function scopePaths(actor: Actor, permission: Permission): string[] {
  const paths = actor.bindings
    .filter((b) => permissionsOf(b.role).includes(permission))
    .map((b) => b.orgPath)
    .sort((a, b) => a.length - b.length);
  const minimal: string[] = [];
  for (const p of paths) if (!minimal.some((m) => p.startsWith(m))) minimal.push(p);
  return minimal;
}

/** May the actor use `permission` on the organization at `orgPath` (or anywhere, when no path is given)? */
export function can(actor: Actor, permission: Permission, orgPath?: string | null): boolean {
  const paths = scopePaths(actor, permission);
  if (orgPath === undefined) return paths.length > 0;
  if (orgPath === null) return false;
  return paths.some((p) => orgPath.startsWith(p));
}

/**
 * Scope roots narrowed to the subtree at `orgPath`: that subtree when a root holds it, else the roots
 * inside it (a caller scoped to two branches looking at their district sees those two branches).
 */
export function narrowTo(paths: string[], orgPath: string): string[] {
  if (paths.some((p) => orgPath.startsWith(p))) return [orgPath];
  return paths.filter((p) => p.startsWith(orgPath));
}

/** The materialized path of an org's parent (`/1/5/57/` → `/1/5/`), or null for the top of a tree. */
export function parentPathOf(orgPath: string): string | null {
  const parent = /^(\/(?:[^/]+\/)+)[^/]+\/$/.exec(orgPath)?.[1];
  return parent ?? null;
}

/**
 * May the actor use `permission` on the org at `orgPath` *from above it*: from the parent's subtree,
 * so an organization's own staff cannot decide for it (its region, its exemptions). The top of a tree
 * has nobody above it: there the administrator bound at the top decides.
 */
export function canAbove(actor: Actor, permission: Permission, orgPath: string | null): boolean {
  return bindingAbove(actor, permission, orgPath) !== undefined;
}

/**
 * The binding through which the actor holds `permission` above the org at `orgPath` (see `canAbove`):
 * the nearest one, so a decision is recorded on behalf of the closest superior organization.
 */
export function bindingAbove(
  actor: Actor,
  permission: Permission,
  orgPath: string | null,
): RoleBinding | undefined {
  if (orgPath === null) return undefined;
  const from = parentPathOf(orgPath) ?? orgPath;
  return actor.bindings
    .filter((b) => from.startsWith(b.orgPath) && permissionsOf(b.role).includes(permission))
    .sort((a, b) => b.orgPath.length - a.orgPath.length)[0];
}

/**
 * Does the actor hold `permission` over every active organization a shared setting reaches, and over
 * at least one? A setting keyed by region (a rule's regional parameters: `regionPrefix`) reaches every
 * organization whose region code starts with it, in whatever tree (350206 is 湖里 and 火炬); a national
 * one (the working-day calendar: no prefix) reaches all of them. Only an administrator holding all of
 * them may change it, so nobody changes the rules under which another administrator's organizations are
 * checked.
 */
export async function holdsEveryOrg(
  db: Executor,
  actor: Actor,
  permission: Permission,
  regionPrefix?: string,
): Promise<boolean> {
  const paths = scopePaths(actor, permission);
  if (paths.length === 0) return false;
  let q = db
    .selectFrom('orgs')
    .select((eb) => [
      sql<number>`count(*) filter (where ${inScope(eb, 'orgs.path', paths)})::int`.as('inside'),
      sql<number>`count(*) filter (where not ${inScope(eb, 'orgs.path', paths)})::int`.as('outside'),
    ])
    .where('orgs.status', '=', 'active');
  if (regionPrefix !== undefined) q = q.where('orgs.region_code', 'like', `${escapeLike(regionPrefix)}%`);
  const row = await q.executeTakeFirstOrThrow();
  return row.inside > 0 && row.outside === 0;
}

/** Permission for something national (the calendar): a binding at the top of a tree. */
export function canAtRoot(actor: Actor, permission: Permission): boolean {
  return actor.bindings.some((b) => b.orgDepth === 0 && permissionsOf(b.role).includes(permission));
}

export function assertCan(actor: Actor, permission: Permission, orgPath?: string | null): void {
  if (!can(actor, permission, orgPath)) throw new AppError('forbidden');
}

/** The permissions among `candidates` that the actor holds on the org at `orgPath` (sent to the client). */
export function allowedActions(
  actor: Actor,
  candidates: readonly Permission[],
  orgPath: string,
): Permission[] {
  return candidates.filter((p) => can(actor, p, orgPath));
}

/**
 * A WHERE condition keeping rows whose path column lies inside the actor's scope for `permission`.
 * No scope → a condition that is false, never an unfiltered query.
 */
export function inScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  pathColumn: Expression<string | null> | string,
  paths: string[],
): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  const column = typeof pathColumn === 'string' ? sql.ref(pathColumn) : pathColumn;
  return eb.or(paths.map((p) => sql<SqlBool>`${column} like ${`${escapeLike(p)}%`}`));
}

/**
 * `inScope` for raw SQL: the column lies under one of the paths (`false` for none, never unfiltered).
 * For conditions written as one `sql` template (activities' audiences, learning's readers).
 */
export function underAny(column: string, paths: string[]): RawBuilder<SqlBool> {
  return paths.length === 0
    ? sql<SqlBool>`false`
    : sql<SqlBool>`(${sql.join(
        paths.map((p) => sql`${sql.ref(column)} like ${`${escapeLike(p)}%`}`),
        sql` or `,
      )})`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
