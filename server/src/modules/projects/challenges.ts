import { bidWindowState, checkAward, checkBidWindow, checkMilestoneWeights } from '@honglian/domain';
import { sql } from 'kysely';
import { can, scopePaths } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import { allianceInScope } from '../alliances/service.ts';
import * as repo from './repository.ts';
import { canManageProject, getProject, leadOrgFor, listProjects, projectInScope } from './service.ts';

/**
 * 揭榜挂帅 on the one project engine (issue 12 item 6; docs/decisions/0028-challenges.md). A challenge
 * is a project of kind `challenge` with a row in `project_challenges`: posted by an alliance's office
 * (`alliance.manage`) or an organization (`project.manage`), it is the poster's project until awarded.
 * Organizations bid for themselves (or for one of their volunteer teams) inside the window (an alliance's current members, through
 * `alliance.participate` or `project.manage` over the member; an organization's challenge, the
 * organizations below it); the poster may score the bids and awards one after the window closes: the
 * winner becomes the project's lead organization and its proposed milestones the project's, the other
 * bidders are told in-app. Progress is then the project's milestones, as for any project.
 * While the window is open and nothing is awarded, a bidder's staff may edit its bid or withdraw it
 * with a reason (a withdrawn bid stays, shown as 已撤回, and is neither scored nor awarded; the
 * organization may bid again inside the window).
 */

const NOT_FOUND = '未找到该揭榜挂帅项目，或您无权查看';
const BID_NOT_FOUND = '未找到该揭榜方案，或您无权查看';
type Milestones = Array<{ title: string; plannedOn: string; weight: number }>;

interface ChallengeRow {
  project_id: number;
  poster_org_id: number;
  poster_name: string;
  poster_path: string;
  conditions: string;
  reward: string;
  opens_on: string;
  closes_on: string;
  awarded_bid_id: number | null;
  award_reason: string;
  awarded_at: Date | null;
}

interface BidRow {
  id: number;
  org_id: number;
  org_name: string;
  team_id: number | null;
  team_name: string | null;
  org_path: string;
  plan: string;
  lead_name: string;
  milestones: Milestones | string;
  score: number | null;
  status: 'submitted' | 'awarded' | 'not_awarded' | 'withdrawn';
  withdraw_reason: string;
  withdrawn_at: Date | null;
  updated_at: Date | null;
  created_at: Date;
}

const BID_STATUS_LABELS = {
  submitted: '已揭榜',
  awarded: '中榜',
  not_awarded: '未中榜',
  withdrawn: '已撤回',
} as const;

async function challengeRow(db: Executor, projectId: number, lock = false) {
  const { rows } = await sql<ChallengeRow>`
    select c.project_id, c.poster_org_id, o.name as poster_name, o.path as poster_path, c.conditions,
      c.reward, c.opens_on::text as opens_on, c.closes_on::text as closes_on, c.awarded_bid_id,
      c.award_reason, c.awarded_at
    from project_challenges c join orgs o on o.id = c.poster_org_id
    where c.project_id = ${projectId} ${lock ? sql`for update of c` : sql``}`.execute(db);
  return rows[0];
}

async function bidsOf(db: Executor, projectId: number) {
  const { rows } = await sql<BidRow>`
    select b.id, b.org_id, o.name as org_name, o.path as org_path, b.team_id, t.name as team_name, b.plan,
      b.lead_name, b.milestones, b.score, b.status, b.withdraw_reason, b.withdrawn_at, b.updated_at, b.created_at
    from project_bids b join orgs o on o.id = b.org_id left join volunteer_teams t on t.id = b.team_id
    where b.project_id = ${projectId} order by b.id`.execute(db);
  return rows.map((r) => ({
    ...r,
    milestones: (typeof r.milestones === 'string' ? JSON.parse(r.milestones) : r.milestones) as Milestones,
  }));
}

/** A posted challenge the caller sees (404 outside, or a field error naming `field`). */
async function challengeInScope(db: Executor, ctx: RequestContext, id: number) {
  const project = await projectInScope(db, ctx, id);
  const challenge = await challengeRow(db, id);
  if (!challenge) throw notFound(NOT_FOUND);
  return { project, challenge };
}

/** May the caller bid for `org` on this challenge? (Its own organizations only.) */
function actsForBidder(ctx: RequestContext, path: string) {
  return can(ctx.actor, 'alliance.participate', path) || can(ctx.actor, 'project.manage', path);
}

