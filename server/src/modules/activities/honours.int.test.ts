import { addDays } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

/**
 * 评选表彰 (issue 14 item 7) on the demo city, both engines: an organization opens a selection,
 * nominates people of its city, the city votes in the window (each voter's limit held under concurrent
 * votes), the decision follows the ranking or states why not, honours reach the person's record and grant
 * points through the ledger; refusals name their field; who × action × inside or outside the city.
 */
let t: TestApp;
let district: Session;
let secretary: Session;
let member: Session;
let resident: Session;
let handler: Session;
let yunfu: Session;
let huli: number;
const today = clock.today();
const votingFrom = addDays(today, 2);
const votingTo = addDays(today, 4);

async function call(who: Session, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}
/** Moves a selection's window so that today falls in it (`during`) or after it (`after`). */
async function move(id: number, to: 'during' | 'after') {
  const [from, until] =
    to === 'during' ? [addDays(today, -1), addDays(today, 1)] : [addDays(today, -3), addDays(today, -1)];
  await sql`update selections set voting_from = ${from}::date, voting_to = ${until}::date where id = ${id}`.execute(
    t.database.db,
  );
}
const create = (who: Session, body: Record<string, unknown>) =>
  call(who, 'POST', '/api/v1/selections', {
    orgId: huli,
    title: '2026年度湖里区“最美小哥”评选',
    honour: '最美小哥',
    method: 'vote',
    votingFrom,
    votingTo,
    quota: 2,
    votesPerVoter: 2,
    points: 50,
    ...body,
  });
const balance = async (who: Session) => (await call(who, 'GET', '/api/v1/me/points')).body.balance as number;

beforeAll(async () => {
  t = await createTestApp();
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  resident = await t.login('resident');
  handler = await t.login('handler');
  yunfu = await t.login('yfrider1');
  huli = await orgId(t, '中共厦门市湖里区委员会');
});
afterAll(() => t.close());

describe('公众投票', () => {
  let id = 0;
  const nominees: Record<string, number> = {};

  it('opens a selection and refuses what cannot be, naming the field', async () => {
    for (const [body, field] of [
      [{ votingFrom: today }, 'votingFrom'],
      [{ votingTo: addDays(votingFrom, -1) }, 'votingTo'],
      [{ title: '' }, 'title'],
      [{ method: 'lottery' }, 'method'],
      [{ quota: 0 }, 'quota'],
      [{ points: -1 }, 'points'],
    ] as const) {
      const res = await create(district, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
    }
    // a branch secretary cannot open one for the district
    const outside = await create(secretary, {});
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('orgId');
    const res = await create(district, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id = res.body.id;
  });

  it('nominates people of the city, once each, before the vote', async () => {
    for (const [key, who] of [
      ['resident', resident],
      ['member', member],
      ['handler', handler],
    ] as const) {
      const res = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
        userId: who.userId,
        deeds: '冒雨送餐途中发现井盖缺失，守护现场直至抢修完成',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      nominees[key] = res.body.id;
    }
    const twice = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: resident.userId,
      deeds: '重复推荐',
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].field).toBe('userId');
    // a rider of Yunfu is not of Xiamen
    const far = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: yunfu.userId,
      deeds: '外地骑手',
    });
    expect(far.status).toBe(400);
    expect(far.body.errors[0].field).toBe('userId');
    const noDeeds = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: handler.userId,
    });
    expect(noDeeds.status).toBe(400);
    expect(noDeeds.body.errors[0].field).toBe('deeds');
    // the member may vote but not nominate
    const byMember = await call(member, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: handler.userId,
      deeds: '推荐',
    });
    expect(byMember.status).toBe(403);
  });

  it('takes votes only in the window, from the city, each voter’s limit held under concurrent votes', async () => {
    const early = await call(resident, 'POST', `/api/v1/selections/${id}/votes`, {
      nomineeId: nominees.resident,
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('selection.phase');
    await move(id, 'during');
    // the resident votes for themself and the member; a third nominee is one vote too many
    for (const nomineeId of [nominees.resident, nominees.member])
      expect((await call(resident, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId })).status).toBe(
        200,
      );
    const third = await call(resident, 'POST', `/api/v1/selections/${id}/votes`, {
      nomineeId: nominees.handler,
    });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('selection.voted');
    const voted = (await call(resident, 'GET', `/api/v1/selections/${id}`)).body;
    expect(voted.myVotes).toBe(2);
    // the member votes for the resident; twice is refused; Yunfu is outside the city
    expect(
      (await call(member, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId: nominees.resident })).status,
    ).toBe(200);
    const again = await call(member, 'POST', `/api/v1/selections/${id}/votes`, {
      nomineeId: nominees.resident,
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('selection.voted');
    const far = await call(yunfu, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId: nominees.resident });
    expect(far.status).toBe(404);
    const bad = await call(member, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId: 999_999 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('nomineeId');
    // nominations closed once the vote began
    const late = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: secretary.userId,
      deeds: '补充推荐',
    });
    expect(late.status).toBe(409);
  });

  it('decides after the window by the ranking; honours reach the record and grant points once', async () => {
    const early = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {});
    expect(early.status).toBe(409);
    await move(id, 'after');
    const detail = (await call(district, 'GET', `/api/v1/selections/${id}`, undefined)).body;
    expect(detail.phase).toBe('counting');
    const votes = Object.fromEntries(
      detail.nomineeList.map((n: { id: number; votes: number }) => [n.id, n.votes]),
    );
    expect(votes[nominees.resident!]).toBe(2);
    const before = await balance(resident);
    const decided = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {});
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    // two places: the resident (2 votes) and whoever had the resident's second vote (1); nobody with 0
    expect(decided.body.honoured).toBe(2);
    expect(await balance(resident)).toBe(before + 50);
    const points = (await call(resident, 'GET', '/api/v1/me/points')).body;
    expect(points.items[0].source).toMatchObject({ kind: 'honour', title: '最美小哥' });
    const record = (await call(resident, 'GET', '/api/v1/me/service')).body;
    expect(record.honours[0]).toMatchObject({ title: '最美小哥', orgName: '中共厦门市湖里区委员会' });
    // decided once
    const twice = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {});
    expect(twice.status).toBe(409);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'selection')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'selection.create',
        'selection.nominate',
        'selection.vote',
        'selection.decide',
      ]),
    );
  });
});

