import { addDays } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { multipart, xlsxOf } from '../../test/xlsx.ts';

/**
 * 清单导入 (issue 12 item 5) on the demo city's 金铜产业链综合党委: the office (`chain`) imports the
 * three lists for any member, a member enterprise's staff (`chain-member`) for its own organization
 * only; the preview writes nothing but the batch and lists bad rows (row, column, reason); the commit
 * writes `all` (only when clean) or the good rows, once, each item audited; a second import of the
 * same rows updates the open items instead of adding them again; imported items are matched at once.
 */
let t: TestApp;
let chain: Session;
let member: Session;
let district: Session;
let jintong: number;
let fuan: number;
let orgA: { orgId: number; name: string };
let orgB: { orgId: number; name: string };
let memberOwn: { orgId: number; name: string };
let memberOther: { orgId: number; name: string };
let officeName: string;
const today = clock.today();
const HEADERS = ['清单', '标题', '发布单位', '类别', '标签', '说明', '数量', '有效期起', '有效期止'];

type Row = Record<string, string | number>;
const db = () => t.database.db;
const base = () => `/api/v1/alliances/${jintong}/list-items/import`;

async function upload(s: Session, rows: Row[], allianceId = jintong, headers = HEADERS) {
  return t.as(s, {
    method: 'POST',
    url: `/api/v1/alliances/${allianceId}/list-items/import`,
    ...multipart(await xlsxOf('清单', headers, rows), '联盟清单.xlsx'),
  });
}
async function commit(s: Session, batchId: number, mode: string) {
  return t.as(s, { method: 'POST', url: `${base()}/${batchId}/commit`, payload: { mode } });
}
const itemCount = async () =>
  Number(
    (
      await db()
        .selectFrom('alliance_list_items')
        .select((e) => e.fn.countAll().as('n'))
        .where('alliance_id', '=', jintong)
        .executeTakeFirstOrThrow()
    ).n,
  );
const itemsTitled = (title: string) =>
  db()
    .selectFrom('alliance_list_items')
    .selectAll()
    .where('alliance_id', '=', jintong)
    .where('title', '=', title)
    .execute();
const importAudits = async (ids: number[]) =>
  ids.length === 0
    ? 0
    : Number(
        (
          await db()
            .selectFrom('audit_events')
            .select((e) => e.fn.countAll().as('n'))
            .where('action', '=', 'alliance.list_item_import')
            .where('entity_type', '=', 'alliance_list_item')
            .where('entity_id', 'in', ids.map(String))
            .executeTakeFirstOrThrow()
        ).n,
      );

beforeAll(async () => {
  t = await createTestApp();
  [chain, member, district] = await Promise.all([
    t.login('chain'),
    t.login('chain-member'),
    t.login('district'),
  ]);
  jintong = (await t.as(chain, { method: 'GET', url: '/api/v1/alliances' })).json().items[0].id;
  const all = await db().selectFrom('alliances').select(['id', 'name']).execute();
  fuan = all.find((a) => a.name.startsWith('福安'))!.id;
  const d = (await t.as(member, { method: 'GET', url: `/api/v1/alliances/${jintong}` })).json();
  const members: Array<{ orgId: number; name: string }> = d.members;
  memberOwn = members.find((m) => m.orgId === d.myOrgIds[0])!;
  memberOther = members.find((m) => m.orgId !== memberOwn.orgId)!;
  [orgA, orgB] = members.filter((m) => m.orgId !== memberOwn.orgId) as [typeof orgA, typeof orgB];
  officeName = d.orgName;
});
afterAll(() => t.close());

const GOOD = (): Row[] => [
  {
    清单: '需求',
    标题: '导入：急需焊工培训',
    发布单位: orgA.name,
    类别: '人才',
    标签: '焊工、培训',
    说明: '车间新上焊接产线',
    数量: 4,
    有效期起: today,
    有效期止: addDays(today, 90),
  },
  {
    清单: '资源清单',
    标题: '导入：焊工实训基地',
    发布单位: orgB.name,
    类别: '人才',
    标签: '焊工，实训',
    说明: '可承接焊工培训',
    数量: 10,
    有效期起: today,
  },
  { 清单: '政策', 标题: '导入：技能提升补贴', 发布单位: officeName, 标签: '补贴' },
];