/** The organizations the caller may bid for: an alliance's current members, or those below the poster. */
async function bidderCandidates(
  db: Executor,
  ctx: RequestContext,
  project: repo.ProjectRow,
  challenge: ChallengeRow,
): Promise<Array<{ id: number; name: string; path: string; region_code: string }>> {
  if (project.alliance_id !== null) {
    const a = await allianceInScope(db, ctx, project.alliance_id);
    return a.members
      .filter((m) => m.org_id !== challenge.poster_org_id && actsForBidder(ctx, m.path))
      .map((m) => ({ id: m.org_id, name: m.name, path: m.path, region_code: m.region_code }));
  }
  const roots = [...scopePaths(ctx.actor, 'project.manage')];
  if (roots.length === 0) return [];
  const { rows } = await sql<{ id: number; name: string; path: string; region_code: string }>`
    select o.id, o.name, o.path, o.region_code::text as region_code from orgs o
    where o.status = 'active' and o.path like ${`${challenge.poster_path}%`} and o.id <> ${challenge.poster_org_id}
      and (${sql.join(
        roots.map((p) => sql`o.path like ${`${p}%`}`),
        sql` or `,
      )})
    order by o.path limit 200`.execute(db);
  return rows;
}

export async function listChallenges(
  db: Executor,
  ctx: RequestContext,
  query: { allianceId?: number | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  return listProjects(db, ctx, { ...query, kind: 'challenge', posted: true });
}

export async function getChallenge(db: Executor, ctx: RequestContext, id: number) {
  const { project, challenge } = await challengeInScope(db, ctx, id);
  const [detail, bids, candidates] = await Promise.all([
    getProject(db, ctx, id),
    bidsOf(db, id),
    bidderCandidates(db, ctx, project, challenge),
  ]);
  const manage = canManageProject(ctx, project) || can(ctx.actor, 'project.read', challenge.poster_path);
  const today = clock.today();
  const state = bidWindowState(challenge.opens_on, challenge.closes_on, today);
  const active = bids.filter((b) => b.status !== 'withdrawn');
  const bidden = new Set(active.map((b) => b.org_id));
  const changeable = state === 'open' && challenge.awarded_bid_id === null;
  return {
    ...detail,
    posterOrgId: challenge.poster_org_id,
    posterOrgName: challenge.poster_name,
    conditions: challenge.conditions,
    reward: challenge.reward,
    opensOn: challenge.opens_on,
    closesOn: challenge.closes_on,
    awardedBidId: challenge.awarded_bid_id,
    awardReason: challenge.award_reason,
    awardedAt: challenge.awarded_at ? toShanghaiIso(challenge.awarded_at) : null,
    /** The poster (and the department above) see every bid; a bidder sees its own organizations' bids. */
    bids: bids
      .filter((b) => manage || actsForBidder(ctx, b.org_path))
      .map((b) => ({
        id: b.id,
        orgId: b.org_id,
        orgName: b.org_name,
        teamId: b.team_id,
        teamName: b.team_name,
        plan: b.plan,
        leadName: b.lead_name,
        milestones: b.milestones,
        score: b.score,
        status: b.status,
        statusLabel: BID_STATUS_LABELS[b.status],
        withdrawReason: b.withdraw_reason,
        withdrawnAt: b.withdrawn_at ? toShanghaiIso(b.withdrawn_at) : null,
        updatedAt: b.updated_at ? toShanghaiIso(b.updated_at) : null,
        createdAt: toShanghaiIso(b.created_at),
        /** The bidder's own staff, while the window is open and nothing is awarded. */
        canChange: changeable && b.status === 'submitted' && actsForBidder(ctx, b.org_path),
      })),
    /** All bids not withdrawn, including those the caller does not see. */
    bidCount: active.length,
    /** Organizations the caller may still bid for while the window is open. */
    canBidFor: changeable
      ? candidates.filter((c) => !bidden.has(c.id)).map((c) => ({ orgId: c.id, name: c.name }))
      : [],
    canAward:
      canManageProject(ctx, project) && challenge.awarded_bid_id === null && today > challenge.closes_on,
  };
}

export interface PostInput {
  allianceId?: number | undefined;
  orgId?: number | undefined;
  title: string;
  description: string;
  conditions: string;
  reward: string;
  opensOn?: string | undefined;
  closesOn: string;
}

/** postChallenge: 发榜. An alliance's challenge is posted by its office; else by `orgId`. */
export async function postChallenge(db: Executor, ctx: RequestContext, input: PostInput) {
  let orgId = input.orgId;
  if (input.allianceId !== undefined) {
    const a = await allianceInScope(db, ctx, input.allianceId, 'allianceId');
    orgId = a.row.org_id;
  }
  if (orgId === undefined) throw fieldError('orgId', 'validation', '请选择发榜单位（党组织）或联盟');
  const org = await leadOrgFor(db, ctx, orgId, input.allianceId);
  if (org.status !== 'active') throw fieldError('orgId', 'org.dissolved', '该党组织已撤销，不能再发榜');
  const today = clock.today();
  const opensOn = input.opensOn ?? today;
  const window = checkBidWindow(opensOn, input.closesOn, today);
  if (!window.ok) throw fieldError(window.field, window.code, window.message);
  const id = await repo.insertProject(
    db,
    {
      region_code: org.region_code,
      org_id: org.id,
      parent_id: null,
      weight: 1,
      title: input.title,
      kind: 'challenge',
      group_name: '',
      lead_name: '',
      description: input.description,
      created_by: ctx.actor.userId,
      updated_at: clock.now(),
      alliance_id: input.allianceId ?? null,
    },
    [],
  );
  await db
    .insertInto('project_challenges')
    .values({
      project_id: id,
      poster_org_id: org.id,
      conditions: input.conditions,
      reward: input.reward,
      opens_on: opensOn,
      closes_on: input.closesOn,
      awarded_bid_id: null,
      awarded_by: null,
      awarded_at: null,
    })
    .execute();
  await audit(db, ctx, {
    action: 'challenge.post',
    entityType: 'project',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input, opensOn, posterOrgName: org.name },
  });
  return id;
}

