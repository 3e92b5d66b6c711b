import { maskIdNumber, maskPhone, normalizeForSearch, TEAM_KINDS } from '@honglian/domain';
import { type ExpressionBuilder, sql } from 'kysely';
import { can, escapeLike, inScope } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { searchCondition } from '../members/repository.ts';
import * as repo from './repository.ts';
import { allianceInScope, allianceVisibility } from './service.ts';

/**
 * An alliance's service teams and honours (issue 12 item 7; decision 0019, addendum). The teams are
 * volunteer teams (activities/teams.ts) and the selections are 评选表彰 (activities/honours.ts) with an
 * `alliance_id`: one engine each. The alliance's office runs them (`alliance.manage` over the office),
 * the people come from the alliance's current member organizations (or the office), and whoever sees
 * the alliance sees them. Nothing here reads a member organization's own members, dues or records.
 */

/** The office of an alliance the caller runs, for a team or selection they are making there. */
export async function officeFor(db: Executor, ctx: RequestContext, allianceId: number, orgId?: number) {
  const a = await allianceInScope(db, ctx, allianceId, 'allianceId');
  if (!a.canManage) throw new AppError('forbidden');
  if (orgId !== undefined && orgId !== a.row.org_id)
    throw fieldError('orgId', 'alliance.office', `联盟的服务队和评选由联盟办公室（${a.row.org_name}）组织`);
  return { id: a.row.org_id, path: a.row.org_path, regionCode: a.row.region_code };
}

/** Whether the caller sees the alliance (its office, the department above, a member's staff). */
export async function seesAlliance(db: Executor, ctx: RequestContext, allianceId: number) {
  const [row] = await repo.listAlliances(db, allianceVisibility(ctx), {
    id: allianceId,
    limit: 1,
    offset: 0,
  });
  return row !== undefined;
}

/** An organization's path (the column `path`) lies under the alliance's office or one of its current members. */
const underAlliance = (allianceId: number, today: string, path = sql.ref('o.path')) => sql<boolean>`(
  exists (select 1 from alliances a join orgs ao on ao.id = a.org_id
    where a.id = ${allianceId} and starts_with(${path}, ao.path))
  or exists (select 1 from alliance_members m join orgs mo on mo.id = m.org_id
    where m.alliance_id = ${allianceId} and m.joined_on <= ${today}
      and (m.left_on is null or m.left_on > ${today}) and starts_with(${path}, mo.path)))`;

/** Whether a person belongs to the alliance today: their organization lies under a current member or the office. */
export async function personOfAlliance(db: Executor, allianceId: number, userId: number, today: string) {
  const { rows } = await sql<{ id: number }>`
    select u.id from users u join orgs o on o.id = u.org_id
    where u.id = ${userId} and u.status = 'active' and ${underAlliance(allianceId, today)}`.execute(db);
  return rows.length > 0;
}

/** Who runs an alliance's team or selection: the office (or the department above) with `alliance.manage`. */
export function runsForAlliance(ctx: RequestContext, row: { org_path: string; alliance_id: number | null }) {
  return row.alliance_id !== null && can(ctx.actor, 'alliance.manage', row.org_path);
}

/**
 * The alliance page's 服务队与表彰: its teams with what they did (published activities, approved service
 * minutes, members), its selections, and the honours they conferred. Three statements.
 */
