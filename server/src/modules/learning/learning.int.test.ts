import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let member: Session;
let resident: Session;
let branch: number;
let xiamen: number;
let huli: number;
let longyan: number;

const post = (who: Session, url: string, payload: unknown) =>
  t.as(who, { method: 'POST', url, payload: payload as never });
const get = (who: Session, url: string) => t.as(who, { url });

async function publish(who: Session, body: Record<string, unknown>) {
  return post(who, '/api/v1/learning/materials', {
    orgId: huli,
    kind: 'article',
    title: '湖里区学习材料',
    body: '演示正文',
    estimatedMinutes: 45,
    ...body,
  });
}

async function auditActions(entityId: number, entityType = 'learning_material') {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select('action')
    .where('entity_id', '=', String(entityId))
    .where('entity_type', '=', entityType)
    .where('action', 'like', 'learning.%')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  resident = await t.login('resident');
  xiamen = await orgId(t, '中共厦门市委员会');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  longyan = await orgId(t, '中共龙岩市委员会');
  const row = await t.database.db
    .selectFrom('users')
    .select('org_id')
    .where('username', '=', 'secretary')
    .executeTakeFirstOrThrow();
  branch = row.org_id!;
});
afterAll(() => t.close());

describe('the demo', () => {
  it('gives the member an assignment from the branch, finished by the secretary', async () => {
    const me = (await get(member, '/api/v1/me/learning')).json();
    expect(me.assigned.length).toBeGreaterThan(0);
    expect(me.assigned[0]).toMatchObject({ kind: 'article', progress: 0, finishedAt: null });
    expect(me.orgLife).toMatchObject({ counts: true, minutesPerHour: 45, capHours: 16, targetHours: 32 });
    const list = (await get(secretary, '/api/v1/learning/assignments')).json();
    expect(list.items[0]).toMatchObject({ finished: 1 });
    expect(list.items[0].reached).toBeGreaterThan(1);
  });
});

