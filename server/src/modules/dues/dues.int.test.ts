import { addMonths } from '@honglian/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type TestApp } from '../../test/harness.ts';
import { generateLedger, generateLedgerMonths } from './repository.ts';

let t: TestApp;
let branch: number;
let huli: number;
const month = clock.month();
const year = Number(month.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  branch = await orgId(t, '厦门鹭岛智造科技有限公司党支部');
  huli = await orgId(t, '中共厦门市湖里区委员会');
});
afterAll(() => t.close());

async function newMember(name: string, idNumber: string, orgIdValue = branch) {
  const row = await t.database.db
    .insertInto('members')
    .values({
      org_id: orgIdValue,
      region_code: '350206',
      name,
      name_search: name,
      id_number: idNumber,
      gender: 'male',
      birth_date: '1990-01-01',
      stage: 'full',
      updated_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('POST /api/v1/dues/quote', () => {
  it('answers each tier boundary exactly, upper bounds inclusive, citing the rule', async () => {
    const cases: Array<[string, number, number, string, string]> = [
      ['on_job', 300_000, 1500, '0.005', 'D1'],
      ['on_job', 300_001, 3000, '0.01', 'D1'],
      ['on_job', 500_000, 5000, '0.01', 'D1'],
      ['on_job', 1_000_000, 15000, '0.015', 'D1'],
      ['on_job', 1_000_001, 20000, '0.02', 'D1'],
      ['retiree', 500_000, 2500, '0.005', 'D3'],
      ['retiree', 500_001, 5000, '0.01', 'D3'],
      ['annual_salary', 800_000, 12000, '0.015', 'D2'],
      ['self_employed', 200_000, 1000, '0.005', 'D2'],
    ];
    for (const [category, baseFen, monthlyFen, rate, rule] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/dues/quote',
        payload: { category, baseFen },
      });
      expect(res.statusCode, `${category} ${baseFen}`).toBe(200);
      expect(res.json()).toMatchObject({ monthlyFen, rate, rule: { id: rule } });
      expect(res.json().rule.source).toContain('党费收缴、使用和管理的规定');
    }
    const flat = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dues/quote',
      payload: { category: 'flat', baseFen: 20 },
    });
    expect(flat.json()).toMatchObject({ monthlyFen: 20, rate: null, rule: { id: 'D4' } });
  });

  it('rejects a fractional or negative base naming the field', async () => {
    for (const baseFen of [-1, 1.5, 'abc']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/dues/quote',
        payload: { category: 'on_job', baseFen },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('baseFen');
    }
  });
});

