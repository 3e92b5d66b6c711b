import { addDays } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 揭榜挂帅 on the project engine (issue 12 item 6; docs/decisions/0028): the demo chain's awarded
 * challenge; posting with its field errors; bidding inside the window for one's own organization;
 * scoring and the award (a reason when not top-scored) making the winner the project's lead with its
 * milestones; who sees and does what, inside and outside the alliance.
 */
let t: TestApp;
let chain: Session;
let leader: Session;
let member: Session;
let admin: Session;
let district: Session;
let jintong: number;
let leaderOrg: number;
let memberOrg: number;
const today = clock.today();
const tomorrow = addDays(today, 1);
const onDay = <T>(day: string, work: () => Promise<T>) => clock.at(new Date(`${day}T10:00:00+08:00`), work);

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });
const send = (s: Session, method: 'POST' | 'PUT', url: string, payload: unknown) =>
  t.as(s, { method, url, payload: payload as never });

const plan = (first: number) => [
  { title: '方案论证', plannedOn: addDays(today, first), weight: 40 },
  { title: '建成投用', plannedOn: addDays(today, first + 30), weight: 60 },
];

beforeAll(async () => {
  t = await createTestApp();
  [chain, leader, member, admin, district] = (await Promise.all(
    ['chain', 'chain-leader', 'chain-member', 'admin', 'district'].map((u) => t.login(u)),
  )) as Session[] as [Session, Session, Session, Session, Session];
  jintong = (await get(chain, '/api/v1/alliances')).json().items[0].id;
  const me = async (s: Session) =>
    (await get(s, `/api/v1/alliances/${jintong}`)).json().myOrgIds[0] as number;
  [leaderOrg, memberOrg] = [await me(leader), await me(member)];
});
afterAll(() => t.close());

