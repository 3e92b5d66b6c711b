import {
  chooseByRanking,
  rankNominees,
  SELECTION_METHODS,
  SELECTION_PHASES,
  type SelectionMethod,
  selectionPhase,
} from '@honglian/domain';
import { sql } from 'kysely';
import { can, scopePaths, underAny } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { visibleSql } from '../alliances/repository.ts';
import { allianceVisibility } from '../alliances/service.ts';
import { officeFor, personOfAlliance, runsForAlliance } from '../alliances/teams.ts';
import * as points from '../points/repository.ts';
import { joinerFacts, treeOf } from './repository.ts';

/**
 * 评选表彰 (issue 14 item 7): 最美小哥, 红领工匠, 党员示范岗. An organization's `activity.manage` holders
 * open a selection, nominate people of their city with their deeds, and decide; people of the city vote
 * in the window (公众投票), or the organization's judges score (评审打分). The decision follows the
 * ranking (`packages/domain/src/activities/honours.ts`); departing from it, or choosing among nominees
 * tied across the last place, needs a stated reason. Each honour goes on the person's record (their
 * 志愿服务记录 and a member's 民主评议 material) and grants the selection's points through the ledger.
 * A selection may belong to an alliance (党员示范岗、红领工匠 of a chain; decision 0019, addendum): its
 * office opens and decides it with `alliance.manage`, nominees come from the alliance's member
 * organizations, and whoever sees the alliance sees it.
 */

const NOT_FOUND = '未找到该评选';

interface SelectionRow {
  id: number;
  region_code: string;
  org_id: number;
  org_path: string;
  org_name: string;
  alliance_id: number | null;
  title: string;
  honour: string;
  method: SelectionMethod;
  description: string;
  voting_from: string;
  voting_to: string;
  quota: number;
  votes_per_voter: number;
  points: number;
  status: 'open' | 'decided' | 'cancelled';
  decision_note: string | null;
  nominees: number;
}

const SELECT = sql`
  select s.id, s.region_code::text as region_code, s.org_id, s.org_path, o.name as org_name, s.alliance_id, s.title,
    s.honour, s.method, s.description, s.voting_from::text as voting_from, s.voting_to::text as voting_to,
    s.quota, s.votes_per_voter, s.points, s.status, s.decision_note,
    (select count(*)::int from selection_nominees n where n.selection_id = s.id and n.status <> 'withdrawn') as nominees
  from selections s join orgs o on o.id = s.org_id`;

/**
 * Who sees a selection: the people of its city (they vote), whoever manages its organization, and for an
 * alliance's selection whoever sees the alliance.
 */
async function visibility(db: Executor, ctx: RequestContext) {
  const facts = await joinerFacts(db, ctx.actor);
  const v = allianceVisibility(ctx);
  const visible = sql<boolean>`(${underAny('s.org_path', facts.trees)} or ${underAny('s.org_path', scopePaths(ctx.actor, 'activity.manage'))}
    or (s.alliance_id is not null and exists (select 1 from alliances a join orgs o on o.id = a.org_id
      where a.id = s.alliance_id and ${visibleSql(v)})))`;
  return { trees: facts.trees, visible };
}

/** Who runs a selection: `activity.manage` over its organization, or for an alliance's its office. */
const runs = (ctx: RequestContext, s: SelectionRow) =>
  can(ctx.actor, 'activity.manage', s.org_path) || runsForAlliance(ctx, s);

function toItem(ctx: RequestContext, s: SelectionRow, today: string) {
  const phase = selectionPhase({ votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status }, today);
  return {
    id: s.id,
    orgId: s.org_id,
    orgName: s.org_name,
    allianceId: s.alliance_id,
    title: s.title,
    honour: s.honour,
    method: s.method,
    methodLabel: SELECTION_METHODS[s.method],
    description: s.description,
    votingFrom: s.voting_from,
    votingTo: s.voting_to,
    quota: s.quota,
    votesPerVoter: s.votes_per_voter,
    points: s.points,
    phase,
    phaseLabel: SELECTION_PHASES[phase],
    nominees: s.nominees,
    decisionNote: s.decision_note,
    canManage: runs(ctx, s),
  };
}

