import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { multipart, readXlsx, xlsxOf } from '../../test/xlsx.ts';
import { fillOrgPinyin } from './service.ts';

// 组织台账 in Excel and organization search (issue 4 items 6 and 7), as the 湖里区 organization
// department (account `district`, org_admin of 中共厦门市湖里区委员会) uses them.

let t: TestApp;
let district: Session;
const HULI = '中共厦门市湖里区委员会';
const HEADERS = ['组织名称', '组织类别', '上级组织', '所在单位', '成立日期', '行政区划代码'];
let creditCode: string;

beforeAll(async () => {
  t = await createTestApp();
  district = await t.login('district');
  // the district may also read 思明区 (as an instructor there), without creating anything in it
  const user = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'district')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('role_bindings')
    .values({ user_id: user.id, role: 'instructor', org_id: await orgId(t, '中共厦门市思明区委员会') })
    .execute();
  const unit = await t.database.db
    .selectFrom('units')
    .select('credit_code')
    .where('name', '=', '厦门鹭岛智造科技有限公司')
    .executeTakeFirstOrThrow();
  creditCode = unit.credit_code!;
});
afterAll(() => t.close());

type Row = Record<string, string | number>;
const file = (rows: Row[], headers = HEADERS) => xlsxOf('党组织信息', headers, rows);