describe('the demo challenge', () => {
  it('is awarded to the 链主, whose milestones the project follows', async () => {
    const list = (await get(chain, `/api/v1/challenges?allianceId=${jintong}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      kind: 'challenge',
      allianceId: jintong,
      challenge: { state: 'awarded' },
    });
    const c = (await get(chain, `/api/v1/challenges/${list.items[0].id}`)).json();
    expect(c.bids).toHaveLength(2);
    const win = c.bids.find((b: { id: number }) => b.id === c.awardedBidId);
    expect(win).toMatchObject({ orgId: leaderOrg, status: 'awarded', leadName: '林志远' });
    expect(c).toMatchObject({ orgId: leaderOrg, leadName: '林志远', progress: 30, plannedProgress: 30 });
    expect(c.milestones.map((m: { title: string }) => m.title)).toEqual(
      win.milestones.map((m: { title: string }) => m.title),
    );
    // the joint projects of the alliance list it, through the one project engine
    const projects = (await get(chain, `/api/v1/projects?allianceId=${jintong}`)).json();
    expect(projects.items.map((p: { id: number }) => p.id)).toContain(c.id);
  });

  it('a bidder sees its own bid only; outside the alliance it is as missing', async () => {
    const id = (await get(chain, `/api/v1/challenges?allianceId=${jintong}`)).json().items[0].id;
    const mine = (await get(member, `/api/v1/challenges/${id}`)).json();
    expect(mine.bidCount).toBe(2);
    expect(mine.bids.map((b: { orgId: number }) => b.orgId)).toEqual([memberOrg]);
    expect(mine.bids[0].status).toBe('not_awarded');
    expect((await get(admin, `/api/v1/challenges/${id}`)).json().bids).toHaveLength(2);
    expect((await get(district, `/api/v1/challenges/${id}`)).statusCode).toBe(404);
    expect((await get(district, `/api/v1/projects/${id}`)).statusCode).toBe(404);
    expect(
      (await get(district, '/api/v1/challenges')).json().items.map((p: { id: number }) => p.id),
    ).not.toContain(id);
    expect((await get(district, `/api/v1/challenges?allianceId=${jintong}`)).statusCode).toBe(400);
  });
});

describe('posting a challenge', () => {
  it('names the field that is wrong', async () => {
    const base = { allianceId: jintong, title: '物流降本攻关', closesOn: today };
    const past = await send(chain, 'POST', '/api/v1/challenges', { ...base, closesOn: addDays(today, -1) });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('closesOn');
    const reversed = await send(chain, 'POST', '/api/v1/challenges', {
      ...base,
      opensOn: addDays(today, 5),
      closesOn: addDays(today, 2),
    });
    expect(reversed.json().errors[0].field).toBe('closesOn');
    const nobody = await send(chain, 'POST', '/api/v1/challenges', { title: 'x', closesOn: today });
    expect(nobody.json().errors[0].field).toBe('orgId');
    const untitled = await send(chain, 'POST', '/api/v1/challenges', { ...base, title: '' });
    expect(untitled.json().errors[0].field).toBe('title');
    const badDate = await send(chain, 'POST', '/api/v1/challenges', { ...base, closesOn: '2026-02-30' });
    expect(badDate.json().errors[0].field).toBe('closesOn');
  });

  it('only the office (or the department above) posts for an alliance', async () => {
    const body = { allianceId: jintong, title: '人才共享攻关', closesOn: today };
    expect((await send(member, 'POST', '/api/v1/challenges', body)).statusCode).toBe(403);
    expect((await send(leader, 'POST', '/api/v1/challenges', body)).statusCode).toBe(403);
    const outside = await send(district, 'POST', '/api/v1/challenges', body);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('allianceId');
    expect((await send(admin, 'POST', '/api/v1/challenges', body)).statusCode).toBe(201);
  });

  it('an organization posts its own; the alliance office cannot see it', async () => {
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const res = await send(district, 'POST', '/api/v1/challenges', {
      orgId: huli,
      title: '老旧小区加装电梯协调攻关',
      conditions: '社区党组织或物业党支部',
      closesOn: addDays(today, 10),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ allianceId: null, posterOrgId: huli, bids: [], canAward: false });
    expect(res.json().canBidFor.length).toBeGreaterThan(0);
    expect((await get(chain, `/api/v1/challenges/${res.json().id}`)).statusCode).toBe(404);
    expect((await get(admin, `/api/v1/challenges/${res.json().id}`)).statusCode).toBe(200);
  });
});

describe('bidding and the award', () => {
  it('runs the window by date, one bid per organization for itself, then awards one', async () => {
    const posted = await send(chain, 'POST', '/api/v1/challenges', {
      allianceId: jintong,
      title: '铜材外运物流降本攻关',
      reward: '纳入年度评比',
      closesOn: today,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const id = posted.json().id;
    expect(posted.json().challenge).toMatchObject({ state: 'open', closesOn: today });
    const bid = (s: Session, body: object) =>
      send(s, 'POST', `/api/v1/challenges/${id}/bids`, {
        plan: '方案',
        leadName: '张三',
        milestones: plan(10),
        ...body,
      });
    // for one's own organization only
    const forOther = await bid(member, { orgId: leaderOrg });
    expect(forOther.statusCode).toBe(400);
    expect(forOther.json().errors[0].field).toBe('orgId');
    const weights = await bid(member, { orgId: memberOrg, milestones: [{ ...plan(10)[0], weight: 90 }] });
    expect(weights.json().errors[0].field).toBe('milestones');
    const noPlan = await bid(member, { orgId: memberOrg, plan: '' });
    expect(noPlan.json().errors[0].field).toBe('plan');
    expect((await bid(district, { orgId: memberOrg })).statusCode).toBe(404);
    // a volunteer team bids under its organization; another organization's team is refused
    const team = await send(leader, 'POST', '/api/v1/volunteer-teams', {
      orgId: leaderOrg,
      name: '紫云金铜党员突击队',
      kind: 'party_members',
    });
    expect(team.statusCode, team.body).toBe(201);
    const leaderPath = (
      await t.database.db
        .selectFrom('orgs')
        .select('path')
        .where('id', '=', leaderOrg)
        .executeTakeFirstOrThrow()
    ).path;
    const otherTeam = await t.database.db
      .selectFrom('volunteer_teams')
      .select(['id', 'org_path'])
      .where('org_path', 'not like', `${leaderPath}%`)
      .executeTakeFirstOrThrow();
    const wrong = await bid(leader, { orgId: leaderOrg, teamId: otherTeam.id });
    expect(wrong.statusCode, `${otherTeam.org_path} ${leaderPath}`).toBe(400);
    expect(wrong.json().errors[0].field).toBe('teamId');
    const first = await bid(leader, { orgId: leaderOrg, leadName: '王强', teamId: team.json().id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().bids[0]).toMatchObject({ teamId: team.json().id, teamName: '紫云金铜党员突击队' });
    expect((await bid(leader, { orgId: leaderOrg })).json().errors[0].field).toBe('orgId');
    const second = await bid(member, { orgId: memberOrg, milestones: plan(20) });
    expect(second.statusCode).toBe(201);
    const c = (await get(chain, `/api/v1/challenges/${id}`)).json();
    const [a, b] = c.bids;
    expect(c.canAward).toBe(false);
    // not while the window is open (the deadline day counts)
    const early = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, { bidId: a.id });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('bidId');
    // scores by the poster only
    expect(
      (await send(member, 'PUT', `/api/v1/challenges/${id}/bids/${a.id}/score`, { score: 99 })).statusCode,
    ).toBe(403);
    const bad = await send(chain, 'PUT', `/api/v1/challenges/${id}/bids/${a.id}/score`, { score: 101 });
    expect(bad.json().errors[0].field).toBe('score');
    await send(chain, 'PUT', `/api/v1/challenges/${id}/bids/${a.id}/score`, { score: 70 });
    await send(chain, 'PUT', `/api/v1/challenges/${id}/bids/${b.id}/score`, { score: 90 });

    await onDay(tomorrow, async () => {
      expect((await bid(member, { orgId: memberOrg })).json().errors[0].field).toBe('orgId');
      expect((await get(member, `/api/v1/challenges/${id}`)).json().canBidFor).toEqual([]);
      const noReason = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, { bidId: a.id });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().errors[0].field).toBe('reason');
      expect((await send(member, 'POST', `/api/v1/challenges/${id}/award`, { bidId: b.id })).statusCode).toBe(
        403,
      );
      const awarded = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, {
        bidId: a.id,
        reason: '链主单位有铁路专用线，实施条件更好',
      });
      expect(awarded.statusCode, awarded.body).toBe(200);
      expect(awarded.json()).toMatchObject({
        orgId: leaderOrg,
        leadName: '王强',
        awardedBidId: a.id,
        challenge: { state: 'awarded' },
        progress: 0,
      });
      expect(
        awarded.json().milestones.map((m: { title: string; weight: number }) => [m.title, m.weight]),
      ).toEqual([
        ['方案论证', 40],
        ['建成投用', 60],
      ]);
      expect(awarded.json().bids.map((x: { status: string }) => x.status)).toEqual([
        'awarded',
        'not_awarded',
      ]);
      const again = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, {
        bidId: b.id,
        reason: '改',
      });
      expect(again.json().errors[0].field).toBe('bidId');
    });
    // both bidders are told
    const told = await t.database.db
      .selectFrom('notifications')
      .select(['org_id', 'title'])
      .where('dedupe_key', 'like', `challenge-award:${id}:%`)
      .execute();
    expect(told.map((n) => n.org_id).sort()).toEqual([leaderOrg, memberOrg].sort());
    // progress is followed through the project's milestones: the winner records them, others may not
    const detail = (await get(leader, `/api/v1/projects/${id}`)).json();
    expect(detail.canManage).toBe(true);
    const m = detail.milestones[0].id;
    const complete = (s: Session) =>
      send(s, 'POST', `/api/v1/projects/${id}/milestones/${m}/complete`, {
        completedOn: today,
        evidence: '论证意见',
      });
    expect((await complete(member)).statusCode).toBe(403);
    const done = await complete(leader);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().progress).toBe(40);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'project')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['challenge.post', 'challenge.award']);
  });

  it('a window not yet open takes no bid', async () => {
    const posted = await send(chain, 'POST', '/api/v1/challenges', {
      allianceId: jintong,
      title: '园区党群服务中心共建',
      opensOn: tomorrow,
      closesOn: addDays(today, 30),
    });
    const id = posted.json().id;
    expect(posted.json().challenge.state).toBe('not_open');
    const res = await send(member, 'POST', `/api/v1/challenges/${id}/bids`, {
      orgId: memberOrg,
      plan: '方案',
      leadName: '李四',
      milestones: plan(10),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('orgId');
  });
});

describe('editing and withdrawing a bid', () => {
  it('the bidder edits and withdraws inside the window; a withdrawn bid is not scored or awarded; after it, 409', async () => {
    const posted = await send(chain, 'POST', '/api/v1/challenges', {
      allianceId: jintong,
      title: '铜箔废料循环利用攻关',
      closesOn: today,
    });
    const id = posted.json().id;
    const bid = (s: Session, orgId: number) =>
      send(s, 'POST', `/api/v1/challenges/${id}/bids`, {
        orgId,
        plan: '初版方案',
        leadName: '张三',
        milestones: plan(10),
      });
    const mine = (await bid(member, memberOrg)).json().bids[0];
    const theirs = (await bid(leader, leaderOrg)).json().bids[0];
    expect(mine).toMatchObject({ orgId: memberOrg, canChange: true, status: 'submitted' });
    const edit = (s: Session, bidId: number, body: object) =>
      send(s, 'PUT', `/api/v1/challenges/${id}/bids/${bidId}`, {
        plan: '修改后的方案',
        leadName: '李四',
        milestones: plan(15),
        ...body,
      });
    const withdraw = (s: Session, bidId: number, body: object) =>
      send(s, 'POST', `/api/v1/challenges/${id}/bids/${bidId}/withdraw`, body);
    // field errors
    expect((await edit(member, mine.id, { plan: '' })).json().errors[0].field).toBe('plan');
    const weights = await edit(member, mine.id, { milestones: [{ ...plan(10)[0], weight: 30 }] });
    expect(weights.json().errors[0].field).toBe('milestones');
    expect((await withdraw(member, mine.id, { reason: '' })).json().errors[0].field).toBe('reason');
    // another organization's staff: its bid is as missing, as outside the alliance
    expect((await edit(member, theirs.id, {})).statusCode).toBe(404);
    expect((await withdraw(member, theirs.id, { reason: '代撤' })).statusCode).toBe(404);
    expect((await withdraw(district, mine.id, { reason: '代撤' })).statusCode).toBe(404);
    // the poster's score is cleared by an edit (the plan it scored is gone)
    await send(chain, 'PUT', `/api/v1/challenges/${id}/bids/${mine.id}/score`, { score: 60 });
    const edited = await edit(member, mine.id, {});
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().bids[0]).toMatchObject({
      plan: '修改后的方案',
      leadName: '李四',
      score: null,
      canChange: true,
    });
    expect(edited.json().bids[0].updatedAt).not.toBeNull();
    const withdrawn = await withdraw(member, mine.id, { reason: '本单位产能调整，无法按期实施' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().bids[0]).toMatchObject({
      status: 'withdrawn',
      statusLabel: '已撤回',
      withdrawReason: '本单位产能调整，无法按期实施',
      canChange: false,
    });
    expect(withdrawn.json().bidCount).toBe(1);
    expect(withdrawn.json().canBidFor.map((o: { orgId: number }) => o.orgId)).toContain(memberOrg);
    const twice = await withdraw(member, mine.id, { reason: '再撤' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('challenge.bid_withdrawn');
    expect((await edit(member, mine.id, {})).statusCode).toBe(409);
    // withdrawn: not scored
    const score = await send(chain, 'PUT', `/api/v1/challenges/${id}/bids/${mine.id}/score`, { score: 90 });
    expect(score.statusCode).toBe(409);
    expect(score.json().detail).toContain('已撤回');
    // the poster sees the withdrawal with its reason
    const seen = (await get(chain, `/api/v1/challenges/${id}`)).json();
    expect(seen.bids.find((b: { id: number }) => b.id === mine.id)).toMatchObject({
      status: 'withdrawn',
      withdrawReason: '本单位产能调整，无法按期实施',
    });
    // the leader's bid, withdrawn too and submitted again inside the window: the same row comes back
    await withdraw(leader, theirs.id, { reason: '调整方案' });
    const back = await bid(leader, leaderOrg);
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json().bids[0]).toMatchObject({ id: theirs.id, status: 'submitted', withdrawReason: '' });

    await onDay(tomorrow, async () => {
      const late = await edit(leader, theirs.id, {});
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('challenge.closed');
      expect(late.json().detail).toContain('截止');
      expect((await withdraw(leader, theirs.id, { reason: '晚了' })).statusCode).toBe(409);
      expect((await get(leader, `/api/v1/challenges/${id}`)).json().bids[0].canChange).toBe(false);
      // a withdrawn bid cannot be awarded
      const award = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, {
        bidId: mine.id,
        reason: '试',
      });
      expect(award.statusCode).toBe(409);
      expect(award.json().code).toBe('challenge.bid_withdrawn');
      const ok = await send(chain, 'POST', `/api/v1/challenges/${id}/award`, { bidId: theirs.id });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(
        ok
          .json()
          .bids.map((b: { status: string }) => b.status)
          .sort(),
      ).toEqual(['awarded', 'withdrawn']);
      const after = await withdraw(leader, theirs.id, { reason: '定榜后' });
      expect(after.statusCode).toBe(409);
      expect(after.json().detail).toContain('定榜');
    });
    // only the bidders still in are told; every change is audited
    const told = await t.database.db
      .selectFrom('notifications')
      .select('org_id')
      .where('dedupe_key', 'like', `challenge-award:${id}:%`)
      .execute();
    expect(told.map((n) => n.org_id)).toEqual([leaderOrg]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'project_bid')
      .where('entity_id', 'in', [String(mine.id), String(theirs.id)])
      .orderBy('id')
      .execute();
    expect(audit.map((r) => r.action)).toEqual([
      'challenge.bid',
      'challenge.bid',
      'challenge.score',
      'challenge.bid_edit',
      'challenge.bid_withdraw',
      'challenge.bid_withdraw',
      'challenge.bid',
    ]);
  });

  it('after the award, inside the window, neither edit nor withdrawal', async () => {
    const posted = await send(chain, 'POST', '/api/v1/challenges', {
      allianceId: jintong,
      title: '铜冶炼余热利用攻关',
      closesOn: addDays(today, 5),
    });
    const id = posted.json().id;
    const b = (
      await send(member, 'POST', `/api/v1/challenges/${id}/bids`, {
        orgId: memberOrg,
        plan: '方案',
        leadName: '王五',
        milestones: plan(10),
      })
    ).json().bids[0];
    // awarded early by hand (the rule awards after the window; the guard must hold either way)
    await t.database.db
      .updateTable('project_challenges')
      .set({ awarded_bid_id: b.id })
      .where('project_id', '=', id)
      .execute();
    const res = await send(member, 'PUT', `/api/v1/challenges/${id}/bids/${b.id}`, {
      plan: '改',
      leadName: '王五',
      milestones: plan(10),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('challenge.closed');
  });
});

describe('an alliance’s joint projects', () => {
  it('the office makes one led by itself or a member; members read it; others not', async () => {
    const body = {
      allianceId: jintong,
      orgId: memberOrg,
      title: '链上企业共建党群服务站',
      kind: 'joint',
      milestones: [{ title: '选址建成', plannedOn: addDays(today, 30), weight: 100 }],
    };
    expect((await send(leader, 'POST', '/api/v1/projects', body)).statusCode).toBe(403);
    const outside = await send(district, 'POST', '/api/v1/projects', body);
    expect(outside.json().errors[0].field).toBe('allianceId');
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const notMember = await send(chain, 'POST', '/api/v1/projects', { ...body, orgId: huli });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.json().errors[0].field).toBe('orgId');
    const sub = await send(chain, 'POST', '/api/v1/projects', { ...body, parentProjectId: 1 });
    expect(sub.json().errors[0].field).toBe('parentProjectId');
    const made = await send(chain, 'POST', '/api/v1/projects', body);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ orgId: memberOrg, allianceId: jintong, challenge: null });
    // the member enterprise (no project.read of its own) reads its alliance's projects only
    const seen = (await get(member, `/api/v1/projects?allianceId=${jintong}`)).json();
    expect(seen.items.map((p: { id: number }) => p.id)).toContain(made.json().id);
    expect(
      (await get(member, '/api/v1/projects'))
        .json()
        .items.every((p: { allianceId: number }) => p.allianceId === jintong),
    ).toBe(true);
    expect((await get(district, `/api/v1/projects/${made.json().id}`)).statusCode).toBe(404);
  });
});