export interface BidInput {
  orgId: number;
  teamId?: number | undefined;
  plan: string;
  leadName: string;
  milestones: Milestones;
}

/** A bid's team (one of the organization's, or its subtree's) and milestones (weights summing to 100). */
async function checkBidContent(
  db: Executor,
  orgPath: string,
  input: { teamId?: number | undefined; milestones: Milestones },
) {
  if (input.teamId !== undefined) {
    const team = await db
      .selectFrom('volunteer_teams')
      .select('id')
      .where('id', '=', input.teamId)
      .where('org_path', 'like', `${orgPath}%`)
      .executeTakeFirst();
    if (!team) throw fieldError('teamId', 'challenge.team', '未找到本单位（或下级）的该志愿服务队');
  }
  const weights = checkMilestoneWeights(input.milestones.map((m) => m.weight));
  if (!weights.ok || input.milestones.length === 0)
    throw fieldError(
      'milestones',
      'project.milestone_weights',
      weights.ok ? '请提出实施节点，各节点权重之和为 100' : weights.message,
    );
}

/** bid: 揭榜, for one's own organization, inside the window, once per organization. */
export async function submitBid(db: Executor, ctx: RequestContext, id: number, input: BidInput) {
  const { project, challenge } = await challengeInScope(db, ctx, id);
  const org = (await bidderCandidates(db, ctx, project, challenge)).find((c) => c.id === input.orgId);
  if (!org)
    throw fieldError(
      'orgId',
      'challenge.bidder',
      '只能以本单位（联盟在册成员单位或发榜单位下级党组织）名义揭榜',
    );
  const state = bidWindowState(challenge.opens_on, challenge.closes_on, clock.today());
  if (challenge.awarded_bid_id !== null || state !== 'open')
    throw fieldError(
      'orgId',
      'challenge.window',
      state === 'not_open' ? `揭榜自 ${challenge.opens_on} 开始` : `揭榜已于 ${challenge.closes_on} 截止`,
    );
  await checkBidContent(db, org.path, input);
  const inserted = await db
    .insertInto('project_bids')
    .values({
      project_id: id,
      region_code: org.region_code,
      org_id: org.id,
      team_id: input.teamId ?? null,
      plan: input.plan,
      lead_name: input.leadName,
      milestones: JSON.stringify(input.milestones),
      score: null,
      created_by: ctx.actor.userId,
    })
    // a bid withdrawn inside the window may be submitted again: the same row comes back
    .onConflict((oc) =>
      oc
        .columns(['project_id', 'org_id'])
        .doUpdateSet({
          team_id: input.teamId ?? null,
          plan: input.plan,
          lead_name: input.leadName,
          milestones: JSON.stringify(input.milestones),
          score: null,
          status: 'submitted',
          withdraw_reason: '',
          withdrawn_at: null,
          updated_at: clock.now(),
        })
        .where('project_bids.status', '=', 'withdrawn'),
    )
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw fieldError('orgId', 'challenge.bid_exists', '该单位已经揭榜，不能重复提交');
  await audit(db, ctx, {
    action: 'challenge.bid',
    entityType: 'project_bid',
    entityId: inserted.id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { projectId: id, title: project.title, orgName: org.name, ...input },
  });
  return inserted.id;
}