describe('publishing and reading', () => {
  it('a district publishes; a member below reads it, a member elsewhere does not; Traditional finds Simplified', async () => {
    const res = await publish(district, { title: '紅色勤務員學習材料', body: '關於基層治理' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const found = (
      await get(member, `/api/v1/learning/materials?q=${encodeURIComponent('红色勤务员')}`)
    ).json();
    expect(found.items.map((m: { id: number }) => m.id)).toContain(id);
    const found2 = (await get(member, `/api/v1/learning/materials?q=${encodeURIComponent('基層')}`)).json();
    expect(found2.items.map((m: { id: number }) => m.id)).toContain(id);
    expect((await get(member, `/api/v1/learning/materials/${id}`)).json()).toMatchObject({
      orgName: '中共厦门市湖里区委员会',
      manageable: false,
      my: null,
    });
    // a resident (no member record, no role over the district) sees the national materials only
    expect((await get(resident, `/api/v1/learning/materials/${id}`)).statusCode).toBe(404);
    const national = (await get(resident, '/api/v1/learning/materials')).json();
    expect(national.items.every((m: { orgId: number | null }) => m.orgId === null)).toBe(true);
    expect(national.total).toBeGreaterThan(0);
    expect(await auditActions(id)).toEqual(['learning.material_publish']);
  });

  it('bad input names its field in Chinese', async () => {
    const noBody = await publish(district, { body: undefined });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().errors[0]).toMatchObject({ field: 'body' });
    const video = await publish(district, { kind: 'video', body: undefined });
    expect(video.json().errors[0].field).toBe('url');
    const badUrl = await publish(district, { url: 'ftp://x' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().errors[0].field).toBe('url');
    const minutes = await publish(district, { estimatedMinutes: 0 });
    expect(minutes.json().errors[0]).toMatchObject({
      field: 'estimatedMinutes',
      message: '预计学习时长至少 1 分钟',
    });
    const kind = await publish(district, { kind: 'book' });
    expect(kind.json().errors[0].field).toBe('kind');
    const future = await publish(district, { publishedOn: '2999-01-01' });
    expect(future.json().errors[0].field).toBe('publishedOn');
    const outside = await publish(district, { orgId: longyan });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0]).toMatchObject({ field: 'orgId' });
    expect((await publish(member, {})).statusCode).toBe(403);
    const topic = await post(district, '/api/v1/learning/topics', { orgId: huli, name: '' });
    expect(topic.json().errors[0].field).toBe('name');
  });

  it('reading is the member’s own, moves forward only, is idempotent, and finishes at 100', async () => {
    const id = (await publish(district, { title: '按进度阅读', estimatedMinutes: 10 })).json().id;
    const url = `/api/v1/learning/materials/${id}/reading`;
    expect((await post(member, url, { progress: 30, minutes: 2 })).json()).toMatchObject({
      progress: 30,
      finishedAt: null,
    });
    expect((await post(member, url, { progress: 10, minutes: 1 })).json()).toMatchObject({
      progress: 30,
      minutes: 2,
    });
    const done = (await post(member, url, { progress: 100, minutes: 8 })).json();
    expect(done.finishedAt).not.toBeNull();
    const again = (await post(member, url, { progress: 100, minutes: 8 })).json();
    expect(again.finishedAt).toBe(done.finishedAt);
    const bad = await post(member, url, { progress: 101 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('progress');
    const tooLong = await post(member, url, { minutes: 31 });
    expect(tooLong.json().errors[0].field).toBe('minutes');
    // staff without a member record read but do not record
    expect((await post(district, url, { progress: 10 })).json().code).toBe('learning.not_member');
    expect(await auditActions(id)).toEqual(['learning.material_publish', 'learning.open', 'learning.finish']);
  });

  it('a video by link is finished when marked watched after opening it', async () => {
    const id = (
      await publish(district, { kind: 'video', url: 'https://www.12371.cn/', body: '', estimatedMinutes: 20 })
    ).json().id;
    const url = `/api/v1/learning/materials/${id}/reading`;
    expect((await post(member, url, { finished: true })).json().errors[0].field).toBe('finished');
    expect((await post(member, url, {})).json()).toMatchObject({ progress: 0, finishedAt: null });
    expect((await post(member, url, { finished: true })).json().progress).toBe(100);
  });

  it('a withdrawn material leaves the members’ list and takes no more reading', async () => {
    const id = (await publish(district, { title: '将撤回的材料' })).json().id;
    expect((await post(secretary, `/api/v1/learning/materials/${id}/withdraw`, {})).statusCode).toBe(404);
    expect((await post(district, `/api/v1/learning/materials/${id}/withdraw`, {})).statusCode).toBe(200);
    expect((await post(district, `/api/v1/learning/materials/${id}/withdraw`, {})).json().code).toBe(
      'learning.withdrawn',
    );
    expect((await get(member, `/api/v1/learning/materials/${id}`)).statusCode).toBe(404);
    expect((await get(district, `/api/v1/learning/materials/${id}`)).json().status).toBe('withdrawn');
  });
});

describe('assignments and completion', () => {
  it('the secretary assigns a district material to the branch; completion lists who finished and exports', async () => {
    const material = (await publish(district, { title: '支部必学材料', estimatedMinutes: 45 })).json().id;
    const res = await post(secretary, '/api/v1/learning/assignments', {
      orgId: branch,
      materialId: material,
      workdays: 5,
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const before = (await get(secretary, `/api/v1/learning/assignments/${id}`)).json();
    expect(before.finished).toBe(0);
    expect(before.members.every((m: { state: string }) => m.state === 'pending')).toBe(true);
    // 5 working days by the calendar: a provisional flag only when the holidays of a year are unknown
    const cal = (await get(secretary, `/api/v1/calendar/${before.dueOn.slice(0, 4)}`)).json();
    expect(before.dueOn > before.assignedOn).toBe(true);
    if (!cal.provisional && before.assignedOn.slice(0, 4) === before.dueOn.slice(0, 4))
      expect(before.dueProvisional).toBe(false);

    const mine = (await get(member, '/api/v1/me/learning')).json();
    expect(mine.assigned.find((a: { assignmentId: number }) => a.assignmentId === id)).toMatchObject({
      materialId: material,
      dueOn: before.dueOn,
    });
    await post(member, `/api/v1/learning/materials/${material}/reading`, { progress: 100, minutes: 40 });
    const after = (await get(secretary, `/api/v1/learning/assignments/${id}`)).json();
    expect(after.finished).toBe(1);
    expect(after.members.find((m: { state: string }) => m.state === 'on_time')).toMatchObject({
      name: '陈嘉怡',
    });
    expect(after.branches).toEqual([
      expect.objectContaining({ orgId: branch, reached: after.reached, finished: 1 }),
    ]);
    const record = (await get(member, '/api/v1/me/learning')).json();
    expect(record.reads.find((r: { materialId: number }) => r.materialId === material)).toMatchObject({
      counted: true,
    });
    expect(record.orgLife.countedMinutes).toBeGreaterThanOrEqual(45);
    expect(record.orgLife.creditedHours).toBeGreaterThanOrEqual(1);

    const xlsx = await get(secretary, `/api/v1/learning/assignments/${id}/export`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('党员完成情况')!;
    expect(sheet.rowCount).toBe(after.reached + 1);
    const names = sheet.getColumn(2).values as string[];
    expect(names).toContain('陈嘉怡');
    const states = sheet.getColumn(3).values as string[];
    expect(states).toContain('按期完成');
    expect(wb.getWorksheet('各支部完成率')!.getRow(2).getCell(3).value).toBe(1);
    expect(await auditActions(id, 'learning_assignment')).toEqual(['learning.assign']);
  });

  it('named members only; a topic; validation names its fields; outside the subtree is refused', async () => {
    const people = await t.database.db
      .selectFrom('members')
      .select(['id', 'name'])
      .where('org_id', '=', branch)
      .where('user_id', 'is', null)
      .orderBy('id')
      .limit(2)
      .execute();
    const topic = (await post(district, '/api/v1/learning/topics', { orgId: huli, name: '湖里专题' })).json()
      .id;
    await publish(district, { title: '专题一', topicId: topic });
    await publish(district, { title: '专题二', topicId: topic });
    const res = await post(secretary, '/api/v1/learning/assignments', {
      orgId: branch,
      topicId: topic,
      memberIds: people.map((p) => p.id),
      dueOn: clock.today(),
    });
    expect(res.statusCode).toBe(201);
    const a = (await get(secretary, `/api/v1/learning/assignments/${res.json().id}`)).json();
    expect(a).toMatchObject({ target: 'members', reached: 2 });
    expect(a.members[0].materials).toBe(2);
    // the demo member is not named: not assigned
    const mine = (await get(member, '/api/v1/me/learning')).json();
    expect(mine.assigned.some((x: { assignmentId: number }) => x.assignmentId === res.json().id)).toBe(false);

    const field = async (body: Record<string, unknown>) =>
      (
        await post(secretary, '/api/v1/learning/assignments', {
          orgId: branch,
          topicId: topic,
          workdays: 3,
          ...body,
        })
      ).json().errors?.[0]?.field;
    expect(await field({ workdays: undefined })).toBe('dueOn');
    expect(await field({ dueOn: '2000-01-01', workdays: undefined })).toBe('dueOn');
    expect(await field({ workdays: 0 })).toBe('workdays');
    expect(await field({ topicId: undefined })).toBe('materialId');
    expect(await field({ orgId: huli })).toBe('orgId');
    expect(await field({ topicId: 999_999_999 })).toBe('topicId');
    const longyanTopic = (
      await post(admin, '/api/v1/learning/topics', { orgId: longyan, name: '龙岩专题' })
    ).json().id;
    expect(await field({ topicId: longyanTopic })).toBe('topicId');
    const outsider = await t.database.db
      .selectFrom('members as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select('m.id')
      .where('o.path', 'like', `/${longyan}/%`)
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(await field({ memberIds: [outsider.id] })).toBe('memberIds');
  });

  it('who may see an assignment: its organization’s managers and those above, nobody else', async () => {
    const material = (await publish(district, { title: '权限矩阵材料' })).json().id;
    const id = (
      await post(secretary, '/api/v1/learning/assignments', {
        orgId: branch,
        materialId: material,
        workdays: 3,
      })
    ).json().id;
    const url = `/api/v1/learning/assignments/${id}`;
    expect((await get(secretary, url)).statusCode).toBe(200);
    expect((await get(district, url)).statusCode).toBe(200);
    expect((await get(admin, url)).statusCode).toBe(200);
    expect((await get(member, url)).statusCode).toBe(403);
    expect((await get(member, '/api/v1/learning/assignments')).statusCode).toBe(403);
    const chain = await t.login('chain');
    expect((await get(chain, url)).statusCode).toBe(403);
    // a district assignment is not the branch secretary's
    const upper = (
      await post(district, '/api/v1/learning/assignments', { orgId: huli, materialId: material, workdays: 3 })
    ).json().id;
    expect((await get(secretary, `/api/v1/learning/assignments/${upper}`)).statusCode).toBe(404);
    expect((await get(district, `/api/v1/learning/assignments/${upper}`)).json().reached).toBeGreaterThan(10);
    expect((await post(secretary, `/api/v1/learning/assignments/${upper}/withdraw`, {})).statusCode).toBe(
      404,
    );
    expect((await post(district, `/api/v1/learning/assignments/${upper}/withdraw`, {})).statusCode).toBe(200);
    expect(await auditActions(upper, 'learning_assignment')).toEqual([
      'learning.assign',
      'learning.assignment_withdraw',
    ]);
    // a branch's material cannot be assigned to the district above it
    const own = (await publish(secretary, { orgId: branch, title: '支部自己的材料' })).json().id;
    const up = await post(district, '/api/v1/learning/assignments', {
      orgId: huli,
      materialId: own,
      workdays: 3,
    });
    expect(up.json().errors[0]).toMatchObject({ field: 'materialId', code: 'learning.material_scope' });
  });

  it('a member’s record is read by those who may read the member, not by the member’s peers', async () => {
    const self = (await get(member, '/api/v1/me/learning')).json();
    expect((await get(secretary, `/api/v1/members/${self.memberId}/learning`)).json().memberId).toBe(
      self.memberId,
    );
    expect((await get(district, `/api/v1/members/${self.memberId}/learning`)).statusCode).toBe(200);
    expect((await get(member, `/api/v1/members/${self.memberId}/learning`)).statusCode).toBe(404);
    const chain = await t.login('chain');
    expect((await get(chain, `/api/v1/members/${self.memberId}/learning`)).statusCode).toBe(404);
    expect((await get(resident, '/api/v1/me/learning')).statusCode).toBe(404);
    expect((await get(member, '/api/v1/me/learning?year=abc')).json().errors[0].field).toBe('year');
  });
});

describe('the region decides what counts', () => {
  it('outside Xiamen (national default) study is recorded but not counted', async () => {
    await t.database.db
      .updateTable('learning_credit_rules')
      .set({ counts: false })
      .where('region_prefix', '=', '3502')
      .execute();
    const r = (await get(member, '/api/v1/me/learning')).json();
    expect(r.orgLife).toMatchObject({ counts: false, creditedHours: 0 });
    expect(r.reads.every((x: { counted: boolean }) => !x.counted)).toBe(true);
    await t.database.db
      .updateTable('learning_credit_rules')
      .set({ counts: true })
      .where('region_prefix', '=', '3502')
      .execute();
    expect(xiamen).toBeGreaterThan(0);
  });
});