describe('importing the three lists', () => {
  let goodBatch: number;

  it('gives a template with the columns of the export; outside the alliance it does not exist', async () => {
    const tpl = await t.as(chain, { method: 'GET', url: `${base()}/template.xlsx` });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
    const outside = await t.as(district, { method: 'GET', url: `${base()}/template.xlsx` });
    expect(outside.statusCode).toBe(404);
  });

  it('previews a good file writing nothing but the batch, then commits it: audited and matched at once', async () => {
    const before = await itemCount();
    const res = await upload(chain, GOOD());
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ totalRows: 3, goodRows: 3, badRows: 0, toInsert: 3, toUpdate: 0, errors: [] });
    expect(p.changes.map((c: { kind: string }) => c.kind)).toEqual(['insert', 'insert', 'insert']);
    goodBatch = p.batchId;
    expect(await itemCount()).toBe(before);
    const read = await t.as(chain, { method: 'GET', url: `${base()}/${goodBatch}` });
    expect(read.json()).toMatchObject({ batchId: goodBatch, state: 'previewed', toInsert: 3 });

    const done = await commit(chain, goodBatch, 'all');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ batchId: goodBatch, inserted: 3, updated: 0, unchanged: 0, skipped: 0 });
    expect(await itemCount()).toBe(before + 3);
    const [demand] = await itemsTitled('导入：急需焊工培训');
    const [resource] = await itemsTitled('导入：焊工实训基地');
    const [policy] = await itemsTitled('导入：技能提升补贴');
    expect(demand).toMatchObject({ kind: 'demand', org_id: orgA.orgId, quantity: 4, tags: ['焊工', '培训'] });
    expect(resource).toMatchObject({
      kind: 'resource',
      org_id: orgB.orgId,
      capacity: 10,
      tags: ['焊工', '实训'],
    });
    expect(policy).toMatchObject({ kind: 'policy', quantity: null, capacity: null });
    expect(await importAudits([demand!.id, resource!.id, policy!.id])).toBe(3);
    // the new demand and resource are matched right away
    const matches = (
      await t.as(chain, { method: 'GET', url: `/api/v1/alliances/${jintong}/matches` })
    ).json();
    expect(matches.items).toContainEqual(
      expect.objectContaining({ demandId: demand!.id, resourceId: resource!.id }),
    );
    // they read like any published item
    const listed = (
      await t.as(member, { method: 'GET', url: `/api/v1/alliances/${jintong}/list-items?pageSize=200` })
    ).json();
    expect(listed.items.map((i: { id: number }) => i.id)).toContain(demand!.id);
  });

  it('refuses a second commit of the same batch', async () => {
    const count = await itemCount();
    const again = await commit(chain, goodBatch, 'good_rows');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('import.committed');
    expect(await itemCount()).toBe(count);
  });

  it('re-importing the same rows updates the open items instead of adding them again, showing old → new', async () => {
    const count = await itemCount();
    const rows = GOOD();
    rows[0]!.数量 = 6;
    rows[0]!.说明 = '产线扩容';
    const res = await upload(chain, rows);
    const p = res.json();
    expect(p).toMatchObject({ badRows: 0, toInsert: 0, toUpdate: 1, unchanged: 2 });
    expect(p.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 2,
          label: '需要数量',
          beforeText: '4',
          afterText: '6',
          kind: 'update',
        }),
        expect.objectContaining({
          row: 2,
          label: '说明',
          beforeText: '车间新上焊接产线',
          afterText: '产线扩容',
        }),
      ]),
    );
    const done = await commit(chain, p.batchId, 'all');
    expect(done.json()).toEqual({ batchId: p.batchId, inserted: 0, updated: 1, unchanged: 2, skipped: 0 });
    expect(await itemCount()).toBe(count);
    const [demand] = await itemsTitled('导入：急需焊工培训');
    expect(demand).toMatchObject({ quantity: 6, description: '产线扩容' });
    expect(await importAudits([demand!.id])).toBe(2);
  });

  it('links a 政策清单 item to a published policy by its 文号 or title, shows the link old → new, and refuses a bad one', async () => {
    const published = await db()
      .selectFrom('policies')
      .select(['id', 'title', 'doc_number'])
      .where('status', '!=', 'draft')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const draft = await db()
      .selectFrom('policies')
      .select(['title'])
      .where('status', '=', 'draft')
      .executeTakeFirst();
    const headers = [...HEADERS, '关联政策'];
    const row = (link: string): Row => ({
      清单: '政策',
      标题: '导入：关联政策库',
      发布单位: officeName,
      关联政策: link,
    });
    const first = await upload(chain, [row(published.doc_number)], jintong, headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ badRows: 0, toInsert: 1 });
    expect((await commit(chain, first.json().batchId, 'all')).json()).toMatchObject({ inserted: 1 });
    const [item] = await itemsTitled('导入：关联政策库');
    expect(Number(item!.policy_id)).toBe(published.id);
    // the list answers name the policy, as for an item published one by one
    const listed = (
      await t.as(chain, { url: `/api/v1/alliances/${jintong}/list-items?kind=policy&pageSize=200` })
    )
      .json()
      .items.find((i: { id: number }) => i.id === item!.id);
    expect(listed.policy).toEqual({
      id: published.id,
      title: published.title,
      docNumber: published.doc_number,
    });
    // the same policy by its title: nothing to change
    const same = await upload(chain, [row(published.title)], jintong, headers);
    expect(same.json()).toMatchObject({ badRows: 0, toInsert: 0, toUpdate: 0, unchanged: 1 });
    // a file without the column (an export made before it existed) leaves the link as it is
    const older = await upload(chain, [{ 清单: '政策', 标题: '导入：关联政策库', 发布单位: officeName }]);
    expect(older.json()).toMatchObject({ badRows: 0, toInsert: 0, toUpdate: 0, unchanged: 1 });
    // left empty in the column, the link is cleared, and the preview says so in words
    const cleared = await upload(chain, [row('')], jintong, headers);
    expect(cleared.json()).toMatchObject({ toUpdate: 1 });
    expect(cleared.json().changes).toEqual([
      expect.objectContaining({
        field: 'policyId',
        label: '关联政策',
        beforeText: `${published.title}（${published.doc_number}）`,
        afterText: '（空）',
      }),
    ]);
    // (not committed: the link stays, and the export test below re-imports it)
    const bad = await upload(
      chain,
      [
        row('不存在的政策文号〔2099〕1号'),
        {
          清单: '需求',
          标题: '导入：需求不能关联政策',
          发布单位: orgA.name,
          数量: 1,
          关联政策: published.doc_number,
        },
        ...(draft ? [row(draft.title)] : []),
      ],
      jintong,
      headers,
    );
    const problems = (
      bad.json().errors as Array<{ row: number; problems: Array<{ column: string; code: string }> }>
    ).flatMap((e) => e.problems.map((p) => ({ row: e.row, ...p })));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: '关联政策', code: 'import.policy_unknown' }),
        expect.objectContaining({ row: 3, column: '关联政策', code: 'alliance.policy' }),
        ...(draft
          ? [expect.objectContaining({ row: 4, column: '关联政策', code: 'import.policy_unknown' })]
          : []),
      ]),
    );
  });

  it('re-imports an exported file without adding anything', async () => {
    const count = await itemCount();
    const exported = await t.as(chain, {
      method: 'GET',
      url: `/api/v1/alliances/${jintong}/list-items/export`,
    });
    expect(exported.statusCode).toBe(200);
    const res = await t.as(chain, {
      method: 'POST',
      url: base(),
      ...multipart(exported.rawPayload, '导出的清单.xlsx'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ badRows: 0, toInsert: 0, toUpdate: 0 });
    expect(p.unchanged).toBe(p.totalRows);
    const done = await commit(chain, p.batchId, 'all');
    expect(done.json()).toMatchObject({ inserted: 0, updated: 0 });
    expect(await itemCount()).toBe(count);
  });

  it('lists every bad row with row, column and reason, writes nothing, refuses all, and commits only the good rows', async () => {
    const count = await itemCount();
    const res = await upload(chain, [
      { 清单: '需求', 标题: '导入：好的一行', 发布单位: orgA.name, 标签: '电工' },
      { 清单: '供给', 标题: '导入：清单不对', 发布单位: orgA.name },
      { 清单: '需求', 标题: '', 发布单位: orgA.name },
      { 清单: '资源', 标题: '导入：不是成员', 发布单位: '不存在的单位' },
      {
        清单: '需求',
        标题: '导入：日期颠倒',
        发布单位: orgA.name,
        有效期起: today,
        有效期止: addDays(today, -1),
      },
      { 清单: '需求', 标题: '导入：数量不对', 发布单位: orgA.name, 数量: '很多' },
      { 清单: '政策', 标题: '导入：政策带数量', 发布单位: officeName, 数量: 3 },
      {
        清单: '需求',
        标题: '导入：标签太长',
        发布单位: orgA.name,
        标签: '一二三四五六七八九十一二三四五六七八九十一',
      },
      { 清单: '需求', 标题: '导入：日期不对', 发布单位: orgA.name, 有效期起: '明天' },
      { 清单: '需求', 标题: 'x'.repeat(201), 发布单位: orgA.name },
      { 清单: '需求', 标题: '导入：好的一行', 发布单位: orgA.name },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ totalRows: 11, goodRows: 1, badRows: 10, toInsert: 1 });
    const problem = (row: number) => {
      const e = p.errors.find((x: { row: number }) => x.row === row);
      return e?.problems[0];
    };
    expect(problem(3)).toMatchObject({ column: '清单', code: 'import.list_kind' });
    expect(problem(4)).toMatchObject({ column: '标题' });
    expect(problem(5)).toMatchObject({ column: '发布单位', code: 'import.org_unknown' });
    expect(problem(6)).toMatchObject({ column: '有效期止', code: 'alliance.validity' });
    expect(problem(7)).toMatchObject({ column: '数量', code: 'import.amount' });
    expect(problem(8)).toMatchObject({ column: '数量', message: '政策清单不填数量' });
    expect(problem(9)).toMatchObject({ column: '标签', message: '标签不能超过 20 个字' });
    expect(problem(10)).toMatchObject({ column: '有效期起', code: 'import.date' });
    expect(problem(11)).toMatchObject({ column: '标题' });
    expect(problem(12)).toMatchObject({ column: '标题', code: 'import.duplicate_in_file' });
    for (const e of p.errors) for (const x of e.problems) expect(x.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await itemCount()).toBe(count);

    const all = await commit(chain, p.batchId, 'all');
    expect(all.statusCode).toBe(409);
    expect(all.json().code).toBe('import.has_errors');
    expect(await itemCount()).toBe(count);
    const good = await commit(chain, p.batchId, 'good_rows');
    expect(good.json()).toEqual({ batchId: p.batchId, inserted: 1, updated: 0, unchanged: 0, skipped: 10 });
    expect(await itemCount()).toBe(count + 1);
    expect(await itemsTitled('导入：清单不对')).toEqual([]);
    const twice = await commit(chain, p.batchId, 'good_rows');
    expect(twice.statusCode).toBe(409);
  });

  it("a member's staff import for their own organization only: another's row is a bad row", async () => {
    const res = await upload(member, [
      { 清单: '资源', 标题: '导入：本单位的资源', 发布单位: memberOwn.name, 数量: 2 },
      { 清单: '需求', 标题: '导入：代别人发布', 发布单位: memberOther.name },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ goodRows: 1, badRows: 1 });
    expect(p.errors[0]).toMatchObject({ row: 3, name: '导入：代别人发布' });
    expect(p.errors[0].problems[0]).toMatchObject({ column: '发布单位', code: 'import.org_not_yours' });
    // the office's batch is not the member's to read, nor another alliance's
    expect((await t.as(member, { method: 'GET', url: `${base()}/${goodBatch}` })).statusCode).toBe(404);
    const done = await commit(member, p.batchId, 'good_rows');
    expect(done.json()).toMatchObject({ inserted: 1, skipped: 1 });
    const [own] = await itemsTitled('导入：本单位的资源');
    expect(own).toMatchObject({ org_id: memberOwn.orgId, capacity: 2, created_by: expect.any(Number) });
    expect(await itemsTitled('导入：代别人发布')).toEqual([]);
  });

  it('writes thousands of rows in a few statements, each item audited, and updates them all on re-import', async () => {
    const count = await itemCount();
    const rows = (amount: number): Row[] =>
      Array.from({ length: 2500 }, (_, i) => ({
        清单: '需求',
        标题: `批量需求 ${i}`,
        发布单位: orgA.name,
        标签: '批量',
        数量: amount,
      }));
    const first = (await upload(chain, rows(1))).json();
    expect(first).toMatchObject({ totalRows: 2500, badRows: 0, toInsert: 2500, changesTruncated: true });
    expect((await commit(chain, first.batchId, 'all')).json()).toMatchObject({ inserted: 2500 });
    expect(await itemCount()).toBe(count + 2500);
    const ids = (
      await db()
        .selectFrom('alliance_list_items')
        .select('id')
        .where('alliance_id', '=', jintong)
        .where('title', 'like', '批量需求 %')
        .execute()
    ).map((r) => r.id);
    expect(await importAudits(ids)).toBe(2500);
    const second = (await upload(chain, rows(2))).json();
    expect(second).toMatchObject({ toInsert: 0, toUpdate: 2500 });
    expect((await commit(chain, second.batchId, 'all')).json()).toMatchObject({ inserted: 0, updated: 2500 });
    expect(await itemCount()).toBe(count + 2500);
    expect(await importAudits(ids)).toBe(5000);
    const quantities = await db()
      .selectFrom('alliance_list_items')
      .select('quantity')
      .distinct()
      .where('id', 'in', ids)
      .execute();
    expect(quantities).toEqual([{ quantity: 2 }]);
  });

  it('someone outside the alliance finds nothing; a batch belongs to its alliance', async () => {
    const outside = await upload(district, GOOD());
    expect(outside.statusCode).toBe(404);
    expect((await t.as(district, { method: 'GET', url: `${base()}/${goodBatch}` })).statusCode).toBe(404);
    expect((await commit(district, goodBatch, 'all')).statusCode).toBe(404);
    // the member does not take part in 福安's alliance
    expect((await upload(member, GOOD(), fuan)).statusCode).toBe(404);
    // the chain office's batch read under another alliance id does not exist
    const other = await t.as(chain, {
      method: 'GET',
      url: `/api/v1/alliances/${fuan}/list-items/import/${goodBatch}`,
    });
    expect(other.statusCode).toBe(404);
  });

  it('answers a file that is not .xlsx, a missing column and a bad mode with the field', async () => {
    const text = await t.as(chain, {
      method: 'POST',
      url: base(),
      ...multipart(Buffer.from('标题,发布单位\n急需,某单位\n'), '清单.csv'),
    });
    expect(text.statusCode).toBe(400);
    expect(text.headers['content-type']).toContain('application/problem+json');
    expect(text.json().errors[0]).toMatchObject({ field: 'file' });
    const noOrg = await upload(chain, [{ 清单: '需求', 标题: '缺列' }], jintong, ['清单', '标题']);
    expect(noOrg.statusCode).toBe(400);
    expect(noOrg.json().errors[0]).toMatchObject({ field: 'file' });
    expect(noOrg.json().errors[0].message).toContain('发布单位');
    const mode = await commit(chain, goodBatch, 'some');
    expect(mode.statusCode).toBe(400);
    expect(mode.json().errors[0]).toMatchObject({ field: 'mode' });
    const json = await t.as(chain, { method: 'POST', url: base(), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
  });
});