export async function listSelections(db: Executor, ctx: RequestContext) {
  const v = await visibility(db, ctx);
  const { rows } = await sql<SelectionRow>`${SELECT}
    where ${v.visible}
    order by s.voting_to desc, s.id desc limit 200`.execute(db);
  const today = clock.today();
  return { items: rows.map((s) => toItem(ctx, s, today)), total: rows.length };
}

async function selectionInScope(db: Executor, ctx: RequestContext, id: number, lock = false) {
  const v = await visibility(db, ctx);
  const { rows } = await sql<SelectionRow>`${SELECT}
    where s.id = ${id} and ${v.visible}
    ${lock ? sql`for update of s` : sql``}`.execute(db);
  if (!rows[0]) throw notFound(NOT_FOUND);
  return rows[0];
}

function assertManage(ctx: RequestContext, s: SelectionRow) {
  if (!runs(ctx, s)) throw new AppError('forbidden');
}

async function tally(db: Executor, selectionId: number) {
  const { rows } = await sql<{
    id: number;
    user_id: number;
    name: string;
    deeds: string;
    status: string;
    votes: number;
    scores: number[] | null;
  }>`
    select n.id, n.user_id, n.name, n.deeds, n.status,
      (select count(*)::int from selection_votes v where v.nominee_id = n.id) as votes,
      (select array_agg(sc.score order by sc.judge_id) from selection_scores sc where sc.nominee_id = n.id) as scores
    from selection_nominees n where n.selection_id = ${selectionId} and n.status <> 'withdrawn'
    order by n.id`.execute(db);
  return rows;
}

function byRanking(
  choice: { chosen: number[]; tied: number[] },
  id: number,
): 'chosen' | 'tied' | 'not_chosen' {
  if (choice.chosen.includes(id)) return 'chosen';
  return choice.tied.includes(id) ? 'tied' : 'not_chosen';
}

export async function getSelection(db: Executor, ctx: RequestContext, id: number) {
  const s = await selectionInScope(db, ctx, id);
  const [nominees, mine, myScores] = await Promise.all([
    tally(db, id),
    sql<{ nominee_id: number }>`
      select nominee_id from selection_votes where selection_id = ${id} and voter_id = ${ctx.actor.userId}`.execute(
      db,
    ),
    sql<{ nominee_id: number; score: number }>`
      select sc.nominee_id, sc.score from selection_scores sc join selection_nominees n on n.id = sc.nominee_id
      where n.selection_id = ${id} and sc.judge_id = ${ctx.actor.userId}`.execute(db),
  ]);
  const ranked = rankNominees(
    nominees.map((n) => ({ id: n.id, votes: n.votes, scores: n.scores ?? [] })),
    s.method,
  );
  const byId = new Map(nominees.map((n) => [n.id, n]));
  const voted = new Set(mine.rows.map((r) => r.nominee_id));
  const scored = new Map(myScores.rows.map((r) => [r.nominee_id, r.score]));
  const choice = chooseByRanking(ranked, s.quota);
  const item = toItem(ctx, s, clock.today());
  return {
    ...item,
    myVotes: voted.size,
    nomineeList: ranked.map((r) => {
      const n = byId.get(r.id)!;
      return {
        id: n.id,
        userId: n.user_id,
        name: n.name,
        deeds: n.deeds,
        status: n.status,
        votes: n.votes,
        judges: (n.scores ?? []).length,
        result: r.result,
        rank: r.rank,
        votedByMe: voted.has(n.id),
        myScore: scored.get(n.id) ?? null,
        byRanking: byRanking(choice, n.id),
      };
    }),
    tiedOpenPlaces: choice.open,
  };
}

export interface SelectionInput {
  orgId?: number | undefined;
  allianceId?: number | undefined;
  title: string;
  honour: string;
  method: SelectionMethod;
  description?: string | undefined;
  votingFrom: string;
  votingTo: string;
  quota: number;
  votesPerVoter?: number | undefined;
  points?: number | undefined;
}

