import { addDays, addMonths } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type TestApp } from '../../test/harness.ts';
import { sweep } from '../compliance/engine.ts';

let t: TestApp;
let branch: number;
const today = clock.today();
const lastMonth = addMonths(today.slice(0, 7), -1);

beforeAll(async () => {
  t = await createTestApp();
  branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
});
afterAll(() => t.close());

function multipart(name: string, type: string, content: Buffer) {
  const boundary = '----hl-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

describe('organizational life', () => {
  it('has a year of demo meetings, most held, with attendance', async () => {
    const secretary = await t.login('secretary');
    const res = await t.as(secretary, { url: `/api/v1/orglife/meetings?orgId=${branch}&month=${lastMonth}` });
    expect(res.statusCode, res.body).toBe(200);
    const kinds = res.json().items.map((m: { kind: string }) => m.kind);
    expect(kinds).toContain('branch_committee');
    const held = res.json().items.find((m: { status: string; present: number }) => m.status === 'held');
    expect(held).toBeDefined();
  });

  it('plans a meeting, records it held with attendance and minutes, and refuses a stranger or a future date', async () => {
    const secretary = await t.login('secretary');
    const plan = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/orglife/meetings',
      payload: {
        orgId: branch,
        kind: 'lecture',
        title: '书记讲党课：学习支部工作条例',
        plannedOn: today,
        lecturer: '林晓东',
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const meeting = plan.json();
    expect(meeting).toMatchObject({
      status: 'planned',
      kindLabel: '党课',
      actions: ['record', 'cancel', 'upload'],
    });
    const [a, b] = meeting.members;
    const stranger = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '<>', branch)
      .executeTakeFirstOrThrow();
    const bad = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/record`,
      payload: { heldOn: today, attendance: [{ memberId: stranger.id, status: 'present' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('attendance.0.memberId');
    const future = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/record`,
      payload: { heldOn: '2999-01-01', attendance: [] },
    });
    expect(future.json().errors[0].field).toBe('heldOn');
    const rec = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/record`,
      payload: {
        heldOn: today,
        minutes: '学习《中国共产党支部工作条例（试行）》',
        attendance: [
          { memberId: a.id, status: 'present' },
          { memberId: b.id, status: 'excused', note: '出差' },
        ],
      },
    });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json()).toMatchObject({ status: 'held', heldOn: today, present: 1, excused: 1, absent: 0 });
    expect(rec.json().attendance.map((x: { statusLabel: string }) => x.statusLabel)).toEqual([
      '出席',
      '请假',
    ]);
    const cancel = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/cancel`,
      payload: { reason: 'x' },
    });
    expect(cancel.json().code).toBe('orglife.state');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'meeting')
      .where('entity_id', '=', String(meeting.id))
      .execute();
    expect(audit.map((e) => e.action).sort()).toEqual(['orglife.plan', 'orglife.record']);

    // photos and files, with type and size limits
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const up = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/files`,
      ...multipart('合影.png', 'image/png', png),
    });
    expect(up.statusCode, up.body).toBe(201);
    const exe = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/files`,
      ...multipart('a.exe', 'application/x-msdownload', png),
    });
    expect(exe.statusCode).toBe(415);
    const big = await t.as(secretary, {
      method: 'POST',
      url: `/api/v1/orglife/meetings/${meeting.id}/files`,
      ...multipart('big.pdf', 'application/pdf', Buffer.alloc(5 * 1024 * 1024 + 10, 1)),
    });
    expect(big.statusCode).toBe(413);
    const detail = await t.as(secretary, { url: `/api/v1/orglife/meetings/${meeting.id}` });
    expect(detail.json().files).toEqual([
      expect.objectContaining({ kind: 'photo', name: '合影.png', sizeBytes: png.length }),
    ]);
    const file = await t.as(secretary, {
      url: `/api/v1/orglife/meetings/${meeting.id}/files/${detail.json().files[0].id}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    const outsider = await t.as(await t.login('district'), { url: `/api/v1/orglife/meetings/${meeting.id}` });
    expect(outsider.statusCode).toBe(200);
    const member = await t.as(await t.login('member'), { url: `/api/v1/orglife/meetings/${meeting.id}` });
    expect(member.statusCode).toBe(404);
  });

  it('keeps meeting files by what their bytes are, and shows only checked images inline', async () => {
    const secretary = await t.login('secretary');
    const planned = await t.as(secretary, {
      method: 'POST',
      url: '/api/v1/orglife/meetings',
      payload: { orgId: branch, kind: 'branch_committee', plannedOn: today, title: '材料类型测试' },
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const meeting = planned.json().id as number;
    const upload = (name: string, type: string, content: Buffer) =>
      t.as(secretary, {
        method: 'POST',
        url: `/api/v1/orglife/meetings/${meeting}/files`,
        ...multipart(name, type, content),
      });
    // HTML claiming to be a photo is not a photo
    const html = await upload('合影.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(400);
    expect(html.json().errors[0].field).toBe('file');
    expect(html.headers['content-type']).toContain('application/problem+json');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const photo = await upload('合影.png', 'image/png', png);
    expect(photo.statusCode, photo.body).toBe(201);
    const pdf = await upload('会议记录.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    expect(pdf.statusCode, pdf.body).toBe(201);
    const photoBack = await t.as(secretary, {
      url: `/api/v1/orglife/meetings/${meeting}/files/${photo.json().id}`,
    });
    expect(photoBack.headers['content-type']).toBe('image/png');
    expect(photoBack.headers['content-disposition']).toMatch(/^inline; /);
    const pdfBack = await t.as(secretary, {
      url: `/api/v1/orglife/meetings/${meeting}/files/${pdf.json().id}`,
    });
    expect(pdfBack.headers['content-type']).toBe('application/pdf');
    expect(pdfBack.headers['content-disposition']).toMatch(/^attachment; /);
    // a file stored before types were checked is served by its bytes, not by the type it was stored with
    await t.database.db
      .updateTable('meeting_files')
      .set({ content: Buffer.from('<html><script>alert(1)</script></html>') })
      .where('id', '=', photo.json().id)
      .execute();
    const old = await t.as(secretary, {
      url: `/api/v1/orglife/meetings/${meeting}/files/${photo.json().id}`,
    });
    expect(old.headers['content-type']).toBe('application/octet-stream');
    expect(old.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('shows a calendar with the region’s fixed theme day (Longyan: the 15th) and what each period still needs', async () => {
    const admin = await t.login('admin');
    const longyan = (
      await sql<{ id: number }>`select o.id from orgs o where o.type = 'branch' and o.region_code like '3508%'
        and exists (select 1 from members m where m.org_id = o.id) order by o.id limit 1`.execute(
        t.database.db,
      )
    ).rows[0]!.id;
    const cal = await t.as(admin, { url: `/api/v1/orglife/calendar?orgId=${longyan}&month=${lastMonth}` });
    expect(cal.statusCode, cal.body).toBe(200);
    expect(cal.json().themeDay).toBe(15);
    const theme = cal.json().events.find((e: { kind: string }) => e.kind === 'theme_day');
    expect(theme?.date).toBe(`${lastMonth}-15`);
    expect(cal.json().requirements.find((r: { kind: string }) => r.kind === 'lecture').period).toMatch(
      /-Q\d$/,
    );
    const xiamen = await t.as(admin, { url: `/api/v1/orglife/calendar?orgId=${branch}&month=${lastMonth}` });
    expect(xiamen.json().themeDay).toBeNull();
    expect(xiamen.json().requirements.find((r: { kind: string }) => r.kind === 'lecture').period).toMatch(
      /^\d{4}$/,
    );
    const bad = await t.as(admin, { url: `/api/v1/orglife/calendar?orgId=${branch}&month=2026-13` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('month');
  });

  it('an organization cannot exempt itself: the superior decides, and the decision is recorded', async () => {
    const db = t.database.db;
    const huli = await orgId(t, '中共厦门市湖里区委员会');
    const body = (org: number) => ({
      orgId: org,
      kind: 'lecture',
      validFrom: '2021-01-01',
      validUntil: '2021-06-30',
      reason: '支部书记长期外派',
      approvedBy: '湖里区两新工委',
    });
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('orglife_exemptions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    // the branch's own secretary (orglife.manage over the branch) cannot grant its own exemption
    const own = await t.as(await t.login('secretary'), {
      method: 'POST',
      url: '/api/v1/orglife/exemptions',
      payload: body(branch),
    });
    expect(own.statusCode, own.body).toBe(403);
    expect(own.json()).toMatchObject({ code: 'forbidden' });
    expect(own.json().errors[0]).toMatchObject({ field: 'orgId' });
    // nor the district its own district
    const district = await t.login('district');
    const self = await t.as(district, {
      method: 'POST',
      url: '/api/v1/orglife/exemptions',
      payload: body(huli),
    });
    expect(self.statusCode, self.body).toBe(403);
    expect(await count()).toBe(before);
    // the district, above the branch, decides: who, when, on whose behalf and why are kept and audited
    const ok = await t.as(district, {
      method: 'POST',
      url: '/api/v1/orglife/exemptions',
      payload: body(branch),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const list = await t.as(await t.login('secretary'), {
      url: `/api/v1/orglife/exemptions?orgId=${branch}`,
    });
    const item = list.json().items.find((i: { id: number }) => i.id === ok.json().id);
    expect(item).toMatchObject({
      reason: '支部书记长期外派',
      decidedById: district.userId,
      decidedByOrgId: huli,
      decidedByOrgName: '中共厦门市湖里区委员会',
    });
    expect(item.decidedByName).toBe('湖里区委组织部（两新工委）');
    expect(item.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const event = await db
      .selectFrom('audit_events')
      .select(['actor_id', 'after'])
      .where('action', '=', 'orglife.exemption')
      .where('entity_id', '=', String(ok.json().id))
      .executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(district.userId);
    expect(event.after).toMatchObject({ reason: '支部书记长期外派', decidedByOrgId: huli });
  });

  it('an approved exemption is data: the engine does not fault an exempt period', async () => {
    const secretary = await t.login('secretary');
    await sql`delete from meetings where org_id = ${branch} and kind = 'branch_general'`.execute(
      t.database.db,
    );
    const cal = await t.calendar.calendar();
    const path = (
      await t.database.db.selectFrom('orgs').select('path').where('id', '=', branch).executeTakeFirstOrThrow()
    ).path;
    await sweep(t.database.db, path, today, { calendar: cal, rules: ['O6'] });
    const open = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from findings where org_id = ${branch} and rule_code = 'O6'
        and aspect = 'branch_general' and status = 'open'`.execute(t.database.db)
      ).rows[0]!.n;
    expect(await open()).toBeGreaterThan(0);
    // decided above the branch (the district), then read by the branch
    const ex = await t.as(await t.login('district'), {
      method: 'POST',
      url: '/api/v1/orglife/exemptions',
      payload: {
        orgId: branch,
        kind: 'branch_general',
        validFrom: '2020-01-01',
        reason: '企业停产整顿期间',
        approvedBy: '湖里区两新工委',
      },
    });
    expect(ex.statusCode, ex.body).toBe(201);
    await sweep(t.database.db, path, today, { calendar: cal, rules: ['O6'] });
    expect(await open()).toBe(0);
    const list = await t.as(secretary, { url: `/api/v1/orglife/exemptions?orgId=${branch}` });
    expect(list.json().items.find((i: { id: number }) => i.id === ex.json().id)).toMatchObject({
      kindLabel: '支部党员大会',
      approvedBy: '湖里区两新工委',
    });
  });
});

