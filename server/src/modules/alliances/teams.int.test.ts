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

describe('the pickers: the people of an alliance, removing a member, withdrawing a nominee', () => {
  type Person = { id: number; name: string; orgName: string; phone: string | null; idNumber: string | null };
  const people = async (who: Session, q = '', id = jintong) =>
    call(who, 'GET', `/api/v1/alliances/${id}/people?${new URLSearchParams({ q, pageSize: '200' })}`);

  it('lists the people of the member organizations only, masked, for the office and members’ staff', async () => {
    const all = await people(chain);
    expect(all.status).toBe(200);
    const ids = all.body.items.map((p: Person) => p.id);
    expect(ids).toEqual(expect.arrayContaining([await userId('chain-member'), await userId('chain-leader')]));
    expect(ids).not.toContain(await userId('resident'));
    expect(all.body.total).toBe(all.body.items.length);
    for (const p of all.body.items as Person[]) {
      if (p.phone) expect(p.phone).toMatch(/^\d{3}\*{4}\d{4}$|^\*+$/);
      if (p.idNumber) expect(p.idNumber).toMatch(/\*{10}/);
    }
    // the department above searches them too; a member's staff only their own organization's people
    expect((await people(admin)).body.total).toBe(all.body.total);
    const own = (await people(member)).body;
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.length).toBeLessThan(all.body.items.length);
    const memberOrgs = new Set((await call(member, 'GET', `/api/v1/alliances/${jintong}`)).body.myOrgIds);
    expect(memberOrgs.size).toBeGreaterThan(0);
    expect(own.items.every((p: { orgId: number }) => memberOrgs.has(p.orgId))).toBe(true);
    // outside the alliance: as missing, and the office of one alliance does not search another
    expect((await people(district)).status).toBe(404);
    expect((await people(resident)).status).toBe(404);
    expect((await people(chain, '', fuan)).status).toBe(404);
    const bad = await people(chain, 'x'.repeat(51));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('q');
  });

  it('a member organization’s staff of another alliance sees nothing of this one', async () => {
    const fuanMember = await t.database.db
      .selectFrom('alliance_members')
      .innerJoin('orgs', 'orgs.id', 'alliance_members.org_id')
      .select(['orgs.id', 'orgs.path'])
      .where('alliance_members.alliance_id', '=', fuan)
      .where('alliance_members.left_on', 'is', null)
      .executeTakeFirstOrThrow();
    const template = await t.database.db
      .selectFrom('users')
      .select(['password_hash'])
      .where('username', '=', 'chain-member')
      .executeTakeFirstOrThrow();
    const [u] = await t.database.db
      .insertInto('users')
      .values({
        username: 'fuan-member-staff',
        display_name: '福安联盟成员 联络员',
        password_hash: template.password_hash,
        org_id: fuanMember.id,
        updated_at: clock.now(),
      })
      .returning('id')
      .execute();
    await t.database.db
      .insertInto('role_bindings')
      .values({ user_id: u!.id, role: 'enterprise', org_id: fuanMember.id })
      .execute();
    const other = await t.login('fuan-member-staff');
    expect((await people(other, '', fuan)).status).toBe(200);
    expect((await people(other)).status).toBe(404);
    const found = (await people(chain, '福安联盟成员')).body;
    expect(found.total).toBe(0);
  });

  it('finds a Party member by Simplified, Traditional, pinyin and initials, as the member register does', async () => {
    // a Party member with an account in a member organization
    const leaderOrg = (await call(leader, 'GET', `/api/v1/alliances/${jintong}`)).body.myOrgIds[0] as number;
    const account = await t.database.db
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('username', '=', 'chain-leader')
      .executeTakeFirstOrThrow();
    const [u] = await t.database.db
      .insertInto('users')
      .values({
        username: 'chain-craftsman',
        display_name: '劉國華',
        password_hash: account.password_hash,
        org_id: leaderOrg,
        phone: '13859001234',
        updated_at: clock.now(),
      })
      .returning('id')
      .execute();
    const created = await call(admin, 'POST', '/api/v1/members', {
      orgId: leaderOrg,
      name: '刘国华',
      idNumber: '350802199001011236',
      gender: 'male',
      birthDate: '1990-01-01',
      phone: '13859001234',
      joinedOn: '2015-07-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.database.db
      .updateTable('members')
      .set({ user_id: u!.id })
      .where('id', '=', created.body.id)
      .execute();
    for (const q of ['刘国华', '劉國華', 'liuguohua', 'lgh', '国华']) {
      const found = (await people(chain, q)).body.items as Person[];
      expect(
        found.map((p) => p.id),
        q,
      ).toContain(u!.id);
    }
    const p = ((await people(chain, 'lgh')).body.items as Person[]).find((x) => x.id === u!.id)!;
    expect(p).toMatchObject({ phone: '138****1234', idNumber: '3508**********1236', isPartyMember: true });
    // the full number matches nobody: a search may not spell out a masked number
    expect((await people(chain, '13859001234')).body.total).toBe(0);
  });

  it('the office takes a member off a team with a reason, audited; members’ staff may not', async () => {
    const team = (
      await call(chain, 'POST', '/api/v1/volunteer-teams', {
        allianceId: jintong,
        name: '金铜产业链红链服务队（移出测试）',
        kind: 'party_members',
      })
    ).body.id as number;
    const uid = await userId('chain-member');
    await call(chain, 'POST', `/api/v1/volunteer-teams/${team}/members`, { userId: uid, role: 'member' });
    const remove = (who: Session, body: object, u = uid) =>
      call(who, 'POST', `/api/v1/volunteer-teams/${team}/members/${u}/remove`, body);
    const noReason = await remove(chain, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect((await remove(leader, { reason: '调岗' })).status).toBe(403);
    expect((await remove(district, { reason: '调岗' })).status).toBe(404);
    const done = await remove(chain, { reason: '调往外地工作' });
    expect(done.status).toBe(200);
    expect(done.body.roster).toEqual([]);
    expect((await remove(chain, { reason: '再移' })).status).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_type', '=', 'volunteer_team')
      .where('entity_id', '=', String(team))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['team.create', 'team.member_set', 'team.member_remove']);
    expect(audit[2]!.after).toMatchObject({ reason: '调往外地工作' });
  });

  it('the office withdraws a nominee before the decision, with a reason; after it, 409', async () => {
    const created = await call(chain, 'POST', '/api/v1/selections', {
      allianceId: jintong,
      title: '金铜产业链“党员示范岗”评审（撤回测试）',
      honour: '党员示范岗',
      method: 'review',
      votingFrom: addDays(today, 1),
      votingTo: addDays(today, 2),
      quota: 1,
    });
    const id = created.body.id as number;
    const n1 = (
      await call(chain, 'POST', `/api/v1/selections/${id}/nominees`, {
        userId: await userId('chain-member'),
        deeds: '岗位建功',
      })
    ).body.id as number;
    const n2 = (
      await call(chain, 'POST', `/api/v1/selections/${id}/nominees`, {
        userId: await userId('chain-leader'),
        deeds: '攻坚克难',
      })
    ).body.id as number;
    const withdraw = (who: Session, nominee: number, body: object) =>
      call(who, 'POST', `/api/v1/selections/${id}/nominees/${nominee}/withdraw`, body);
    expect((await withdraw(chain, n1, {})).body.errors[0].field).toBe('reason');
    expect((await withdraw(leader, n1, { reason: '本人申请' })).status).toBe(403);
    expect((await withdraw(district, n1, { reason: '本人申请' })).status).toBe(404);
    const done = await withdraw(chain, n1, { reason: '本人申请退出' });
    expect(done.status).toBe(200);
    expect(done.body.nomineeList.map((n: { id: number }) => n.id)).toEqual([n2]);
    expect(done.body.nominees).toBe(1);
    expect((await withdraw(chain, n1, { reason: '再撤' })).status).toBe(404);
    // in the nominating period the person may be nominated again
    const again = await call(chain, 'POST', `/api/v1/selections/${id}/nominees`, {
      userId: await userId('chain-member'),
      deeds: '补充事迹后重新推荐',
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(n1);
    await withdraw(chain, n1, { reason: '事迹不实' });
    await sql`update selections set voting_from = ${addDays(today, -3)}::date, voting_to = ${addDays(today, -1)}::date
      where id = ${id}`.execute(t.database.db);
    // a withdrawn nominee is not scored, nor honoured
    const scored = await call(chain, 'PUT', `/api/v1/selections/${id}/scores`, { nomineeId: n1, score: 99 });
    expect(scored.status).toBe(400);
    expect(scored.body.errors[0].field).toBe('nomineeId');
    await call(chain, 'PUT', `/api/v1/selections/${id}/scores`, { nomineeId: n2, score: 80 });
    expect((await call(chain, 'POST', `/api/v1/selections/${id}/decide`, {})).body.honoured).toBe(1);
    const late = await withdraw(chain, n2, { reason: '晚了' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('selection.phase');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('entity_type', '=', 'selection')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'selection.nominee_withdraw')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => (a.after as { reason: string }).reason)).toEqual(['本人申请退出', '事迹不实']);
  });
});