export async function createSelection(db: Executor, ctx: RequestContext, input: SelectionInput) {
  let org: { id: number; path: string; region_code: string } | undefined;
  if (input.allianceId !== undefined) {
    const office = await officeFor(db, ctx, input.allianceId, input.orgId);
    org = { id: office.id, path: office.path, region_code: office.regionCode };
  } else {
    if (input.orgId === undefined) throw fieldError('orgId', 'org.required', '请选择发起评选的党组织');
    org = await db
      .selectFrom('orgs')
      .select(['id', 'path', 'region_code'])
      .where('id', '=', input.orgId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!org || !can(ctx.actor, 'activity.manage', org.path))
      throw fieldError('orgId', 'org.not_found', '未找到该党组织，或您无权在此组织发起评选');
  }
  const today = clock.today();
  if (input.votingFrom <= today)
    throw fieldError(
      'votingFrom',
      'selection.voting_from',
      '投票（评审）开始日期须晚于今天，之前为推荐提名期',
    );
  if (input.votingTo < input.votingFrom)
    throw fieldError('votingTo', 'selection.voting_to', '投票（评审）截止日期不能早于开始日期');
  const { rows } = await sql<{ id: number }>`
    insert into selections (region_code, org_id, org_path, alliance_id, title, honour, method, description,
      voting_from, voting_to, quota, votes_per_voter, points, created_by, created_at)
    values (${org.region_code}, ${org.id}, ${org.path}, ${input.allianceId ?? null}, ${input.title}, ${input.honour}, ${input.method},
      ${input.description ?? ''}, ${input.votingFrom}::date, ${input.votingTo}::date, ${input.quota},
      ${input.votesPerVoter ?? 1}, ${input.points ?? 0}, ${ctx.actor.userId}, ${clock.now()})
    returning id`.execute(db);
  const id = rows[0]!.id;
  await audit(db, ctx, {
    action: 'selection.create',
    entityType: 'selection',
    entityId: id,
    orgPath: org.path,
    regionCode: org.region_code,
    after: { ...input },
  });
  return id;
}

export async function nominate(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { userId: number; deeds: string },
) {
  const s = await selectionInScope(db, ctx, id, true);
  assertManage(ctx, s);
  const phase = selectionPhase(
    { votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status },
    clock.today(),
  );
  if (phase !== 'nominating')
    throw new AppError('selection.phase', { detail: `推荐提名已截止（${SELECTION_PHASES[phase]}）` });
  // a person of the selection's city: signed up with an organization in its tree
  const person = await db
    .selectFrom('users as u')
    .leftJoin('orgs as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.display_name', 'o.path'])
    .where('u.id', '=', input.userId)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (s.alliance_id !== null) {
    if (!person || !(await personOfAlliance(db, s.alliance_id, person.id, clock.today())))
      throw fieldError('userId', 'selection.nominee', '被推荐人须是本联盟成员单位的注册用户');
  } else if (!person?.path?.startsWith(treeOf(s.org_path)))
    throw fieldError('userId', 'selection.nominee', '被推荐人须是本市的注册用户');
  const { rows } = await sql<{ id: number }>`
    insert into selection_nominees (selection_id, user_id, name, deeds, nominated_by, nominated_at)
    values (${id}, ${person.id}, ${person.display_name}, ${input.deeds}, ${ctx.actor.userId}, ${clock.now()})
    on conflict (selection_id, user_id) do update set deeds = excluded.deeds, status = 'nominated',
      nominated_by = excluded.nominated_by, nominated_at = excluded.nominated_at, withdraw_reason = '', withdrawn_at = null
      where selection_nominees.status = 'withdrawn'
    returning id`.execute(db);
  if (!rows[0]) throw fieldError('userId', 'selection.nominee_twice', `${person.display_name}已在推荐名单中`);
  await audit(db, ctx, {
    action: 'selection.nominate',
    entityType: 'selection',
    entityId: id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    after: { nomineeId: rows[0].id, userId: person.id, deeds: input.deeds },
  });
  return rows[0].id;
}

async function nomineeOf(db: Executor, selectionId: number, nomineeId: number) {
  const { rows } = await sql<{ id: number; user_id: number; name: string }>`
    select id, user_id, name from selection_nominees
    where id = ${nomineeId} and selection_id = ${selectionId} and status <> 'withdrawn'`.execute(db);
  const row = rows[0];
  if (!row) throw fieldError('nomineeId', 'selection.nominee_not_found', '未找到该候选人');
  return row;
}

/**
 * A vote of a person of the city for a nominee, in the window, at most `votes_per_voter` nominees and
 * each once. The selection's row is locked, so two votes sent at once cannot both pass the count.
 */
