import { addDays } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * An alliance's service teams and honours (issue 12 item 7; decision 0019, addendum) on the demo city,
 * both engines: the `chain` office makes a team and a selection of the 金铜 chain through the one teams
 * and selections engine, draws people from the member organizations only, and decides; the member
 * units' staff see them on the alliance page but do not run them; outside the alliance it is as missing.
 */
let t: TestApp;
let chain: Session;
let leader: Session;
let member: Session;
let admin: Session;
let district: Session;
let resident: Session;
let jintong: number;
let fuan: number;
const today = clock.today();

async function call(who: Session, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}
const userId = async (username: string) =>
  (
    await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  t = await createTestApp();
  [chain, leader, member, admin, district, resident] = (await Promise.all(
    ['chain', 'chain-leader', 'chain-member', 'admin', 'district', 'resident'].map((u) => t.login(u)),
  )) as [Session, Session, Session, Session, Session, Session];
  jintong = (await call(chain, 'GET', '/api/v1/alliances')).body.items[0].id;
  const all = await t.database.db.selectFrom('alliances').select(['id', 'name']).execute();
  fuan = all.find((a) => a.name.startsWith('福安'))!.id;
});
afterAll(() => t.close());

describe('the demo', () => {
  it('has the 金铜 chain’s 红链服务队 with its service days, and its 红领工匠 decided', async () => {
    const page = (await call(member, 'GET', `/api/v1/alliances/${jintong}/service-teams`)).body;
    expect(page.teams).toEqual([
      expect.objectContaining({ name: '金铜产业链红链服务队', members: 2, activities: 2, minutes: 14 * 60 }),
    ]);
    expect(page.selections).toEqual([
      expect.objectContaining({ honour: '红领工匠', decided: true, nominees: 2 }),
    ]);
    expect(page.honours).toEqual([
      expect.objectContaining({ title: '红领工匠', name: '金铜链成员企业 联络员' }),
    ]);
  });
});

describe('an alliance’s service team', () => {
  let team = 0;

  it('is made by the office, run by its office organization; others are refused, naming the field', async () => {
    const body = { allianceId: jintong, name: '金铜产业链党员突击队（测试）', kind: 'party_members' };
    expect((await call(member, 'POST', '/api/v1/volunteer-teams', body)).status).toBe(403);
    const outside = await call(district, 'POST', '/api/v1/volunteer-teams', body);
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('allianceId');
    const wrongOrg = await call(chain, 'POST', '/api/v1/volunteer-teams', { ...body, orgId: 1 });
    expect(wrongOrg.status).toBe(400);
    expect(wrongOrg.body.errors[0].field).toBe('orgId');
    const other = await call(chain, 'POST', '/api/v1/volunteer-teams', { ...body, allianceId: fuan });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].field).toBe('allianceId');
    const created = await call(chain, 'POST', '/api/v1/volunteer-teams', body);
    expect(created.status).toBe(201);
    team = created.body.id;
    const detail = (await call(chain, 'GET', `/api/v1/volunteer-teams/${team}`)).body;
    const office = (await call(chain, 'GET', `/api/v1/alliances/${jintong}`)).body;
    expect(detail).toMatchObject({ allianceId: jintong, orgId: office.orgId, manageable: true });
    expect(
      (await call(chain, 'GET', '/api/v1/volunteer-teams')).body.items.map((x: { id: number }) => x.id),
    ).toContain(team);
  });

  it('draws its members from the member organizations only', async () => {
    const add = (who: Session, uid: number) =>
      call(who, 'POST', `/api/v1/volunteer-teams/${team}/members`, { userId: uid, role: 'member' });
    const outsider = await add(chain, await userId('resident'));
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors[0].field).toBe('userId');
    const ok = await add(chain, await userId('chain-member'));
    expect(ok.status).toBe(200);
    expect(ok.body.roster.map((r: { name: string }) => r.name)).toContain('金铜链成员企业 联络员');
    // a member's staff see the team but do not run it; outside the alliance it is missing
    expect((await add(leader, await userId('chain-leader'))).status).toBe(403);
    expect((await add(district, await userId('chain-leader'))).status).toBe(404);
    expect((await call(leader, 'GET', `/api/v1/volunteer-teams/${team}`)).body.manageable).toBe(false);
    expect((await call(district, 'GET', `/api/v1/volunteer-teams/${team}`)).status).toBe(404);
    expect((await call(resident, 'GET', `/api/v1/volunteer-teams/${team}`)).status).toBe(404);
  });

  it('shows on the alliance page with what it did, to the office, the members and the department above', async () => {
    // the department above (activity.manage over the office) publishes the team's activity
    const at = new Date(Date.parse(`${addDays(today, 3)}T09:00:00+08:00`));
    const published = await call(admin, 'POST', '/api/v1/activities', {
      orgId: (await call(chain, 'GET', `/api/v1/alliances/${jintong}`)).body.orgId,
      teamId: team,
      title: '红链服务进园区（测试）',
      kind: 'volunteer',
      place: '龙岩经开区',
      startsAt: at.toISOString(),
      endsAt: new Date(at.getTime() + 7_200_000).toISOString(),
      capacity: 20,
      audience: 'members',
    });
    expect(published.status).toBe(201);
    for (const who of [chain, leader, member, admin]) {
      const page = await call(who, 'GET', `/api/v1/alliances/${jintong}/service-teams`);
      expect(page.status).toBe(200);
      const row = page.body.teams.find((x: { id: number }) => x.id === team);
      expect(row).toMatchObject({
        members: 1,
        activities: 1,
        minutes: 0,
        lastActivity: '红链服务进园区（测试）',
      });
      expect(page.body.canManage).toBe(who === chain || who === admin);
    }
    for (const who of [district, resident])
      expect((await call(who, 'GET', `/api/v1/alliances/${jintong}/service-teams`)).status).toBe(404);
    expect((await call(chain, 'GET', `/api/v1/alliances/${fuan}/service-teams`)).status).toBe(404);
  });
});