/** The poster's review score of a bid (0–100), until the award. */
export async function scoreBid(
  db: Executor,
  ctx: RequestContext,
  id: number,
  bidId: number,
  input: { score: number },
) {
  const { project, challenge } = await challengeInScope(db, ctx, id);
  if (!canManageProject(ctx, project)) throw new AppError('forbidden');
  const bid = (await bidsOf(db, id)).find((b) => b.id === bidId);
  if (!bid) throw notFound(BID_NOT_FOUND);
  if (challenge.awarded_bid_id !== null)
    throw fieldError('score', 'challenge.awarded', '该榜单已经确定揭榜单位，不能再评分');
  if (bid.status === 'withdrawn')
    throw new AppError('challenge.bid_withdrawn', { detail: `${bid.org_name}已撤回揭榜方案，不能评分` });
  await db.updateTable('project_bids').set({ score: input.score }).where('id', '=', bidId).execute();
  await audit(db, ctx, {
    action: 'challenge.score',
    entityType: 'project_bid',
    entityId: bidId,
    orgPath: challenge.poster_path,
    regionCode: project.region_code,
    before: { score: bid.score },
    after: { score: input.score, orgName: bid.org_name },
  });
}

/**
 * award: 定榜. One bid wins after the window closed (a reason when it is not top-scored); the winner
 * becomes the project's lead organization and lead person, its milestones the project's; the other
 * bidders are told in-app.
 */
export async function awardBid(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { bidId: number; reason: string },
) {
  const { project } = await challengeInScope(db, ctx, id);
  if (!canManageProject(ctx, project)) throw new AppError('forbidden');
  const challenge = (await challengeRow(db, id, true))!;
  const all = await bidsOf(db, id);
  const withdrawn = all.find((b) => b.id === input.bidId && b.status === 'withdrawn');
  if (withdrawn && challenge.awarded_bid_id === null)
    throw new AppError('challenge.bid_withdrawn', {
      detail: `${withdrawn.org_name}已撤回揭榜方案，不能定榜`,
    });
  const bids = all.filter((b) => b.status !== 'withdrawn');
  const rule = checkAward({
    bids: bids.map((b) => ({ id: b.id, score: b.score })),
    chosenId: input.bidId,
    reason: input.reason,
    closesOn: challenge.closes_on,
    today: clock.today(),
    awarded: challenge.awarded_bid_id !== null,
  });
  if (!rule.ok) throw fieldError(rule.field, rule.code, rule.message);
  const win = bids.find((b) => b.id === input.bidId)!;
  const now = clock.now();
  await sql`update project_bids set status = case when id = ${win.id} then 'awarded' else 'not_awarded' end
    where project_id = ${id} and status <> 'withdrawn'`.execute(db);
  await db
    .updateTable('project_challenges')
    .set({
      awarded_bid_id: win.id,
      award_reason: input.reason,
      awarded_by: ctx.actor.userId,
      awarded_at: now,
    })
    .where('project_id', '=', id)
    .execute();
  const winOrg = await repo.findOrgInScope(db, win.org_id, ['/']);
  await db
    .updateTable('projects')
    .set({ org_id: win.org_id, region_code: winOrg!.region_code, lead_name: win.lead_name, updated_at: now })
    .where('id', '=', id)
    .execute();
  await repo.insertMilestones(db, id, winOrg!.region_code, win.milestones);
  await sql`
    insert into notifications (org_id, org_path, kind, title, body, dedupe_key)
    select o.id, o.path, 'challenge_award',
      case when b.id = ${win.id} then '【揭榜挂帅】中榜通知' else '【揭榜挂帅】定榜结果' end,
      case when b.id = ${win.id}
        then '您单位揭榜的“' || ${project.title}::text || '”已确定由您单位挂帅，请按节点推进。'
        else '“' || ${project.title}::text || '”已确定由' || ${win.org_name}::text || '挂帅，感谢您单位揭榜。' end,
      'challenge-award:' || ${id}::text || ':' || b.id
    from project_bids b join orgs o on o.id = b.org_id
    where b.project_id = ${id} and b.status <> 'withdrawn'
    on conflict (dedupe_key) do nothing`.execute(db);
  await audit(db, ctx, {
    action: 'challenge.award',
    entityType: 'project',
    entityId: id,
    orgPath: challenge.poster_path,
    regionCode: project.region_code,
    before: { orgId: project.org_id, leadName: project.lead_name },
    after: {
      bidId: win.id,
      orgId: win.org_id,
      orgName: win.org_name,
      leadName: win.lead_name,
      reason: input.reason,
      milestones: win.milestones,
    },
  });
}