export async function vote(db: Executor, ctx: RequestContext, id: number, nomineeId: number) {
  const s = await selectionInScope(db, ctx, id, true);
  if (s.method !== 'vote') throw new AppError('selection.phase', { detail: '该评选由评审打分，不接受投票' });
  const phase = selectionPhase(
    { votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status },
    clock.today(),
  );
  if (phase !== 'voting')
    throw new AppError('selection.phase', {
      detail: `不在投票时间内（${s.voting_from} 至 ${s.voting_to}）`,
    });
  const facts = await joinerFacts(db, ctx.actor);
  if (!facts.trees.some((t) => s.org_path.startsWith(t)))
    throw new AppError('selection.not_voter', { detail: '本评选只面向本市的注册用户投票' });
  await nomineeOf(db, id, nomineeId);
  const { rows } = await sql<{ n: number; again: boolean }>`
    select count(*)::int as n, bool_or(nominee_id = ${nomineeId}) as again
    from selection_votes where selection_id = ${id} and voter_id = ${ctx.actor.userId}`.execute(db);
  if (rows[0]?.again) throw new AppError('selection.voted', { detail: '您已为该候选人投过票' });
  if ((rows[0]?.n ?? 0) >= s.votes_per_voter)
    throw new AppError('selection.voted', { detail: `每人最多投 ${s.votes_per_voter} 票，您的票已投完` });
  await sql`insert into selection_votes (selection_id, nominee_id, voter_id, voted_at)
    values (${id}, ${nomineeId}, ${ctx.actor.userId}, ${clock.now()})`.execute(db);
  await audit(db, ctx, {
    action: 'selection.vote',
    entityType: 'selection',
    entityId: id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    after: { nomineeId },
  });
}

/** A judge's score (评审打分): the organization's `activity.manage` holders, from the window's start. */
export async function score(db: Executor, ctx: RequestContext, id: number, nomineeId: number, value: number) {
  const s = await selectionInScope(db, ctx, id, true);
  assertManage(ctx, s);
  if (s.method !== 'review') throw new AppError('selection.phase', { detail: '该评选由公众投票，不评分' });
  const phase = selectionPhase(
    { votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status },
    clock.today(),
  );
  if (phase !== 'voting' && phase !== 'counting')
    throw new AppError('selection.phase', { detail: `当前不能评分（${SELECTION_PHASES[phase]}）` });
  await nomineeOf(db, id, nomineeId);
  await sql`insert into selection_scores (nominee_id, judge_id, score, scored_at)
    values (${nomineeId}, ${ctx.actor.userId}, ${value}, ${clock.now()})
    on conflict (nominee_id, judge_id) do update set score = excluded.score, scored_at = excluded.scored_at`.execute(
    db,
  );
  await audit(db, ctx, {
    action: 'selection.score',
    entityType: 'selection',
    entityId: id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    after: { nomineeId, score: value },
  });
}

/**
 * The decision, after the window: the ranking's choice, or `honouredIds` with a `note` when they depart
 * from it (a tie across the last place always needs the pick). Honours go on the people's records and
 * grant the selection's points, once per honour, in the same transaction.
 */