describe('an alliance’s selection', () => {
  let id = 0;

  it('is opened by the office; nominees come from the member organizations; decided, the honour is on the record', async () => {
    const body = {
      allianceId: jintong,
      title: '金铜产业链“红领工匠”评审（测试）',
      honour: '红领工匠',
      method: 'review',
      votingFrom: addDays(today, 1),
      votingTo: addDays(today, 2),
      quota: 1,
      points: 30,
    };
    expect((await call(leader, 'POST', '/api/v1/selections', body)).status).toBe(403);
    const outside = await call(district, 'POST', '/api/v1/selections', body);
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].field).toBe('allianceId');
    const created = await call(chain, 'POST', '/api/v1/selections', body);
    expect(created.status).toBe(201);
    id = created.body.id;
    const nominate = (who: Session, uid: number) =>
      call(who, 'POST', `/api/v1/selections/${id}/nominees`, { userId: uid, deeds: '带头攻关铜箔良率' });
    const outsider = await nominate(chain, await userId('resident'));
    expect(outsider.status).toBe(400);
    expect(outsider.body.errors[0].field).toBe('userId');
    expect((await nominate(leader, await userId('chain-leader'))).status).toBe(403);
    const n1 = await nominate(chain, await userId('chain-member'));
    const n2 = await nominate(chain, await userId('chain-leader'));
    expect([n1.status, n2.status]).toEqual([201, 201]);
    // members' staff see it, do not run it; outside the alliance it is missing
    expect((await call(member, 'GET', `/api/v1/selections/${id}`)).body).toMatchObject({
      allianceId: jintong,
      canManage: false,
    });
    expect((await call(district, 'GET', `/api/v1/selections/${id}`)).status).toBe(404);
    expect(
      (await call(district, 'GET', '/api/v1/selections')).body.items.map((s: { id: number }) => s.id),
    ).not.toContain(id);
    await sql`update selections set voting_from = ${addDays(today, -3)}::date, voting_to = ${addDays(today, -1)}::date
      where id = ${id}`.execute(t.database.db);
    expect(
      (await call(chain, 'PUT', `/api/v1/selections/${id}/scores`, { nomineeId: n1.body.id, score: 95 }))
        .status,
    ).toBe(200);
    await call(chain, 'PUT', `/api/v1/selections/${id}/scores`, { nomineeId: n2.body.id, score: 80 });
    expect((await call(leader, 'POST', `/api/v1/selections/${id}/decide`, {})).status).toBe(403);
    const decided = await call(chain, 'POST', `/api/v1/selections/${id}/decide`, {});
    expect(decided.status).toBe(200);
    expect(decided.body.honoured).toBe(1);
    const record = (await call(member, 'GET', '/api/v1/me/service')).body;
    expect(record.honours.map((h: { title: string }) => h.title)).toContain('红领工匠');
    const page = (await call(leader, 'GET', `/api/v1/alliances/${jintong}/service-teams`)).body;
    expect(page.selections.find((s: { id: number }) => s.id === id)).toMatchObject({
      decided: true,
      nominees: 2,
    });
    expect(page.honours.filter((h: { selectionId: number }) => h.selectionId === id)).toEqual([
      expect.objectContaining({ title: '红领工匠', name: '金铜链成员企业 联络员' }),
    ]);
  });
});
