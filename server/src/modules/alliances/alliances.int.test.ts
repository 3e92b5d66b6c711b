import { addDays } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { generateActivityDays } from './jobs.ts';

/**
 * Alliances (issue 12, API.md "Alliances and industry chains") on the demo city: the `chain` office
 * runs 金铜产业链综合党委; a member enterprise (`chain-member`) and the 链主 (`chain-leader`) take part
 * for their own organizations; the chair now and next; matching with reasons; a demand dispatched as
 * a case the member unit handles and the enterprise rates; a joint meeting whose resolution is
 * followed to done; and who sees what (docs/decisions/0019).
 */
let t: TestApp;
let chain: Session;
let leader: Session;
let member: Session;
let admin: Session;
let district: Session;
let jintong: number;
let fuan: number;
const today = clock.today();

async function get(s: Session, url: string) {
  return t.as(s, { method: 'GET', url });
}
async function post(s: Session, url: string, payload: unknown) {
  return t.as(s, { method: 'POST', url, payload: payload as never });
}

beforeAll(async () => {
  t = await createTestApp();
  [chain, leader, member, admin, district] = await Promise.all([
    t.login('chain'),
    t.login('chain-leader'),
    t.login('chain-member'),
    t.login('admin'),
    t.login('district'),
  ]);
  const list = (await get(chain, '/api/v1/alliances')).json();
  jintong = list.items[0].id;
  const all = await t.database.db.selectFrom('alliances').select(['id', 'name']).execute();
  fuan = all.find((a) => a.name.startsWith('福安'))!.id;
});
afterAll(() => t.close());

describe('who sees an alliance', () => {
  it('the office sees its own; a member sees the alliances it is in; others see none of them', async () => {
    const mine = (await get(chain, '/api/v1/alliances')).json();
    expect(mine.total).toBe(1);
    expect(Object.keys(mine.items[0])).toEqual(expect.arrayContaining(['id', 'name', 'kind', 'memberCount']));
    expect(mine.items[0]).toMatchObject({ kind: 'industry_chain', memberCount: 7 });
    expect((await get(member, '/api/v1/alliances')).json().items.map((a: { id: number }) => a.id)).toEqual([
      jintong,
    ]);
    expect((await get(district, '/api/v1/alliances')).json().total).toBe(0);
    // the city's department (bound at every demo city's top) sees all of them
    // (龙岩's four chains, 福安's, 蓬莱's and 福州's power-company alliance of seed 000)
    expect((await get(admin, '/api/v1/alliances')).json().total).toBe(7);
    for (const s of [chain, member, district]) {
      const res = await get(s, `/api/v1/alliances/${fuan}`);
      expect(res.statusCode).toBe(404);
      expect((await get(s, `/api/v1/alliances/${fuan}/list-items`)).statusCode).toBe(404);
      expect((await get(s, `/api/v1/alliances/${fuan}/meetings`)).statusCode).toBe(404);
    }
  });

  it('the department above sees every alliance whose office is in its region, and none outside', async () => {
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const branches = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('path', 'like', `%/${huli}/%`)
      .where('type', '=', 'branch')
      .orderBy('id')
      .limit(2)
      .execute();
    const created = await post(admin, '/api/v1/alliances', {
      orgId: huli,
      name: '湖里区供电供水燃气党建联盟',
      kind: 'alliance',
    });
    expect(created.statusCode).toBe(201);
    // an alliance at the city above 湖里: the district does not see it
    const city = await post(admin, '/api/v1/alliances', {
      orgId: xiamen,
      name: '厦门市党建联盟',
      kind: 'alliance',
    });
    expect(city.statusCode).toBe(201);
    for (const b of branches)
      expect(
        (
          await post(admin, `/api/v1/alliances/${created.json().id}/members`, {
            orgId: b.id,
            role: 'member',
            joinedOn: today,
          })
        ).statusCode,
      ).toBe(201);
    const seen = (await get(district, '/api/v1/alliances')).json();
    expect(seen.items.map((a: { name: string }) => a.name)).toEqual(['湖里区供电供水燃气党建联盟']);
    // a member leaves: not before it joined, once; then it is no longer counted
    const row = (await get(admin, `/api/v1/alliances/${created.json().id}`)).json().members[0];
    const leave = (body: unknown) =>
      post(admin, `/api/v1/alliances/${created.json().id}/members/${row.id}/leave`, body);
    const early = await leave({ leftOn: addDays(today, -1) });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors[0].field).toBe('leftOn');
    expect((await leave({ leftOn: today })).json().memberCount).toBe(1);
    expect((await leave({ leftOn: today })).statusCode).toBe(400);
    expect((await get(district, `/api/v1/alliances/${city.json().id}`)).statusCode).toBe(404);
    // the district office reads it, but does not run another's: it cannot post for an org outside it
    expect((await get(chain, `/api/v1/alliances/${created.json().id}`)).statusCode).toBe(404);
  });

  it('an alliance never widens access to a member organization’s members', async () => {
    const detail = (await get(leader, `/api/v1/alliances/${jintong}`)).json();
    const other = detail.members.find((m: { orgId: number }) => !detail.myOrgIds.includes(m.orgId));
    const res = await get(leader, `/api/v1/members?orgId=${other.orgId}`);
    expect(res.statusCode).not.toBe(200);
    expect((await get(chain, `/api/v1/members?orgId=${other.orgId}`)).statusCode).not.toBe(200);
  });
});

