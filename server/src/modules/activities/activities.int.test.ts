import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { trialBalance } from '../points/service.ts';

let t: TestApp;
let resident: Session;
let district: Session;
let secretary: Session;
let member: Session;
let admin: Session;
let community: number;
let branch: number;
const PLACE = { lat: 24.5096, long: 118.1425 };

const iso = (offsetMinutes: number) =>
  toShanghaiIso(new Date(clock.now().getTime() + offsetMinutes * 60_000));

async function publish(who: Session, body: Record<string, unknown>) {
  return t.as(who, {
    method: 'POST',
    url: '/api/v1/activities',
    payload: {
      orgId: community,
      title: '兴隆社区楼道清洁志愿服务',
      kind: 'volunteer',
      place: '兴隆社区党群服务中心',
      ...PLACE,
      startsAt: iso(-10),
      endsAt: iso(110),
      capacity: 5,
      audience: 'residents',
      ...body,
    },
  });
}

const signUp = (who: Session, id: number) =>
  t.as(who, { method: 'POST', url: `/api/v1/activities/${id}/sign-up` });

/** `n` residents of 兴隆社区 with their own accounts (the demo password), logged in. */
async function residents(n: number, tag: string): Promise<Session[]> {
  const db = t.database.db;
  const template = await db
    .selectFrom('users')
    .select(['password_hash', 'org_id'])
    .where('username', '=', 'resident')
    .executeTakeFirstOrThrow();
  const users = await db
    .insertInto('users')
    .values(
      Array.from({ length: n }, (_, i) => ({
        username: `${tag}${i}`,
        display_name: `${tag}居民${i}`,
        password_hash: template.password_hash,
        org_id: template.org_id,
        updated_at: clock.now(),
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('role_bindings')
    .values(users.map((u) => ({ user_id: u.id, role: 'resident', org_id: template.org_id! })))
    .execute();
  return Promise.all(users.map((_, i) => t.login(`${tag}${i}`)));
}

async function balance(who: Session): Promise<number> {
  return (await t.as(who, { url: '/api/v1/me/points' })).json().balance;
}

beforeAll(async () => {
  t = await createTestApp();
  resident = await t.login('resident');
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  admin = await t.login('admin');
  community = await orgId(t, '中共兴隆社区委员会');
  const row = await t.database.db
    .selectFrom('users as u')
    .innerJoin('orgs as o', 'o.id', 'u.org_id')
    .select('o.id')
    .where('u.username', '=', 'secretary')
    .executeTakeFirstOrThrow();
  branch = row.id;
});
afterAll(() => t.close());

describe('publishing', () => {
  it('an organization in the organizer’s subtree publishes; bad input names its field', async () => {
    const res = await publish(district, {});
    expect(res.statusCode).toBe(201);
    const seen = await t.as(resident, { url: `/api/v1/activities/${res.json().id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      kindLabel: '志愿服务',
      audienceLabel: '所有居民',
      manageable: false,
      my: null,
    });

    const backwards = await publish(district, { startsAt: iso(60), endsAt: iso(30) });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors[0].field).toBe('endsAt');
    const badTime = await publish(district, { startsAt: '明天上午' });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().errors[0].field).toBe('startsAt');
    const half = await publish(district, { long: null });
    expect(half.json().errors[0].field).toBe('long');
    // an organization outside the organizer's subtree answers as if it did not exist
    const yunfu = await orgId(t, '中共云浮市委员会');
    const outside = await publish(district, { orgId: yunfu });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'orgId', code: 'org.not_found' });
    expect((await publish(resident, {})).statusCode).toBe(403);
  });

  it('an activity of another city’s tree is not visible to a resident here (404), nor listed', async () => {
    const yunfu = await orgId(t, '中共云浮市委员会');
    const res = await publish(admin, {
      orgId: yunfu,
      title: '云浮红色骑手关爱行动',
      lat: 22.92,
      long: 112.04,
    });
    expect(res.statusCode).toBe(201);
    expect((await t.as(resident, { url: `/api/v1/activities/${res.json().id}` })).statusCode).toBe(404);
    expect((await signUp(resident, res.json().id)).statusCode).toBe(404);
    const open = (await t.as(resident, { url: '/api/v1/activities' })).json();
    expect(open.items.some((a: { id: number }) => a.id === res.json().id)).toBe(false);
  });
});

describe('the list, a page at a time', () => {
  it('pages every view with its total; the open view puts the nearest first when the phone gives its place', async () => {
    const near = (
      await publish(district, { title: '分页测试·近处', lat: PLACE.lat, long: PLACE.long })
    ).json().id;
    const far = (await publish(district, { title: '分页测试·远处', lat: 24.6, long: 118.3 })).json().id;
    const first = (
      await t.as(resident, { url: `/api/v1/activities?pageSize=1&lat=${24.601}&long=${118.301}` })
    ).json();
    expect(first.items).toHaveLength(1);
    expect(first.items[0].id).toBe(far);
    expect(first.total).toBeGreaterThanOrEqual(2);
    const all = (
      await t.as(resident, { url: `/api/v1/activities?pageSize=200&lat=${PLACE.lat}&long=${PLACE.long}` })
    ).json();
    expect(all.items).toHaveLength(all.total);
    const distances = all.items
      .map((a: { distanceMetres: number | null }) => a.distanceMetres)
      .filter((d: number | null) => d !== null);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(all.items.findIndex((a: { id: number }) => a.id === near)).toBeLessThan(
      all.items.findIndex((a: { id: number }) => a.id === far),
    );
    // page 2 of 1 a page is the second row, and the pages together are the whole list
    const pages = await Promise.all(
      Array.from({ length: all.total }, (_, i) =>
        t.as(resident, {
          url: `/api/v1/activities?pageSize=1&page=${i + 1}&lat=${PLACE.lat}&long=${PLACE.long}`,
        }),
      ),
    );
    expect(pages.map((p) => p.json().items[0].id)).toEqual(all.items.map((a: { id: number }) => a.id));
    const manage = (await t.as(district, { url: '/api/v1/activities?view=manage&pageSize=1' })).json();
    expect(manage.items).toHaveLength(1);
    expect(manage.total).toBeGreaterThanOrEqual(2);
    const bad = await t.as(resident, { url: '/api/v1/activities?pageSize=201' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('pageSize');
  });
});

describe('sign-up and the waiting list', () => {
  it('simultaneous sign-ups never exceed the capacity; the rest wait in distinct positions', async () => {
    const id = (await publish(district, { title: '并发报名测试', capacity: 5 })).json().id;
    const people = await residents(16, 'race');
    const answers = await Promise.all(people.map((p) => signUp(p, id)));
    expect(answers.map((a) => a.statusCode)).toEqual(people.map(() => 200));
    const statuses = answers.map((a) => a.json());
    expect(statuses.filter((s) => s.status === 'signed_up')).toHaveLength(5);
    const waiting = statuses.filter((s) => s.status === 'waitlisted');
    expect(waiting).toHaveLength(11);
    expect(waiting.map((w) => w.waitlistPosition).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 11 }, (_, i) => i + 1),
    );
    expect(waiting.every((w) => w.label === `候补第${w.waitlistPosition}位`)).toBe(true);
    const counted = await sql<{ n: number }>`select count(*)::int as n from activity_participations
      where activity_id = ${id} and status = 'signed_up'`.execute(t.database.db);
    expect(counted.rows[0]!.n).toBe(5);
    // signing up again changes nothing
    expect((await signUp(people[0]!, id)).json()).toEqual(statuses[0]);

    // two places freed at once: the first two of the waiting list move up, in order
    const first = people[statuses.findIndex((s) => s.waitlistPosition === 1)]!;
    const second = people[statuses.findIndex((s) => s.waitlistPosition === 2)]!;
    const third = people[statuses.findIndex((s) => s.waitlistPosition === 3)]!;
    const placed = people.filter((_, i) => statuses[i]!.status === 'signed_up');
    const cancels = await Promise.all(
      placed.slice(0, 2).map((p) => t.as(p, { method: 'DELETE', url: `/api/v1/activities/${id}/sign-up` })),
    );
    expect(cancels.map((c) => c.json().status)).toEqual(['cancelled', 'cancelled']);
    const mine = async (p: Session) => (await t.as(p, { url: `/api/v1/activities/${id}` })).json().my;
    expect((await mine(first)).label).toBe('报名成功');
    expect((await mine(second)).label).toBe('报名成功');
    expect((await mine(third)).label).toBe('候补第1位');
    // a waiting person who cancels frees no place
    await t.as(third, { method: 'DELETE', url: `/api/v1/activities/${id}/sign-up` });
    const after = await t.as(district, { url: `/api/v1/activities/${id}` });
    expect(after.json()).toMatchObject({ signedUp: 5, waitlisted: 8 });
    // cancelling what was never asked for
    const none = await t.as(member, { method: 'DELETE', url: `/api/v1/activities/${id}/sign-up` });
    expect([404, 409]).toContain(none.statusCode);
  });

  it('members-only activities admit only the branch’s members (others see nothing)', async () => {
    const res = await publish(secretary, {
      orgId: branch,
      title: '支部学习《条例》',
      kind: 'study',
      audience: 'members',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect((await signUp(member, id)).json().status).toBe('signed_up');
    expect((await t.as(resident, { url: `/api/v1/activities/${id}` })).statusCode).toBe(404);
    // the organizer sees it but is not in its audience (not a member of it: a secretary is, so use district)
    const notMine = await signUp(district, id);
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().code).toBe('activity.not_eligible');
  });
});

describe('check-in, hours and points', () => {
  let id: number;
  let token: string;

  beforeAll(async () => {
    id = (await publish(district, { title: '兴隆社区敬老院慰问', kind: 'visit', capacity: 10 })).json().id;
    await signUp(resident, id);
    const code = await t.as(district, { url: `/api/v1/activities/${id}/check-in-code` });
    expect(code.statusCode).toBe(200);
    token = code.json().token;
    expect(code.json().url).toBe(`/m/check-in?token=${encodeURIComponent(token)}`);
  });

  const checkIn = (who: Session, body: Record<string, unknown>) =>
    t.as(who, { method: 'POST', url: '/api/v1/activity-check-ins', payload: body });

  it('only the organizer shows the code; a resident reads only their own sign-up', async () => {
    expect((await t.as(resident, { url: `/api/v1/activities/${id}/check-in-code` })).statusCode).toBe(403);
    expect((await t.as(resident, { url: `/api/v1/activities/${id}/participants` })).statusCode).toBe(403);
    expect((await t.as(secretary, { url: `/api/v1/activities/${id}/participants` })).statusCode).toBe(404);
    const mine = (await t.as(resident, { url: '/api/v1/activities?view=mine' })).json();
    expect(mine.items.every((a: { my: unknown }) => a.my !== null)).toBe(true);
  });

  it('refuses a forged or expired token, a far position, and a person not signed up — naming the field', async () => {
    const forged = await checkIn(resident, {
      token: `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
      position: PLACE,
    });
    expect(forged.json().errors[0]).toMatchObject({ field: 'token', code: 'activity.token_invalid' });
    expect((await checkIn(resident, { token: 'abc', position: PLACE })).json().errors[0].field).toBe('token');
    const far = await checkIn(resident, { token, position: { lat: PLACE.lat + 0.01, long: PLACE.long } });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({ field: 'position', code: 'activity.too_far' });
    expect(far.json().errors[0].message).toMatch(/距活动地点约 \d+ 米/);
    const noPosition = await checkIn(resident, { token });
    expect(noPosition.json().errors[0].field).toBe('position');
    // a token signed with the activity's key whose five minutes are over
    const { checkin_secret } = await t.database.db
      .selectFrom('activities')
      .select('checkin_secret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const payload = `${id}.${Math.floor(clock.now().getTime() / 1000) - 1}`;
    const signature = createHmac('sha256', checkin_secret).update(payload).digest('base64url').slice(0, 22);
    const expired = await checkIn(resident, { token: `${payload}.${signature}`, position: PLACE });
    expect(expired.json().errors[0]).toMatchObject({ field: 'token', code: 'activity.token_expired' });
    const stranger = await checkIn(member, { token, position: PLACE });
    expect(stranger.json().errors[0]).toMatchObject({ field: 'token', code: 'activity.not_signed_up' });
  });

  it('checks in on the spot, checks out, and approved hours grant points once, at the region’s rate', async () => {
    const before = await balance(resident);
    const served = (await t.as(resident, { url: '/api/v1/me/service' })).json();
    const ok = await checkIn(resident, { token, position: { lat: PLACE.lat + 0.001, long: PLACE.long } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().my.checkedInAt).not.toBeNull();
    // cancelling after check-in is refused
    expect(
      (await t.as(resident, { method: 'DELETE', url: `/api/v1/activities/${id}/sign-up` })).statusCode,
    ).toBe(409);
    const out = await t.as(resident, { method: 'POST', url: `/api/v1/activities/${id}/check-out` });
    expect(out.statusCode).toBe(200);
    expect(
      (await t.as(resident, { method: 'POST', url: `/api/v1/activities/${id}/check-out` })).statusCode,
    ).toBe(409);
    // as if the check-out had come 95 minutes after the check-in
    await sql`update activity_participations set checked_out_at = checked_in_at + interval '95 minutes'
      where activity_id = ${id} and user_id = ${resident.userId}`.execute(t.database.db);
    const list = (await t.as(district, { url: `/api/v1/activities/${id}/participants` })).json();
    const row = list.items.find((p: { userId: number }) => p.userId === resident.userId);
    expect(list.rule).toEqual({ pointsPerHour: 10, unitMinutes: 30 });
    // checked in 10 minutes after the start, out 95 minutes later: 95 minutes → 90 in half hours
    expect(row.computedMinutes).toBe(90);
    const approve = (body: Record<string, unknown>) =>
      t.as(district, {
        method: 'POST',
        url: `/api/v1/activities/${id}/participants/${row.id}/approval`,
        payload: body,
      });
    const noReason = await approve({ minutes: 120 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    const approved = await approve({ minutes: 120, reason: '提前到场布置会场' });
    expect(approved.json()).toEqual({ minutes: 120, points: 20 });
    expect(await balance(resident)).toBe(before + 20);
    const again = await approve({});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('activity.approved');
    expect(await balance(resident)).toBe(before + 20);
    const movements = (await t.as(resident, { url: '/api/v1/me/points' })).json().items;
    expect(movements[0]).toMatchObject({
      delta: 20,
      source: { kind: 'service_hours', id: row.id, title: '兴隆社区敬老院慰问' },
    });
    const books = await trialBalance(t.database.db);
    expect(books.reduce((s, a) => s + a.balance, 0)).toBe(0);

    const service = (await t.as(resident, { url: '/api/v1/me/service' })).json();
    expect(service).toMatchObject({
      minutes: served.minutes + 120,
      activities: served.activities + 1,
      points: served.points + 20,
    });
    expect(service.items[0]).toMatchObject({ title: '兴隆社区敬老院慰问', kindLabel: '慰问', minutes: 120 });
    expect((await t.as(resident, { url: '/api/v1/me/service?year=1999' })).statusCode).toBe(400);
  });
});

describe('a branch’s 主题党日 counts as its organizational life', () => {
  it('plans the meeting on publish and records it held, with the members who attended, on approval', async () => {
    const res = await publish(secretary, {
      orgId: branch,
      title: '主题党日：走进兴隆社区',
      kind: 'theme_day',
      audience: 'members',
    });
    const id = res.json().id;
    const activity = (await t.as(secretary, { url: `/api/v1/activities/${id}` })).json();
    expect(activity.meetingId).not.toBeNull();
    await signUp(member, id);
    const memberRow = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('user_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    const earlier = (await t.as(secretary, { url: `/api/v1/members/${memberRow.id}/service` })).json();
    const list = (await t.as(secretary, { url: `/api/v1/activities/${id}/participants` })).json();
    const p = list.items[0];
    const marked = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/activities/${id}/participants/${p.id}/attendance`,
      payload: {},
    });
    expect(marked.statusCode).toBe(200);
    const approved = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/activities/${id}/participants/${p.id}/approval`,
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().minutes).toBe(120);
    const meeting = (await t.as(secretary, { url: `/api/v1/orglife/meetings/${activity.meetingId}` })).json();
    expect(meeting).toMatchObject({ status: 'held', kind: 'theme_day' });
    expect(meeting.attendance).toEqual([
      expect.objectContaining({ memberId: memberRow.id, status: 'present' }),
    ]);
    // the member's record in the console: the year's hours
    const record = await t.as(secretary, { url: `/api/v1/members/${memberRow.id}/service` });
    expect(record.json()).toMatchObject({
      minutes: earlier.minutes + 120,
      activities: earlier.activities + 1,
    });
    expect((await t.as(resident, { url: `/api/v1/members/${memberRow.id}/service` })).statusCode).toBe(404);
  });
});

describe('volunteer teams', () => {
  it('a 红色骑手 team admits its riders to riders’ activities; its record counts them', async () => {
    const created = await t.as(district, {
      method: 'POST',
      url: '/api/v1/volunteer-teams',
      payload: { orgId: community, name: '兴隆社区红色骑手队', kind: 'riders' },
    });
    expect(created.statusCode).toBe(201);
    const team = created.json().id;
    const [rider] = await residents(1, 'rider');
    const rideOnly = (
      await publish(district, { title: '骑手交通安全宣传', teamId: team, audience: 'riders' })
    ).json().id;
    // not yet a rider: the activity is not for them
    expect((await signUp(rider!, rideOnly)).statusCode).toBe(404);
    const added = await t.as(district, {
      method: 'POST',
      url: `/api/v1/volunteer-teams/${team}/members`,
      payload: { userId: rider!.userId, role: 'leader' },
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().roster).toEqual([expect.objectContaining({ name: 'rider居民0', roleLabel: '队长' })]);
    expect((await signUp(rider!, rideOnly)).json().status).toBe('signed_up');
    expect((await signUp(member, rideOnly)).statusCode).toBe(404);
    const seen = (await t.as(rider!, { url: `/api/v1/volunteer-teams/${team}` })).json();
    expect(seen).toMatchObject({ kindLabel: '红色骑手', members: 1, activities: 1, manageable: false });
    expect(seen.record[0].title).toBe('骑手交通安全宣传');
    expect((await t.as(member, { url: `/api/v1/volunteer-teams/${team}` })).statusCode).toBe(404);
    // someone of another city's tree cannot be added
    const yunfuUser = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'chain')
      .executeTakeFirstOrThrow();
    const far = await t.as(district, {
      method: 'POST',
      url: `/api/v1/volunteer-teams/${team}/members`,
      payload: { userId: yunfuUser.id },
    });
    expect(far.json().errors[0].field).toBe('userId');
  });
});

describe('双报到 and 楼栋长', () => {
  it('a serving member reports to a community; their service there shows for the community and for their branch', async () => {
    const grid = await orgId(t, '兴隆社区第1网格党支部');
    const building = await t.as(district, {
      method: 'POST',
      url: `/api/v1/orgs/${grid}/buildings`,
      payload: { name: '兴隆花园3号楼', headName: '王阿姨', headPhone: '13900000003' },
    });
    expect(building.statusCode).toBe(201);
    const dup = await t.as(district, {
      method: 'POST',
      url: `/api/v1/orgs/${grid}/buildings`,
      payload: { name: '兴隆花园3号楼' },
    });
    expect(dup.json().errors[0].field).toBe('name');
    const options = (await t.as(member, { url: '/api/v1/me/community-options?q=兴隆' })).json();
    const xinglong = options.items.find((c: { id: number }) => c.id === community);
    expect(xinglong.buildings).toContainEqual({
      id: building.json().id,
      name: '兴隆花园3号楼',
      gridId: grid,
    });

    const yunfu = await orgId(t, '中共云浮市委员会');
    const far = await t.as(member, {
      method: 'PUT',
      url: '/api/v1/me/community-report',
      payload: { communityOrgId: yunfu },
    });
    expect(far.json().errors[0].field).toBe('communityOrgId');
    const wrongBuilding = await t.as(member, {
      method: 'PUT',
      url: '/api/v1/me/community-report',
      payload: { communityOrgId: branch, buildingId: building.json().id },
    });
    expect(wrongBuilding.json().errors[0].field).toBe('buildingId');
    expect(
      (
        await t.as(resident, {
          method: 'PUT',
          url: '/api/v1/me/community-report',
          payload: { communityOrgId: community },
        })
      ).statusCode,
    ).toBe(403);
    const reported = await t.as(member, {
      method: 'PUT',
      url: '/api/v1/me/community-report',
      payload: { communityOrgId: community, gridOrgId: grid, buildingId: building.json().id },
    });
    expect(reported.statusCode).toBe(200);
    expect(reported.json().report).toMatchObject({ buildingName: '兴隆花园3号楼' });
    // what the member already served in this community this year (the demo's activities)
    const base = reported.json().report.minutes;

    // the member serves in the community
    const id = (await publish(district, { title: '3号楼楼道杂物清理', capacity: 3 })).json().id;
    await signUp(member, id);
    const p = (await t.as(district, { url: `/api/v1/activities/${id}/participants` })).json().items[0];
    await t.as(district, {
      method: 'POST',
      url: `/api/v1/activities/${id}/participants/${p.id}/attendance`,
      payload: {},
    });
    await t.as(district, {
      method: 'POST',
      url: `/api/v1/activities/${id}/participants/${p.id}/approval`,
      payload: {},
    });

    const seenByCommunity = (
      await t.as(district, { url: `/api/v1/orgs/${community}/community-reports` })
    ).json();
    const row = seenByCommunity.items.find((i: { userId: number }) => i.userId === member.userId);
    expect(row).toMatchObject({ side: 'community', minutes: base + 120, gridName: '兴隆社区第1网格党支部' });
    expect(seenByCommunity.served).toBeGreaterThanOrEqual(1);
    const seenByBranch = (await t.as(secretary, { url: `/api/v1/orgs/${branch}/community-reports` })).json();
    expect(seenByBranch.items).toEqual([
      expect.objectContaining({ userId: member.userId, side: 'branch', minutes: base + 120 }),
    ]);
    // the branch's secretary does not run the community
    expect((await t.as(secretary, { url: `/api/v1/orgs/${community}/community-reports` })).statusCode).toBe(
      404,
    );
    const buildings = (await t.as(district, { url: `/api/v1/orgs/${community}/buildings` })).json();
    expect(buildings.items.find((b: { name: string }) => b.name === '兴隆花园3号楼')).toMatchObject({
      headName: '王阿姨',
      reported: 1,
    });
    // the member left 兴隆花园1号楼 (the demo's report) for 3号楼
    expect(buildings.items.find((b: { name: string }) => b.name === '兴隆花园1号楼')?.reported).toBe(0);
  });
});