describe('ledger and payments', () => {
  it('generates a month for a subtree in one step, skips members without a base, and never doubles', async () => {
    const s = await t.login('secretary');
    const a = await newMember('测试党员甲', '350206199001011238');
    const b = await newMember('测试党员乙', '350206199001021233');
    // next month may lie in next year (in December it does): the base is set for next month's year
    const next = addMonths(month, 1);
    expect(
      (
        await t.as(s, {
          method: 'PUT',
          url: `/api/v1/dues/bases/${a}`,
          payload: { year: Number(next.slice(0, 4)), category: 'on_job', baseFen: 650_000 },
        })
      ).json(),
    ).toMatchObject({ monthlyFen: 9750, rule: { id: 'D1' } });
    const gen = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/ledger/generate',
      payload: { orgId: branch, month: next },
    });
    expect(gen.statusCode).toBe(200);
    expect(gen.json().withoutBase).toBeGreaterThanOrEqual(1);
    const again = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/ledger/generate',
      payload: { orgId: branch, month: next },
    });
    expect(again.json().generated).toBe(0);
    const rows = await t.database.db
      .selectFrom('dues_ledger')
      .selectAll()
      .where('member_id', 'in', [a, b])
      .where('month', '=', next)
      .execute();
    expect(rows.map((r) => [r.member_id, r.due_fen])).toEqual([[a, 9750]]);
  });

  it('generates a run of months in one statement exactly as month by month would', async () => {
    // the demo city's twelve months were generated month by month; do it again both ways in a rolled-back
    // transaction for the branch, and compare every row
    const branchPath = (
      await t.database.db.selectFrom('orgs').select('path').where('id', '=', branch).executeTakeFirstOrThrow()
    ).path;
    const from = addMonths(month, -11);
    const rowsOf = (trx: typeof t.database.db) =>
      trx
        .selectFrom('dues_ledger as l')
        .innerJoin('orgs as o', 'o.id', 'l.org_id')
        .where('o.path', 'like', `${branchPath}%`)
        .select(['l.member_id', 'l.org_id', 'l.month', 'l.due_fen', 'l.status'])
        .orderBy('l.member_id')
        .orderBy('l.month')
        .execute();
    const clear = (trx: typeof t.database.db) =>
      sql`delete from dues_ledger l using orgs o where o.id = l.org_id and o.path like ${`${branchPath}%`}`.execute(
        trx,
      );
    const rollback = new Error('rollback');
    const both = { oneByOne: [] as unknown[], atOnce: [] as unknown[], inserted: 0 };
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await sql`delete from dues_payments p using orgs o where o.id = p.org_id and o.path like ${`${branchPath}%`}`.execute(
          trx,
        );
        await clear(trx);
        for (let m = from; m <= month; m = addMonths(m, 1)) await generateLedger(trx, branchPath, m);
        both.oneByOne = await rowsOf(trx);
        await clear(trx);
        both.inserted = await generateLedgerMonths(trx, branchPath, from, month);
        both.atOnce = await rowsOf(trx);
        // a second run inserts nothing
        expect(await generateLedgerMonths(trx, branchPath, from, month)).toBe(0);
        // generated history: owed rows written paid in full, except where the predicate says unpaid
        await clear(trx);
        await generateLedgerMonths(trx, branchPath, from, month, {
          unpaidWhen: (member, m) => sql<boolean>`${member} % 2 = 0 and ${m} = ${month}`,
        });
        const settled = await rowsOf(trx);
        const paidRows = await trx
          .selectFrom('dues_ledger as l')
          .innerJoin('orgs as o', 'o.id', 'l.org_id')
          .where('o.path', 'like', `${branchPath}%`)
          .select(['l.member_id', 'l.month', 'l.due_fen', 'l.paid_fen', 'l.status'])
          .execute();
        expect(settled.length).toBe(both.oneByOne.length);
        for (const r of paidRows) {
          const owed = r.member_id % 2 === 0 && r.month === month;
          if (r.status === 'exempt') continue;
          expect(r, JSON.stringify(r)).toMatchObject(
            owed ? { status: 'unpaid', paid_fen: 0 } : { status: 'paid', paid_fen: r.due_fen },
          );
        }
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    expect(both.oneByOne.length).toBeGreaterThan(12);
    expect(both.inserted).toBe(both.oneByOne.length);
    expect(both.atOnce).toEqual(both.oneByOne);
  });

  it('records partial and full payments to the fen and refuses more than is owed', async () => {
    const s = await t.login('secretary');
    const id = await newMember('测试党员丙', '350206199001031239');
    await t.as(s, {
      method: 'PUT',
      url: `/api/v1/dues/bases/${id}`,
      payload: { year, category: 'on_job', baseFen: 333_333 },
    });
    await t.database.db.deleteFrom('dues_ledger').where('member_id', '=', id).execute();
    await t.as(s, { method: 'POST', url: '/api/v1/dues/ledger/generate', payload: { orgId: branch, month } });
    const due = (
      await t.database.db
        .selectFrom('dues_ledger')
        .select('due_fen')
        .where('member_id', '=', id)
        .where('month', '=', month)
        .executeTakeFirstOrThrow()
    ).due_fen;
    expect(due).toBe(3333);
    const part = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: id, month, amountFen: 1000, paidOn: clock.today() },
    });
    expect(part.statusCode).toBe(201);
    const over = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: id, month, amountFen: 2334, paidOn: clock.today() },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().errors[0].field).toBe('amountFen');
    await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: id, month, amountFen: 2333, paidOn: clock.today() },
    });
    const row = await t.database.db
      .selectFrom('dues_ledger')
      .selectAll()
      .where('member_id', '=', id)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ paid_fen: 3333, status: 'paid' });
  });

  it('refuses a back-payment beyond 6 months citing D10', async () => {
    const s = await t.login('secretary');
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: 1, month: addMonths(month, -7), amountFen: 100, paidOn: clock.today() },
    });
    expect([404, 422]).toContain(res.statusCode);
    const mine = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', branch)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const inScope = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: mine.id, month: addMonths(month, -7), amountFen: 100, paidOn: clock.today() },
    });
    expect(inScope.statusCode).toBe(422);
    expect(inScope.json().errors[0]).toMatchObject({ field: 'month', code: 'rule.D10' });
  });

  it('tells that a voluntary payment of 1000 元 or more goes to the centre (D9)', async () => {
    const s = await t.login('secretary');
    const mine = await t.database.db
      .selectFrom('members')
      .select('id')
      .where('org_id', '=', branch)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments',
      payload: { memberId: mine.id, month, amountFen: 100_000, paidOn: clock.today(), kind: 'voluntary' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().notice).toContain('上缴中央');
  });

  it('keeps a flat amount within the published ones (D4), and a region’s own amounts where it sets them', async () => {
    const s = await t.login('secretary');
    const admin = await t.login('admin');
    const id = await newMember('定额党员', '350206199001071004');
    const put = (baseFen: number, flatGroup?: string) =>
      t.as(s, {
        method: 'PUT',
        url: `/api/v1/dues/bases/${id}`,
        payload: { year, category: 'flat', baseFen, ...(flatGroup ? { flatGroup } : {}) },
      });
    const low = await put(19, 'farmer');
    expect(low.statusCode).toBe(422);
    expect(low.json()).toMatchObject({ code: 'dues.rule' });
    expect(low.json().errors[0]).toMatchObject({ field: 'baseFen', code: 'rule.D4' });
    expect(low.json().detail).toContain('第六条：农民党员每月0.20元至1.00元');
    expect((await put(101, 'farmer')).statusCode).toBe(422);
    expect((await put(21, 'student')).statusCode).toBe(422);
    expect((await put(100, 'farmer')).json()).toMatchObject({ monthlyFen: 100, rule: { id: 'D4' } });
    const listed = await t.as(s, { url: `/api/v1/dues/bases?orgId=${branch}&year=${year}&pageSize=200` });
    expect(listed.json().items.find((b: { memberId: number }) => b.memberId === id)).toMatchObject({
      category: 'flat',
      flatGroup: 'farmer',
      baseFen: 100,
    });
    // a region sets its own amounts (here farmers up to 5 元): bases and the quote for the region use them
    const override = await t.as(admin, {
      method: 'PUT',
      url: '/api/v1/compliance/rules/D4/overrides/3502',
      payload: { params: { farmerMaxFen: 500 }, note: '厦门市农民党员定额（测试）' },
    });
    expect(override.statusCode, override.body).toBe(200);
    try {
      expect((await put(500, 'farmer')).statusCode).toBe(200);
      const quote = (regionCode?: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/dues/quote',
          payload: {
            category: 'flat',
            baseFen: 300,
            flatGroup: 'farmer',
            ...(regionCode ? { regionCode } : {}),
          },
        });
      expect((await quote('350206')).json()).toMatchObject({ monthlyFen: 300, rate: null });
      expect((await quote()).statusCode).toBe(422);
    } finally {
      await t.as(admin, { method: 'DELETE', url: '/api/v1/compliance/rules/D4/overrides/3502' });
    }
    expect((await put(500, 'farmer')).statusCode).toBe(422);
  });

  it('refuses deduction from pay, payment in advance by the organization and a "special" levy (D12)', async () => {
    const s = await t.login('secretary');
    const id = await newMember('代扣党员', '350206199001071012');
    await t.as(s, {
      method: 'PUT',
      url: `/api/v1/dues/bases/${id}`,
      payload: { year, category: 'on_job', baseFen: 400_000 },
    });
    await t.as(s, { method: 'POST', url: '/api/v1/dues/ledger/generate', payload: { orgId: branch, month } });
    const pay = (extra: Record<string, unknown>) =>
      t.as(s, {
        method: 'POST',
        url: '/api/v1/dues/payments',
        payload: { memberId: id, month, amountFen: 100, paidOn: clock.today(), ...extra },
      });
    for (const [extra, field, words] of [
      [{ method: 'payroll' }, 'method', '不得从工资中扣缴'],
      [{ method: 'advance' }, 'method', '不得为党员垫交党费'],
      [{ kind: 'special' }, 'kind', '特殊党费'],
    ] as const) {
      const res = await pay(extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ field, code: 'rule.D12' });
      expect(res.json().detail).toContain('第十四条');
      expect(res.json().detail).toContain(words);
    }
    const bulk = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments/bulk',
      payload: { orgId: branch, month, memberIds: [id], paidOn: clock.today(), method: 'payroll' },
    });
    expect(bulk.json().errors[0]).toMatchObject({ field: 'method', code: 'rule.D12' });
    const ledger = await t.database.db
      .selectFrom('dues_ledger')
      .select('paid_fen')
      .where('member_id', '=', id)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    expect(ledger.paid_fen).toBe(0);
    expect((await pay({ method: 'cash', amountFen: 4000 })).statusCode).toBe(201);
  });

  it('warns at 5 consecutive unpaid months and makes a finding at 6 (demo data)', async () => {
    const admin = await t.login('admin');
    const res = await t.as(admin, { url: `/api/v1/dues/arrears?orgId=${huli}&minMonths=5` });
    expect(res.statusCode).toBe(200);
    const levels = new Set(res.json().items.map((i: { level: string }) => i.level));
    expect(levels).toEqual(new Set(['warning', 'finding']));
    for (const i of res.json().items) expect(i.level).toBe(i.months >= 6 ? 'finding' : 'warning');
    expect(res.json().rule).toMatchObject({ id: 'D11', warnAt: 5, findingAt: 6 });
  });

  it('adds up to the fen: subtree totals equal the sum of the children and of the ledger rows', async () => {
    const admin = await t.login('admin');
    const xiamen = await orgId(t, '中共厦门市委员会');
    const res = await t.as(admin, {
      url: `/api/v1/dues/summary?orgId=${xiamen}&year=${year}&month=${month}`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const m = body.months.find((x: { month: string }) => x.month === month);
    const childDue = body.children.reduce((s: number, c: { dueFen: number }) => s + c.dueFen, 0);
    const childPaid = body.children.reduce((s: number, c: { paidFen: number }) => s + c.paidFen, 0);
    expect(childDue).toBe(m.dueFen);
    expect(childPaid).toBe(m.paidFen);
    expect(body.yearTotal.dueFen).toBe(
      body.months.reduce((s: number, x: { dueFen: number }) => s + x.dueFen, 0),
    );
    for (const v of [m.dueFen, m.paidFen, body.yearTotal.dueFen]) expect(Number.isInteger(v)).toBe(true);
  });

  it('bulk-marks the unpaid of a month in one step', async () => {
    const s = await t.login('secretary');
    const before = await t.as(s, { url: `/api/v1/dues/ledger?orgId=${branch}&month=${month}&status=unpaid` });
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments/bulk',
      payload: { orgId: branch, month, paidOn: clock.today() },
    });
    expect(res.json().paid).toBe(before.json().total);
    const after = await t.as(s, { url: `/api/v1/dues/ledger?orgId=${branch}&month=${month}&status=unpaid` });
    expect(after.json().total).toBe(0);
  });
});