describe('我的组织生活 (a member’s own meetings)', () => {
  it('shows the branch’s coming meetings, the member’s own attendance and the meetings missed this year', async () => {
    const secretary = await t.login('secretary');
    const member = await t.login('member');
    const me = (await t.as(member, { url: '/api/v1/me/member' })).json();
    const other = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', branch)
      .where('id', '<>', me.id)
      .where('stage', '=', 'full')
      .where('status', '=', 'normal')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const post = async (url: string, payload: Record<string, unknown>) => {
      const res = await t.as(secretary, { method: 'POST', url, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const coming = await post('/api/v1/orglife/meetings', {
      orgId: branch,
      kind: 'theme_day',
      title: '主题党日：走进社区志愿服务',
      plannedOn: addDays(today, 7),
      location: '兴隆社区党群服务中心',
    });
    const committee = await post('/api/v1/orglife/meetings', {
      orgId: branch,
      kind: 'branch_committee',
      title: '支委会：研究发展党员工作',
      plannedOn: addDays(today, 3),
    });
    const missed = await post('/api/v1/orglife/meetings/held', {
      orgId: branch,
      kind: 'branch_general',
      title: '支部党员大会：学习贯彻全会精神',
      heldOn: today,
      attendance: [
        { memberId: me.id, status: 'absent' },
        { memberId: other.id, status: 'present' },
      ],
    });
    const excused = await post('/api/v1/orglife/meetings/held', {
      orgId: branch,
      kind: 'lecture',
      title: '党课：党章学习',
      heldOn: today,
      attendance: [
        { memberId: me.id, status: 'excused', note: '出差' },
        { memberId: other.id, status: 'absent' },
      ],
    });

    const res = await t.as(member, { url: '/api/v1/me/meetings' });
    expect(res.statusCode, res.body).toBe(200);
    const mine = res.json();
    expect(mine.year).toBe(Number(today.slice(0, 4)));
    expect(mine.upcoming.find((m: { id: number }) => m.id === coming)).toMatchObject({
      title: '主题党日：走进社区志愿服务',
      kindLabel: '主题党日',
      date: addDays(today, 7),
      location: '兴隆社区党群服务中心',
      myStatus: null,
    });
    // a 支委会 is for the members of the current committee only (the demo member is one of them)
    const seat = await t.database.db
      .selectFrom('org_committee_members as cm')
      .innerJoin('org_terms as term', 'term.id', 'cm.term_id')
      .select('cm.id')
      .where('term.org_id', '=', branch)
      .where('term.state', '=', 'current')
      .where('cm.member_id', '=', me.id)
      .executeTakeFirst();
    expect(mine.upcoming.some((m: { id: number }) => m.id === committee)).toBe(seat !== undefined);
    if (seat) {
      await t.database.db.deleteFrom('org_committee_members').where('id', '=', seat.id).execute();
      const after = (await t.as(member, { url: '/api/v1/me/meetings' })).json();
      expect(after.upcoming.some((m: { id: number }) => m.id === committee)).toBe(false);
      expect(after.upcoming.some((m: { id: number }) => m.id === coming)).toBe(true);
    }
    expect(mine.past.find((m: { id: number }) => m.id === missed)).toMatchObject({
      myStatus: 'absent',
      myStatusLabel: '缺席',
    });
    // the member's own status, not the other member's
    expect(mine.past.find((m: { id: number }) => m.id === excused)).toMatchObject({
      myStatus: 'excused',
      myStatusLabel: '请假',
    });
    expect(mine.missed.map((m: { id: number }) => m.id)).toContain(missed);
    expect(mine.missed.map((m: { id: number }) => m.id)).not.toContain(excused);
    expect(mine.thisYear.absent).toBe(mine.missed.length);
    expect(mine.missed.every((m: { myStatus: string }) => m.myStatus === 'absent')).toBe(true);
    expect(mine.past.every((m: { date: string }) => m.date <= today)).toBe(true);

    // another branch's meetings never show
    const elsewhere = await t.database.db
      .selectFrom('meetings')
      .select('id')
      .where('org_id', '<>', branch)
      .where('status', '=', 'held')
      .execute();
    const shown = new Set([...mine.upcoming, ...mine.past].map((m: { id: number }) => m.id));
    expect(elsewhere.some((m) => shown.has(m.id))).toBe(false);

    // an account without a member record has no meetings of its own
    const admin = await t.login('admin');
    const none = await t.as(admin, { url: '/api/v1/me/meetings' });
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toContain('尚未关联党员档案');
    expect((await t.as(null, { url: '/api/v1/me/meetings' })).statusCode).toBe(401);
  });
});