export async function allianceService(db: Executor, ctx: RequestContext, id: number) {
  const a = await allianceInScope(db, ctx, id);
  const [teams, selections, honours] = await Promise.all([
    sql<{
      id: number;
      name: string;
      kind: keyof typeof TEAM_KINDS;
      description: string;
      members: number;
      activities: number;
      minutes: number;
      last_activity: string | null;
    }>`
      select t.id, t.name, t.kind, t.description,
        (select count(*)::int from volunteer_team_members m where m.team_id = t.id) as members,
        (select count(*)::int from activities x where x.team_id = t.id and x.status = 'published') as activities,
        (select coalesce(sum(p.approved_minutes), 0)::int from activity_participations p
          join activities x on x.id = p.activity_id where x.team_id = t.id) as minutes,
        (select x.title from activities x where x.team_id = t.id and x.status = 'published'
          order by x.starts_at desc, x.id desc limit 1) as last_activity
      from volunteer_teams t where t.alliance_id = ${id} order by t.id`.execute(db),
    sql<{
      id: number;
      title: string;
      honour: string;
      status: string;
      voting_from: string;
      voting_to: string;
      quota: number;
      nominees: number;
    }>`
      select s.id, s.title, s.honour, s.status, s.voting_from::text as voting_from, s.voting_to::text as voting_to,
        s.quota, (select count(*)::int from selection_nominees n where n.selection_id = s.id and n.status <> 'withdrawn') as nominees
      from selections s where s.alliance_id = ${id} order by s.voting_to desc, s.id desc`.execute(db),
    sql<{
      id: number;
      title: string;
      name: string;
      org_name: string | null;
      awarded_on: string;
      selection_id: number;
    }>`
      select h.id, h.title, u.display_name as name, uo.name as org_name, h.awarded_on::text as awarded_on, h.selection_id
      from honours h join selections s on s.id = h.selection_id join users u on u.id = h.user_id
        left join orgs uo on uo.id = u.org_id
      where s.alliance_id = ${id} order by h.awarded_on desc, h.id desc`.execute(db),
  ]);
  return {
    canManage: a.canManage,
    teams: teams.rows.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      kindLabel: TEAM_KINDS[t.kind],
      description: t.description,
      members: t.members,
      activities: t.activities,
      minutes: t.minutes,
      lastActivity: t.last_activity,
    })),
    selections: selections.rows.map((s) => ({
      id: s.id,
      title: s.title,
      honour: s.honour,
      decided: s.status === 'decided',
      votingFrom: s.voting_from,
      votingTo: s.voting_to,
      quota: s.quota,
      nominees: s.nominees,
    })),
    honours: honours.rows.map((h) => ({
      id: h.id,
      title: h.title,
      name: h.name,
      orgName: h.org_name,
      awardedOn: h.awarded_on,
      selectionId: h.selection_id,
    })),
  };
}

/**
 * The people of an alliance, for its team and nominee pickers: active accounts in an organization under
 * a current member (or the office). The office and the department above search all of them; a member's
 * staff only the people of the members they act for; anyone else who sees the alliance gets 403, and
 * outside it 404. Names match as in the member register (the members module's `searchCondition`:
 * Simplified or Traditional, pinyin and initials, the last four digits of a phone or ID number) for Party
 * members, and the account's name for everyone; phones and ID numbers come masked.
 */
export async function alliancePeople(
  db: Executor,
  ctx: RequestContext,
  id: number,
  query: { q?: string | undefined; page: number; pageSize: number },
) {
  const a = await allianceInScope(db, ctx, id);
  // the office: everyone personOfAlliance accepts (an alliance may have a thousand members: one
  // condition, not a thousand prefixes); a member's staff: the few members they act for
  const own = a.members.filter((m) => can(ctx.actor, 'alliance.participate', m.path)).map((m) => m.path);
  if (!a.canManage && own.length === 0)
    throw new AppError('forbidden', { detail: '只有联盟办公室和成员单位可以查找联盟人员' });
  const q = query.q ? normalizeForSearch(query.q) : '';
  const base = db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .leftJoin('members', 'members.user_id', 'users.id')
    .where('users.status', '=', 'active')
    .where('orgs.status', '=', 'active')
    .where((eb) =>
      a.canManage ? underAlliance(id, clock.today(), sql.ref('orgs.path')) : inScope(eb, 'orgs.path', own),
    )
    .where((eb) =>
      q
        ? eb.or([
            searchCondition(eb as unknown as ExpressionBuilder<DB, 'members' | 'orgs'>, q),
            eb('users.display_name', 'like', `%${escapeLike(q)}%`),
          ])
        : eb.lit(true),
    );
  const [rows, count] = await Promise.all([
    base
      .select([
        'users.id',
        'users.display_name',
        'users.phone',
        'orgs.id as org_id',
        'orgs.name as org_name',
        'members.id as member_id',
        'members.id_number',
        'members.phone as member_phone',
      ])
      .orderBy('orgs.path')
      .orderBy('users.display_name')
      .orderBy('users.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => {
      const phone = r.phone ?? r.member_phone;
      return {
        id: r.id,
        name: r.display_name,
        orgId: r.org_id,
        orgName: r.org_name,
        phone: phone ? maskPhone(phone) : null,
        idNumber: r.id_number ? maskIdNumber(r.id_number) : null,
        isPartyMember: r.member_id !== null,
      };
    }),
    total: Number(count.n),
  };
}