describe('import of payments from Excel', () => {
  async function workbook(rows: unknown[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党费缴纳');
    ws.addRow(['身份证号码', '姓名', '所属月份', '金额（元）', '缴费日期', '缴费方式', '备注']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('lists every bad row with its column and reason and writes nothing until the file is clean', async () => {
    const s = await t.login('secretary');
    const id = await newMember('导入党员', '350206199001041235');
    await t.as(s, {
      method: 'PUT',
      url: `/api/v1/dues/bases/${id}`,
      payload: { year, category: 'on_job', baseFen: 400_000 },
    });
    await t.database.db.deleteFrom('dues_ledger').where('member_id', '=', id).execute();
    await t.as(s, { method: 'POST', url: '/api/v1/dues/ledger/generate', payload: { orgId: branch, month } });
    const upload = (buf: Buffer, mode = 'all') =>
      t.as(s, {
        method: 'POST',
        url: `/api/v1/dues/payments/import?mode=${mode}`,
        payload: buf,
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      });
    const bad = await workbook([
      ['350206199001041235', '导入党员', month, '20.00', clock.today(), '转账', ''],
      ['350206199001041234', '导入党员', month, '20.00', clock.today(), '转账', ''],
      ['350206199001041235', '别人', month, 'abc', '2026-13-01', '支付宝', ''],
      ['350206199001041235', '导入党员', month, '5.00', clock.today(), '工资扣缴', ''],
    ]);
    const preview = await upload(bad);
    expect(preview.statusCode).toBe(200);
    expect(preview.json().imported).toBe(0);
    const errors = preview.json().errors as Array<{ row: number; column: string; message: string }>;
    expect(errors.find((e) => e.row === 3)).toMatchObject({
      column: '身份证号码',
      message: '身份证号码校验位不正确',
    });
    expect(errors.filter((e) => e.row === 4).map((e) => e.column)).toEqual(
      expect.arrayContaining(['金额（元）', '缴费日期', '缴费方式']),
    );
    // deduction from pay is refused row by row, citing D12
    expect(errors.find((e) => e.row === 5)).toMatchObject({ column: '缴费方式' });
    expect(errors.find((e) => e.row === 5)!.message).toContain('不得从工资中扣缴');
    const untouched = await t.database.db
      .selectFrom('dues_ledger')
      .select('paid_fen')
      .where('member_id', '=', id)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    expect(untouched.paid_fen).toBe(0);

    const goodOnly = await upload(bad, 'good_rows');
    expect(goodOnly.json().imported).toBe(1);
    const paid = await t.database.db
      .selectFrom('dues_ledger')
      .select(['paid_fen', 'status'])
      .where('member_id', '=', id)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    expect(paid).toEqual({ paid_fen: 2000, status: 'partial' });
  });

  it('refuses a file that is not an xlsx with a Chinese message', async () => {
    const s = await t.login('secretary');
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/dues/payments/import',
      payload: Buffer.from('not excel'),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('file');
  });

  it('exports the month ledger as an xlsx whose total matches the ledger to the fen', async () => {
    const s = await t.login('secretary');
    const res = await t.as(s, { url: `/api/v1/dues/ledger/export.xlsx?orgId=${branch}&month=${month}` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe('合计');
    const ledger = await t.as(s, { url: `/api/v1/dues/ledger?orgId=${branch}&month=${month}&pageSize=200` });
    expect(Math.round(Number(last.getCell(4).value) * 100)).toBe(ledger.json().dueFen);
  });
});

describe('access', () => {
  it.each([
    ['secretary', 'inside', 200],
    ['secretary', 'outside', 404],
    ['district', 'inside', 200],
    ['district', 'outside', 404],
    ['member', 'inside', 404],
  ])('%s reading the ledger %s their scope → %i', async (user, where, expected) => {
    const s = await t.login(user);
    const target = where === 'inside' ? branch : await orgId(t, '中共福安市委员会');
    const res = await t.as(s, { url: `/api/v1/dues/ledger?orgId=${target}&month=${month}` });
    expect(res.statusCode).toBe(expected);
  });

  it('only the committee above approves a reduction (secretary 403, district 200)', async () => {
    const id = await newMember('减免党员', '350206199001051230');
    const sec = await t.login('secretary');
    await t.as(sec, {
      method: 'PUT',
      url: `/api/v1/dues/bases/${id}`,
      payload: { year, category: 'on_job', baseFen: 400_000 },
    });
    const body = { year, kind: 'exempt', untilMonth: `${year}-12`, reason: '生活困难，支部研究决定' };
    expect(
      (await t.as(sec, { method: 'PUT', url: `/api/v1/dues/bases/${id}/adjustment`, payload: body }))
        .statusCode,
    ).toBe(403);
    const district = await t.login('district');
    expect(
      (await t.as(district, { method: 'PUT', url: `/api/v1/dues/bases/${id}/adjustment`, payload: body }))
        .statusCode,
    ).toBe(200);
  });

  it('a member sees and confirms their own dues', async () => {
    const s = await t.login('member');
    const mine = await t.as(s, { url: '/api/v1/me/dues' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().member.name).toBe('陈嘉怡');
    expect(mine.json().bases[0].year).toBe(year);
    const ok = await t.as(s, { method: 'POST', url: '/api/v1/me/dues/confirm', payload: { year } });
    expect(ok.statusCode).toBe(200);
    expect((await t.as(s, { url: '/api/v1/me/dues' })).json().bases[0].confirmedAt).not.toBeNull();
  });
});