async function preview(s: Session, buffer: Buffer) {
  return t.as(s, {
    method: 'POST',
    url: '/api/v1/orgs/import/preview',
    ...multipart(buffer, '组织台账.xlsx'),
  });
}
async function commit(s: Session, batchId: number, mode: 'all' | 'good_rows') {
  return t.as(s, { method: 'POST', url: `/api/v1/orgs/import/${batchId}/commit`, payload: { mode } });
}
async function orgCount(): Promise<number> {
  const r = await t.database.db
    .selectFrom('orgs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
async function auditCount(action: string): Promise<number> {
  const r = await t.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
async function orgNamed(name: string) {
  return t.database.db.selectFrom('orgs').selectAll().where('name', '=', name).execute();
}

describe('organization import', () => {
  it('serves a template with the Chinese headers, an example row and a 说明 sheet', async () => {
    const res = await t.as(district, { url: '/api/v1/orgs/import/template.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('党组织信息导入模板.xlsx'));
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['*组织名称', '*组织类别', '*上级组织', '所在单位', '成立日期', '行政区划代码']);
    expect(rows).toHaveLength(2);
  });

  it('lists every bad row with its column and Chinese reason, writes nothing, then imports only the good rows', async () => {
    const bad = `${creditCode.slice(0, 17)}${creditCode[17] === '0' ? '1' : '0'}`;
    const rows: Row[] = [
      // a child listed before its parent
      { 组织名称: '导入测试第一支部', 组织类别: '党支部', 上级组织: '导入测试党委', 所在单位: creditCode },
      {
        组织名称: '导入测试党委',
        组织类别: '党委',
        上级组织: HULI,
        成立日期: '2020/7/1',
        行政区划代码: '350206',
      },
      { 组织名称: '导入测试甲', 组织类别: '党支部', 上级组织: '不存在的党委' },
      { 组织名称: '导入测试乙', 组织类别: '党支部', 上级组织: '中共厦门市思明区委员会' },
      { 组织名称: '导入测试丙', 组织类别: '支部', 上级组织: HULI },
      { 组织名称: '导入测试第一支部', 组织类别: '党支部', 上级组织: '导入测试党委' },
      { 组织名称: '中共厦门市湖里区直属机关工作委员会', 组织类别: '党支部', 上级组织: HULI },
      { 组织名称: '导入测试丁', 组织类别: '党支部', 上级组织: HULI, 成立日期: '2020-02-30' },
      { 组织名称: '导入测试戊', 组织类别: '党支部', 上级组织: HULI, 所在单位: bad },
      { 组织名称: '导入测试己', 组织类别: '党支部', 上级组织: '导入测试丙' },
      { 组织名称: '导入测试庚', 组织类别: '党委', 上级组织: '厦门鹭岛智造科技有限公司党支部' },
      { 组织名称: '导入测试辛', 组织类别: '党支部', 上级组织: HULI, 所在单位: '不存在的单位' },
    ];
    const orgs = await orgCount();
    const audits = await auditCount('org.import');
    const res = await preview(district, await file(rows));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ totalRows: 12, goodRows: 2, badRows: 10, toInsert: 2, unchanged: 0 });
    const byRow = Object.fromEntries(
      body.errors.map((e: { row: number; problems: Array<{ column: string; code: string }> }) => [
        e.row,
        e.problems.map((p) => `${p.column}:${p.code}`),
      ]),
    );
    expect(byRow).toEqual({
      4: ['上级组织:import.parent_unknown'],
      5: ['上级组织:import.parent_out_of_scope'],
      6: ['组织类别:import.org_type'],
      7: ['组织名称:import.duplicate_in_file'],
      8: ['组织类别:import.org_exists'],
      9: ['成立日期:import.date'],
      10: ['所在单位:credit_code.checksum'],
      11: ['上级组织:import.parent_row_bad'],
      12: ['组织类别:import.parent_type'],
      13: ['所在单位:import.unit_unknown'],
    });
    const messages = body.errors.flatMap((e: { problems: Array<{ message: string }> }) =>
      e.problems.map((p) => p.message),
    );
    expect(messages).toContain('未找到上级组织「不存在的党委」，或不在您的管理范围内');
    expect(messages).toContain('上级组织「中共厦门市思明区委员会」不在您可以新建下级组织的范围内');
    expect(messages).toContain('与第 2 行重复：同一上级组织下不能有同名党组织');
    expect(messages).toContain('上级组织下已有同名党组织，类别为党委，与本行不一致');
    expect(messages).toContain('上级组织（第 6 行）有错误，本行不能导入');
    expect(messages).toContain('党支部下不能设立党委');
    for (const m of messages) expect(m).toMatch(/[\u4e00-\u9fa5]/);
    expect(await orgCount()).toBe(orgs);
    expect(await auditCount('org.import')).toBe(audits);

    const all = await commit(district, body.batchId, 'all');
    expect(all.statusCode).toBe(409);
    expect(all.json().code).toBe('import.has_errors');
    expect(await orgCount()).toBe(orgs);

    // the batch is the caller's alone, and not a member batch
    expect(
      (await t.as(await t.login('admin'), { url: `/api/v1/orgs/import/${body.batchId}` })).statusCode,
    ).toBe(404);
    const asMembers = await t.as(district, {
      method: 'POST',
      url: `/api/v1/members/import/${body.batchId}/commit`,
      payload: { mode: 'good_rows' },
    });
    expect(asMembers.statusCode).toBe(404);
    const again = await t.as(district, { url: `/api/v1/orgs/import/${body.batchId}` });
    expect(again.json()).toMatchObject({ badRows: 10, toInsert: 2, state: 'previewed' });

    const good = await commit(district, body.batchId, 'good_rows');
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, skipped: 10 });
    expect(await orgCount()).toBe(orgs + 2);
    const [committee] = await orgNamed('导入测试党委');
    const [branch] = await orgNamed('导入测试第一支部');
    const huli = await orgId(t, HULI);
    expect(committee).toMatchObject({ parent_id: huli, type: 'committee', established_on: '2020-07-01' });
    expect(branch).toMatchObject({
      parent_id: committee!.id,
      type: 'branch',
      path: `${committee!.path}${branch!.id}/`,
    });
    expect(branch!.unit_id).not.toBeNull();
    expect(await auditCount('org.import')).toBe(audits + 1);
    const history = await t.as(district, { url: `/api/v1/orgs/${branch!.id}/history` });
    expect(history.json().items[0]).toMatchObject({ action: 'org.create', actionLabel: '新建党组织' });
    expect(history.json().items[0].after.batchId).toBe(body.batchId);

    expect((await commit(district, body.batchId, 'good_rows')).json().code).toBe('import.committed');
  });

  it('imports a clean file in one go, and the same file again creates nothing', async () => {
    const rows: Row[] = [
      { 组织名称: '幂等测试第一支部', 组织类别: '党支部', 上级组织: `${HULI}/幂等测试总支` },
      { 组织名称: '幂等测试总支', 组织类别: '党总支', 上级组织: HULI, 行政区划代码: '350206' },
      {
        组织名称: '幂等测试第二支部',
        组织类别: 'branch',
        上级组织: '幂等测试总支',
        成立日期: '2021年3月5日',
      },
    ];
    const first = await preview(district, await file(rows));
    expect(first.json()).toMatchObject({ badRows: 0, toInsert: 3, unchanged: 0 });
    const c1 = await commit(district, first.json().batchId, 'all');
    expect(c1.json()).toMatchObject({ inserted: 3, unchanged: 0, skipped: 0 });
    const orgs = await orgCount();
    const audits = await auditCount('org.create');

    // the same file, one name typed in Traditional characters: the same organizations
    rows[0]!.组织名称 = '冪等測試第一支部';
    const second = await preview(district, await file(rows));
    expect(second.json()).toMatchObject({ badRows: 0, toInsert: 0, unchanged: 3 });
    const c2 = await commit(district, second.json().batchId, 'all');
    expect(c2.json()).toMatchObject({ inserted: 0, unchanged: 3, skipped: 0 });
    expect(await orgCount()).toBe(orgs);
    expect(await auditCount('org.create')).toBe(audits);
    const [general] = await orgNamed('幂等测试总支');
    expect((await orgNamed('幂等测试第二支部'))[0]).toMatchObject({
      parent_id: general!.id,
      established_on: '2021-03-05',
      region_code: '350206',
    });
  });

  it('keeps to the caller’s subtree: a branch secretary cannot import, a district cannot reach another district', async () => {
    const rows: Row[] = [
      { 组织名称: '越权测试支部', 组织类别: '党支部', 上级组织: '中共厦门市同安区委员会' },
    ];
    const secretary = await preview(await t.login('secretary'), await file(rows));
    expect(secretary.statusCode).toBe(403);
    const res = await preview(district, await file(rows));
    expect(res.json()).toMatchObject({ badRows: 1, goodRows: 0 });
    expect(res.json().errors[0].problems[0].code).toBe('import.parent_unknown');
    const good = await commit(district, res.json().batchId, 'good_rows');
    expect(good.json()).toMatchObject({ inserted: 0, skipped: 1 });
    expect(await orgNamed('越权测试支部')).toHaveLength(0);
  });

  it('refuses a file that is not a spreadsheet, a missing header, and a JSON body', async () => {
    const junk = await preview(district, Buffer.from('not a spreadsheet'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().errors[0]).toMatchObject({ field: 'file', code: 'import.file' });
    const noHeader = await preview(district, await file([{ 组织名称: '甲' }], ['组织名称', '上级组织']));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().detail).toContain('组织类别');
    const empty = await preview(district, await file([]));
    expect(empty.statusCode).toBe(400);
    const json = await t.as(district, {
      method: 'POST',
      url: '/api/v1/orgs/import/preview',
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
  });
});

describe('organization search by pinyin and initials', () => {
  async function names(s: Session, q: string): Promise<string[]> {
    const res = await t.as(s, { url: `/api/v1/orgs?q=${encodeURIComponent(q)}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((o: { name: string }) => o.name);
  }

  it('finds 中共厦门市湖里区委员会 by pinyin from any syllable, by initials and in Traditional characters', async () => {
    const admin = await t.login('admin');
    for (const q of ['huli', 'huliquwei', 'HuLi', 'hlq', 'zgxmshlq', '湖裡區', 'hu li']) {
      expect(await names(admin, q), q).toContain(HULI);
    }
    // a syllable boundary is needed: "uli" is inside hu-li, not at its start
    expect(await names(admin, 'uli')).not.toContain(HULI);
  });

  it('keeps to the caller’s scope', async () => {
    expect(await names(await t.login('admin'), 'tongan')).toContain('中共厦门市同安区委员会');
    expect(await names(district, 'tongan')).not.toContain('中共厦门市同安区委员会');
    expect(await names(district, 'taq')).toEqual([]);
  });

  it('finds an organization created or renamed through the API, and fills in those registered before', async () => {
    const admin = await t.login('admin');
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/orgs',
      payload: { name: '鼓浪屿试点党总支', type: 'general_branch', parentId: await orgId(t, HULI) },
    });
    expect(created.statusCode).toBe(201);
    expect(await names(admin, 'gulangyu')).toContain('鼓浪屿试点党总支');
    await t.as(admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${created.json().id}`,
      payload: { name: '筼筜试点党总支' },
    });
    expect(await names(admin, 'yundang')).toContain('筼筜试点党总支');
    expect(await names(admin, 'gulangyu')).not.toContain('鼓浪屿试点党总支');

    // an organization from before migration 0030 has no pinyin until the server fills it in at start
    await t.database.db.updateTable('orgs').set({ name_pinyin: null, name_initials: null }).execute();
    expect(await names(admin, 'huli')).not.toContain(HULI);
    expect(await fillOrgPinyin(t.database.db)).toBeGreaterThan(100);
    expect(await names(admin, 'huli')).toContain(HULI);
    expect(await fillOrgPinyin(t.database.db)).toBe(0);
  });
});