describe('concurrent votes', () => {
  it('hold each voter’s limit: of three votes sent at once with one allowed, one passes', async () => {
    const res = await create(district, { votesPerVoter: 1, title: '并发投票测试' });
    const id = res.body.id as number;
    const ids: number[] = [];
    for (const who of [member, handler, resident]) {
      const n = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
        userId: who.userId,
        deeds: '事迹',
      });
      ids.push(n.body.id);
    }
    await move(id, 'during');
    const all = await Promise.all(
      ids.map((nomineeId) => call(secretary, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId })),
    );
    expect(all.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const detail = (await call(secretary, 'GET', `/api/v1/selections/${id}`)).body;
    expect(detail.myVotes).toBe(1);
    expect(detail.nomineeList.reduce((n: number, x: { votes: number }) => n + x.votes, 0)).toBe(1);
  });
});

describe('评审打分', () => {
  it('leaves a tie across the last place to the organization, and a departure from the ranking needs a reason', async () => {
    const res = await create(district, {
      method: 'review',
      quota: 1,
      honour: '党员示范岗',
      title: '党员示范岗评审',
    });
    expect(res.status).toBe(201);
    const id = res.body.id as number;
    const ids: number[] = [];
    for (const who of [member, handler, resident]) {
      const n = await call(district, 'POST', `/api/v1/selections/${id}/nominees`, {
        userId: who.userId,
        deeds: '岗位建功',
      });
      ids.push(n.body.id);
    }
    await move(id, 'during');
    // voting is not how this one is decided
    const vote = await call(member, 'POST', `/api/v1/selections/${id}/votes`, { nomineeId: ids[0] });
    expect(vote.status).toBe(409);
    for (const [nomineeId, score] of [
      [ids[0], 90],
      [ids[1], 90],
      [ids[2], 70],
    ] as const) {
      const s = await call(district, 'PUT', `/api/v1/selections/${id}/scores`, { nomineeId, score });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    const badScore = await call(district, 'PUT', `/api/v1/selections/${id}/scores`, {
      nomineeId: ids[0],
      score: 101,
    });
    expect(badScore.body.errors[0].field).toBe('score');
    await move(id, 'after');
    const tied = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {});
    expect(tied.status).toBe(400);
    expect(tied.body.errors[0]).toMatchObject({ field: 'honouredIds', code: 'selection.tied' });
    const departing = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {
      honouredIds: [ids[2]],
    });
    expect(departing.status).toBe(400);
    expect(departing.body.errors[0].field).toBe('note');
    // picking one of the tied needs no reason
    const decided = await call(district, 'POST', `/api/v1/selections/${id}/decide`, {
      honouredIds: [ids[1]],
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const detail = (await call(district, 'GET', `/api/v1/selections/${id}`, undefined)).body;
    expect(detail.phase).toBe('decided');
    expect(detail.nomineeList.find((n: { id: number }) => n.id === ids[1]).status).toBe('honoured');
  });

  it('access: the city sees its selections, another city does not', async () => {
    const mine = (await call(resident, 'GET', '/api/v1/selections')).body;
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    const far = (await call(yunfu, 'GET', '/api/v1/selections')).body;
    expect(far.items.filter((s: { orgName: string }) => s.orgName === '中共厦门市湖里区委员会')).toEqual([]);
    const one = mine.items[0].id;
    expect((await call(yunfu, 'GET', `/api/v1/selections/${one}`)).status).toBe(404);
  });
});