export async function decide(
  db: Executor,
  ctx: RequestContext,
  id: number,
  input: { honouredIds?: number[] | undefined; note?: string | undefined },
) {
  const s = await selectionInScope(db, ctx, id, true);
  assertManage(ctx, s);
  const today = clock.today();
  const phase = selectionPhase({ votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status }, today);
  if (phase !== 'counting')
    throw new AppError('selection.phase', {
      detail: `${SELECTION_PHASES[phase]}：投票（评审）截止后才能决定`,
    });
  const nominees = await tally(db, id);
  const choice = chooseByRanking(
    rankNominees(
      nominees.map((n) => ({ id: n.id, votes: n.votes, scores: n.scores ?? [] })),
      s.method,
    ),
    s.quota,
  );
  const known = new Set(nominees.map((n) => n.id));
  let honoured = choice.chosen;
  if (input.honouredIds) {
    const picked = [...new Set(input.honouredIds)];
    if (picked.some((n) => !known.has(n)))
      throw fieldError('honouredIds', 'selection.nominee_not_found', '所选人员不在候选名单中');
    if (picked.length > s.quota) throw fieldError('honouredIds', 'selection.quota', `最多表彰 ${s.quota} 人`);
    const resolvesTie =
      choice.chosen.every((n) => picked.includes(n)) &&
      picked.filter((n) => choice.tied.includes(n)).length === choice.open &&
      picked.length === choice.chosen.length + choice.open;
    const sameAsRanking =
      picked.length === choice.chosen.length && choice.chosen.every((n) => picked.includes(n));
    if (!sameAsRanking && !resolvesTie && !input.note)
      throw fieldError('note', 'selection.note', '表彰名单与排名结果不同，须说明理由');
    honoured = picked;
  } else if (choice.tied.length > 0) {
    const names = nominees
      .filter((n) => choice.tied.includes(n.id))
      .map((n) => n.name)
      .join('、');
    throw fieldError('honouredIds', 'selection.tied', `${names}并列，剩余 ${choice.open} 个名额须从中选定`);
  }
  const byId = new Map(nominees.map((n) => [n.id, n]));
  const now = clock.now();
  await sql`update selection_nominees set status = case when id = any(${honoured}::bigint[]) then 'honoured' else 'not_chosen' end
    where selection_id = ${id} and status <> 'withdrawn'`.execute(db);
  await sql`update selections set status = 'decided', decided_at = ${now}, decided_by = ${ctx.actor.userId},
    decision_note = ${input.note ?? null} where id = ${id}`.execute(db);
  for (const nomineeId of honoured) {
    const n = byId.get(nomineeId)!;
    const { rows } = await sql<{ id: number }>`
      insert into honours (region_code, user_id, title, org_id, org_path, selection_id, awarded_on, created_at)
      values (${s.region_code}, ${n.user_id}, ${s.honour}, ${s.org_id}, ${s.org_path}, ${id}, ${today}::date, ${now})
      returning id`.execute(db);
    if (s.points > 0)
      await points.grant(db, {
        user: { id: n.user_id, displayName: n.name },
        points: s.points,
        regionCode: s.region_code,
        reason: `荣获「${s.honour}」（${s.title}）`,
        sourceKind: 'honour',
        sourceId: rows[0]!.id,
        at: now,
      });
  }
  await audit(db, ctx, {
    action: 'selection.decide',
    entityType: 'selection',
    entityId: id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    after: { honoured, byRanking: choice.chosen, tied: choice.tied, note: input.note ?? null },
  });
  return { honoured: honoured.length };
}

/**
 * Withdraws a nominee before the decision, with a reason (audited): they leave the list, their votes
 * and scores no longer count; in the nominating period they may be nominated again.
 */
export async function withdrawNominee(
  db: Executor,
  ctx: RequestContext,
  id: number,
  nomineeId: number,
  input: { reason: string },
) {
  const s = await selectionInScope(db, ctx, id, true);
  assertManage(ctx, s);
  const { rows } = await sql<{ id: number; user_id: number; name: string }>`
    select id, user_id, name from selection_nominees
    where id = ${nomineeId} and selection_id = ${id} and status <> 'withdrawn'`.execute(db);
  const row = rows[0];
  if (!row) throw notFound('未找到该候选人，或已经撤回');
  const phase = selectionPhase(
    { votingFrom: s.voting_from, votingTo: s.voting_to, status: s.status },
    clock.today(),
  );
  if (phase === 'decided' || phase === 'cancelled')
    throw new AppError('selection.phase', { detail: `评选${SELECTION_PHASES[phase]}，不能再撤回候选人` });
  await sql`update selection_nominees set status = 'withdrawn', withdraw_reason = ${input.reason},
    withdrawn_at = ${clock.now()} where id = ${nomineeId}`.execute(db);
  await audit(db, ctx, {
    action: 'selection.nominee_withdraw',
    entityType: 'selection',
    entityId: id,
    orgPath: s.org_path,
    regionCode: s.region_code,
    before: { nomineeId, userId: row.user_id, name: row.name, status: 'nominated' },
    after: { status: 'withdrawn', reason: input.reason },
  });
}

/** A person's honours, newest first (their 志愿服务记录, a member's 民主评议 material). */
export async function honoursOf(db: Executor, userId: number) {
  const { rows } = await sql<{ id: number; title: string; org_name: string; awarded_on: string }>`
    select h.id, h.title, o.name as org_name, h.awarded_on::text as awarded_on
    from honours h join orgs o on o.id = h.org_id
    where h.user_id = ${userId} order by h.awarded_on desc, h.id desc`.execute(db);
  return rows.map((h) => ({ id: h.id, title: h.title, orgName: h.org_name, awardedOn: h.awarded_on }));
}