/**
 * A bid its organization's staff may still change: theirs (else 404, or 403 for the poster who sees
 * it), not withdrawn, the window open and nothing awarded (else 409). Locks the challenge, as the
 * award does, so a change and the award do not cross.
 */
async function changeableBid(db: Executor, ctx: RequestContext, id: number, bidId: number) {
  const { project } = await challengeInScope(db, ctx, id);
  const challenge = (await challengeRow(db, id, true))!;
  const bid = (await bidsOf(db, id)).find((b) => b.id === bidId);
  const own = bid !== undefined && actsForBidder(ctx, bid.org_path);
  if (
    !bid ||
    (!own && !canManageProject(ctx, project) && !can(ctx.actor, 'project.read', challenge.poster_path))
  )
    throw notFound(BID_NOT_FOUND);
  if (!own) throw new AppError('forbidden', { detail: '只有揭榜单位可以修改或撤回本单位的方案' });
  if (bid.status === 'withdrawn')
    throw new AppError('challenge.bid_withdrawn', { detail: '该方案已经撤回；揭榜期限内可以重新揭榜' });
  if (challenge.awarded_bid_id !== null)
    throw new AppError('challenge.closed', { detail: '该榜单已经定榜，不能再修改或撤回方案' });
  const state = bidWindowState(challenge.opens_on, challenge.closes_on, clock.today());
  if (state !== 'open')
    throw new AppError('challenge.closed', {
      detail: `揭榜已于 ${challenge.closes_on} 截止，不能再修改或撤回方案`,
    });
  return { project, challenge, bid };
}

export type BidEditInput = Omit<BidInput, 'orgId'>;

/** Edits a bid (plan, lead person, milestones, team) inside the window; its score, if any, is cleared. */
export async function editBid(
  db: Executor,
  ctx: RequestContext,
  id: number,
  bidId: number,
  input: BidEditInput,
) {
  const { project, challenge, bid } = await changeableBid(db, ctx, id, bidId);
  await checkBidContent(db, bid.org_path, input);
  await db
    .updateTable('project_bids')
    .set({
      team_id: input.teamId ?? null,
      plan: input.plan,
      lead_name: input.leadName,
      milestones: JSON.stringify(input.milestones),
      score: null,
      updated_at: clock.now(),
    })
    .where('id', '=', bidId)
    .execute();
  await audit(db, ctx, {
    action: 'challenge.bid_edit',
    entityType: 'project_bid',
    entityId: bidId,
    orgPath: bid.org_path,
    regionCode: project.region_code,
    before: {
      teamId: bid.team_id,
      plan: bid.plan,
      leadName: bid.lead_name,
      milestones: bid.milestones,
      score: bid.score,
    },
    after: { projectId: id, title: project.title, posterOrgName: challenge.poster_name, ...input },
  });
}

/** Withdraws a bid with a reason inside the window; it stays, 已撤回, out of scoring and the award. */
export async function withdrawBid(
  db: Executor,
  ctx: RequestContext,
  id: number,
  bidId: number,
  input: { reason: string },
) {
  const { project, bid } = await changeableBid(db, ctx, id, bidId);
  await db
    .updateTable('project_bids')
    .set({ status: 'withdrawn', withdraw_reason: input.reason, withdrawn_at: clock.now(), score: null })
    .where('id', '=', bidId)
    .execute();
  await audit(db, ctx, {
    action: 'challenge.bid_withdraw',
    entityType: 'project_bid',
    entityId: bidId,
    orgPath: bid.org_path,
    regionCode: project.region_code,
    before: { status: bid.status, score: bid.score },
    after: { projectId: id, title: project.title, orgName: bid.org_name, reason: input.reason },
  });
}