describe('the alliance page', () => {
  it('lists members with roles and segments, and the chair now and next from the date', async () => {
    const d = (await get(chain, `/api/v1/alliances/${jintong}`)).json();
    expect(d.members[0]).toMatchObject({ role: 'chain_leader', segment: 'upstream', chairPosition: 1 });
    expect(d.members.filter((m: { role: string }) => m.role === 'core')).toHaveLength(2);
    expect(Object.keys(d.chair).sort()).toEqual(['from', 'name', 'orgId', 'to']);
    expect(d.chair.from <= today && today <= d.chair.to).toBe(true);
    expect(d.nextChair.from).toBe(addDays(d.chair.to, 1));
    // quarters since last 1 January, round the three in the rotation
    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 4;
    const order = d.members
      .filter((m: { chairPosition: number | null }) => m.chairPosition !== null)
      .sort(
        (a: { chairPosition: number }, b: { chairPosition: number }) => a.chairPosition - b.chairPosition,
      );
    expect(d.chair.orgId).toBe(order[quarter % 3].orgId);
    expect(d.nextChair.orgId).toBe(order[(quarter + 1) % 3].orgId);
    expect(d.canManage).toBe(true);
  });

  it('a skip recorded with its reason hands the term to the next in order', async () => {
    const before = (await get(chain, `/api/v1/alliances/${jintong}`)).json();
    const term = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 4;
    const bad = await post(chain, `/api/v1/alliances/${jintong}/chair-changes`, {
      term,
      kind: 'swap',
      reason: '互换',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('withTerm');
    expect(
      (
        await post(member, `/api/v1/alliances/${jintong}/chair-changes`, {
          term,
          kind: 'skip',
          reason: '外出',
        })
      ).statusCode,
    ).toBe(403);
    const res = await post(chain, `/api/v1/alliances/${jintong}/chair-changes`, {
      term,
      kind: 'skip',
      reason: '当季承担重点项目，申请顺延',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().chair.orgId).toBe(before.nextChair.orgId);
    expect(res.json().chairChanges.at(-1)).toMatchObject({
      kind: 'skip',
      reason: '当季承担重点项目，申请顺延',
    });
  });
});

describe('lists, matching and the dispatched demand', () => {
  it('a member publishes for its own organization only', async () => {
    const d = (await get(member, `/api/v1/alliances/${jintong}`)).json();
    const own = d.myOrgIds[0];
    const other = d.members.find((m: { orgId: number }) => m.orgId !== own).orgId;
    const ok = await post(member, `/api/v1/alliances/${jintong}/list-items`, {
      kind: 'demand',
      title: '高壓電工短期支援',
      description: '',
      tags: ['電工'],
      orgId: own,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'demand', tags: ['電工'], orgId: own, status: 'open' });
    const refused = await post(member, `/api/v1/alliances/${jintong}/list-items`, {
      kind: 'demand',
      title: '代别人发布',
      description: '',
      tags: [],
      orgId: other,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('orgId');
  });

  it('a 政策清单 item names a published policy of the library; a demand, or an unknown policy, is refused', async () => {
    const policy = await t.database.db
      .selectFrom('policies')
      .select(['id', 'title', 'doc_number'])
      .where('status', '=', 'effective')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const office = (await get(chain, `/api/v1/alliances/${jintong}`)).json().orgId;
    const item = (kind: string, policyId: number) => ({
      kind,
      title: '链上企业可享的政策',
      description: '',
      tags: [],
      orgId: office,
      policyId,
    });
    const ok = await post(chain, `/api/v1/alliances/${jintong}/list-items`, item('policy', policy.id));
    expect(ok.statusCode).toBe(201);
    expect(ok.json().policy).toEqual({ id: policy.id, title: policy.title, docNumber: policy.doc_number });
    const listed = (await get(member, `/api/v1/alliances/${jintong}/list-items?kind=policy&pageSize=100`))
      .json()
      .items.find((i: { id: number }) => i.id === ok.json().id);
    expect(listed.policy.docNumber).toBe(policy.doc_number);
    for (const [kind, id] of [
      ['demand', policy.id],
      ['policy', 99_999_999],
    ] as const) {
      const refused = await post(chain, `/api/v1/alliances/${jintong}/list-items`, item(kind, id));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('policyId');
    }
  });

  it('pairs each open demand with the resources that can meet it, with reasons, and no others', async () => {
    const items = (await get(chain, `/api/v1/alliances/${jintong}/list-items?pageSize=100`)).json().items;
    const byTitle = (s: string) => items.find((i: { title: string }) => i.title.includes(s));
    const res = (await get(chain, `/api/v1/alliances/${jintong}/matches`)).json();
    expect(res.total).toBe(res.items.length);
    for (const m of res.items)
      expect(Object.keys(m).sort()).toEqual(['demandId', 'reasons', 'resourceId', 'score']);
    const pair = (d: string, r: string) =>
      res.items.find(
        (m: { demandId: number; resourceId: number }) =>
          m.demandId === byTitle(d).id && m.resourceId === byTitle(r).id,
      );
    expect(pair('高压电工', '电工实训').reasons).toEqual(
      expect.arrayContaining(['共同标签：电工', '同属类别：人才', '可提供 30，满足需求 20']),
    );
    // Traditional characters pair with the Simplified resource
    expect(pair('高壓電工', '电工实训').reasons).toContain('共同标签：电工');
    expect(pair('外运物流', '仓储').reasons).toContain('共同标签：物流');
    expect(pair('融资', '仓储')).toBeUndefined();
    // an expired resource meets nothing
    expect(res.items.some((m: { resourceId: number }) => m.resourceId === byTitle('展位').id)).toBe(false);
  });

  it('点单 → 派单 → 接单 → 评单: the office dispatches, the 链主 handles, the enterprise rates', async () => {
    const items = (await get(chain, `/api/v1/alliances/${jintong}/list-items?pageSize=100`)).json().items;
    const demand = items.find((i: { title: string }) => i.title.includes('铜箔新产线'));
    const resource = items.find((i: { title: string }) => i.title.includes('电工实训'));
    expect(
      (
        await post(member, `/api/v1/alliances/${jintong}/list-items/${demand.id}/dispatch`, {
          resourceId: resource.id,
        })
      ).statusCode,
    ).toBe(403);
    const res = await post(chain, `/api/v1/alliances/${jintong}/list-items/${demand.id}/dispatch`, {
      resourceId: resource.id,
    });
    expect(res.statusCode).toBe(200);
    const caseId = res.json().caseId;
    const again = await post(chain, `/api/v1/alliances/${jintong}/list-items/${demand.id}/dispatch`, {
      resourceId: resource.id,
    });
    expect(again.statusCode).toBe(409);
    const act = (s: Session, body: Record<string, unknown>) =>
      post(s, `/api/v1/cases/${caseId}/transitions`, body);
    const c = (await get(leader, `/api/v1/cases/${caseId}`)).json();
    expect(c).toMatchObject({ state: 'dispatched', channel: 'alliance' });
    // the member unit's staff are its handlers: the page offers them 接单
    expect(c.actions.map((a: { action: string }) => a.action)).toContain('sign');
    expect((await act(member, { action: 'sign' })).statusCode).toBe(403);
    for (const body of [
      { action: 'sign' },
      { action: 'start' },
      { action: 'reply', reply: '已派持证电工 20 名到岗', evidence: '到岗签到表' },
    ]) {
      const r = await act(leader, body);
      expect(r.statusCode, r.body).toBe(200);
    }
    const rated = await act(member, { action: 'rate', rating: 'satisfied' });
    expect(rated.statusCode, rated.body).toBe(200);
    const after = (
      await get(chain, `/api/v1/alliances/${jintong}/list-items?kind=demand&pageSize=100`)
    ).json().items;
    expect(after.find((i: { id: number }) => i.id === demand.id)).toMatchObject({
      caseId,
      resourceId: resource.id,
      caseRating: 'satisfied',
    });
    // the resource's capacity went to the demand
    const r2 = (await get(chain, `/api/v1/alliances/${jintong}/list-items?kind=resource&pageSize=100`)).json()
      .items;
    expect(r2.find((i: { id: number }) => i.id === resource.id).capacity).toBe(10);
    // someone outside the alliance does not read the case
    expect((await get(district, `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('exports the three lists as one workbook', async () => {
    const res = await get(chain, `/api/v1/alliances/${jintong}/list-items/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('joint meetings', () => {
  it('convened, recorded with attendance and a resolution followed to done by its owner', async () => {
    const d = (await get(chain, `/api/v1/alliances/${jintong}`)).json();
    const owner = d.members.find((m: { role: string }) => m.role === 'chain_leader').orgId;
    const m = await post(chain, `/api/v1/alliances/${jintong}/meetings`, {
      title: '临时联席会议',
      plannedOn: today,
      agenda: ['用工'],
    });
    expect(m.statusCode).toBe(201);
    expect(m.json().convenerOrgId).toBe(d.chair.orgId);
    const rec = await post(chain, `/api/v1/alliances/${jintong}/meetings/${m.json().id}/record`, {
      heldOn: addDays(today, 1),
      minutes: '纪要',
      attendeeOrgIds: [owner],
      resolutions: [{ title: '组织电工实训', ownerOrgId: owner, dueOn: addDays(today, 10) }],
    });
    expect(rec.statusCode).toBe(400);
    expect(rec.json().errors[0].field).toBe('heldOn');
    const ok = await post(chain, `/api/v1/alliances/${jintong}/meetings/${m.json().id}/record`, {
      heldOn: today,
      minutes: '纪要',
      attendeeOrgIds: [owner],
      resolutions: [{ title: '组织电工实训', ownerOrgId: owner, dueOn: addDays(today, 10) }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const resolution = ok.json().resolutions[0];
    expect(ok.json().attendees).toEqual([{ orgId: owner, name: expect.any(String) }]);
    const url = `/api/v1/alliances/${jintong}/resolutions/${resolution.id}/complete`;
    expect((await post(member, url, { doneOn: today, note: '完成' })).statusCode).toBe(403);
    const done = await post(leader, url, { doneOn: today, note: '已开班' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ doneOn: today, overdue: false });
    expect((await post(leader, url, { doneOn: today, note: '再次' })).statusCode).toBe(409);
    const toCase = await post(chain, `/api/v1/alliances/${jintong}/resolutions/${resolution.id}/case`, {});
    expect(toCase.statusCode, toCase.body).toBe(200);
    expect((await get(leader, `/api/v1/cases/${toCase.json().caseId}`)).json()).toMatchObject({
      state: 'dispatched',
      channel: 'meeting',
    });
  });
});

describe('the monthly activity day', () => {
  it('is put in the meetings once, on the next working day, and the office is reminded once', async () => {
    const db = t.database.db;
    const calendar = await new CalendarService(db).calendar();
    // 2026-11-15 is a Sunday: Longyan's 15th moves to Monday the 16th
    const first = await generateActivityDays(db, calendar, '2026-11-10');
    expect(first.activities).toBe(4);
    expect(first.reminders).toBe(0);
    expect((await generateActivityDays(db, calendar, '2026-11-10')).activities).toBe(0);
    const days = await db
      .selectFrom('alliance_meetings')
      .select(['planned_on', 'title'])
      .where('alliance_id', '=', jintong)
      .where('kind', '=', 'activity_day')
      .execute();
    expect(days.map((d) => [String(d.planned_on), d.title])).toEqual([['2026-11-16', '11月党建活动日']]);
    // three days before: one reminder to each office, not twice
    expect((await generateActivityDays(db, calendar, '2026-11-13')).reminders).toBe(4);
    expect((await generateActivityDays(db, calendar, '2026-11-13')).reminders).toBe(0);
    const meetings = (await get(chain, `/api/v1/alliances/${jintong}/meetings?pageSize=50`)).json().items;
    expect(
      meetings.some(
        (m: { kind: string; plannedOn: string }) => m.kind === 'activity_day' && m.plannedOn === '2026-11-16',
      ),
    ).toBe(true);
  });
});
