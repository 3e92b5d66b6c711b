import { PassThrough } from 'node:stream';
import { makeIdNumber, maskIdNumber } from '@honglian/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../platform/auth.ts';
import { fileChunkSink, fileContent } from '../../platform/exports.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { multipart, readXlsx, xlsxOf } from '../../test/xlsx.ts';
import { writeMembersXlsx } from './excel.ts';
import type { MemberRow } from './repository.ts';
import { exportPlan, memberBatches } from './service.ts';

let t: TestApp;
const ids: Record<string, number> = {};
/** The demo member 陈嘉怡 (account `member`) in the secretary's branch. */
let chen: { id: number; id_number: string; phone: string | null };
/** A member of another Huli branch: outside the secretary's scope, inside the district's. */
let otherHuli: { id: number; id_number: string };
/** A member outside Huli (in Fu'an): outside the district's scope. */
let fuanMember: { id: number; id_number: string };

beforeAll(async () => {
  t = await createTestApp();
  for (const [key, name] of Object.entries({
    branch: '厦门鹭岛智造科技有限公司党支部',
    huliGrid: '兴隆社区第1网格党支部',
    fuan: '中共福安市委员会',
  })) {
    ids[key] = await orgId(t, name);
  }
  const db = t.database.db;
  chen = await db
    .selectFrom('members')
    .select(['id', 'id_number', 'phone'])
    .where('name', '=', '陈嘉怡')
    .where('user_id', 'is not', null)
    .executeTakeFirstOrThrow();
  otherHuli = await db
    .selectFrom('members')
    .select(['id', 'id_number'])
    .where('org_id', '=', ids.huliGrid!)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  fuanMember = await db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.id_number'])
    .where('orgs.path', 'like', `/${ids.fuan}/%`)
    .orderBy('members.id')
    .executeTakeFirstOrThrow();
});
afterAll(() => t.close());

let seq = 101;
/** A fresh, valid ID number (born 1990, Huli area code) for each call. */
function newIdNumber(): string {
  seq += 2;
  return makeIdNumber('350206', '1991-03-15', seq);
}
function badChecksum(id: string): string {
  return `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`;
}

/** Every full read names its reason. */
const REASON = encodeURIComponent('核对党员信息');

async function auditCount(action: string, entityId?: number): Promise<number> {
  let q = t.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action);
  if (entityId !== undefined) q = q.where('entity_id', '=', String(entityId));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function memberCount(): Promise<number> {
  return Number(
    (
      await t.database.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('creating a member', () => {
  it('answers a bad check digit with a 400 naming idNumber, and a gender that contradicts it', async () => {
    const s = await t.login('secretary');
    const good = newIdNumber();
    const bad = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '测试甲', idNumber: badChecksum(good) },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'idNumber', code: 'id_number.checksum' });
    expect(bad.json().errors[0].message).toBe('身份证号码校验位不正确');

    const gender = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '测试甲', idNumber: good, gender: 'female' },
    });
    expect(gender.statusCode).toBe(400);
    expect(gender.json().errors[0]).toMatchObject({ field: 'gender', code: 'member.gender_mismatch' });
  });

  it('derives gender and birth date, answers masked, audits, and refuses the same ID number with 409', async () => {
    const s = await t.login('secretary');
    const idNumber = newIdNumber();
    const before = await auditCount('member.create');
    const res = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '郑海峰', idNumber, phone: '17055551234', joinedOn: '2015-07-01' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '郑海峰',
      gender: 'male',
      genderLabel: '男',
      idNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`,
      phone: '170****1234',
      masked: true,
      birthDate: null,
      stage: 'full',
      status: 'normal',
    });
    expect(await auditCount('member.create')).toBe(before + 1);

    const dup = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '郑海峰二', idNumber },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('member.duplicate_id_number');
    expect(dup.json().detail).toContain('厦门鹭岛智造科技有限公司党支部');
  });

  it('does not reveal where a duplicate outside the caller’s scope is held', async () => {
    const s = await t.login('secretary');
    const dup = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '重复者', idNumber: otherHuli.id_number },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('member.duplicate_id_number');
    expect(dup.body).not.toContain('兴隆社区');
    expect(dup.json().detail).toBe('该身份证号码已在其他党组织登记，请联系上级组织核实');
  });
});

describe('masking and full reads', () => {
  it('masks every ID number and phone in lists and in the plain detail', async () => {
    const s = await t.login('admin');
    const list = await t.as(s, { url: `/api/v1/members?orgId=${ids.branch}&pageSize=200` });
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBeGreaterThan(2);
    for (const m of list.json().items) {
      expect(m.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      if (m.phone) expect(m.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
    expect(list.body).not.toContain(chen.id_number);
    const detail = await t.as(s, { url: `/api/v1/members/${chen.id}` });
    expect(detail.json().masked).toBe(true);
    expect(detail.body).not.toContain(chen.id_number);
    expect(detail.json().actions).toEqual(['member.read_full', 'member.manage']);
  });

  it('shows the full record to those allowed and records every full read', async () => {
    const s = await t.login('secretary');
    const before = await auditCount('member.read_full', chen.id);
    for (let i = 0; i < 2; i++) {
      const full = await t.as(s, { url: `/api/v1/members/${chen.id}/full?reason=${REASON}` });
      expect(full.statusCode).toBe(200);
      expect(full.json()).toMatchObject({ masked: false, idNumber: chen.id_number, phone: chen.phone });
      expect(full.json().birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(await auditCount('member.read_full', chen.id)).toBe(before + 2);
    // reads are not changes: the history leaves them out
    const history = await t.as(s, { url: `/api/v1/members/${chen.id}/history` });
    expect(history.json().items.map((h: { action: string }) => h.action)).not.toContain('member.read_full');
  });

  it('asks for the reason of a full read, in Chinese, and records it in the audit entry', async () => {
    const s = await t.login('secretary');
    const before = await auditCount('member.read_full', chen.id);
    for (const url of [
      `/api/v1/members/${chen.id}/full`,
      `/api/v1/members/${chen.id}/full?reason=`,
      `/api/v1/members/${chen.id}/full?reason=${encodeURIComponent('  ')}`,
      `/api/v1/members/${chen.id}/full?reason=${encodeURIComponent('核'.repeat(201))}`,
    ]) {
      const refused = await t.as(s, { url });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().code).toBe('validation');
      expect(refused.json().errors).toEqual([
        expect.objectContaining({ field: 'reason', message: expect.stringMatching(/事由/) }),
      ]);
      expect(refused.body).not.toContain(chen.id_number);
    }
    expect(await auditCount('member.read_full', chen.id)).toBe(before);
    const reason = '  核对党费基数，需要完整身份证号  ';
    const full = await t.as(s, {
      url: `/api/v1/members/${chen.id}/full?reason=${encodeURIComponent(reason)}`,
    });
    expect(full.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('audit_events')
      .select(['after', 'actor_name'])
      .where('action', '=', 'member.read_full')
      .where('entity_id', '=', String(chen.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const after = typeof row.after === 'string' ? JSON.parse(row.after) : row.after;
    expect(after).toMatchObject({ name: '陈嘉怡', reason: '核对党费基数，需要完整身份证号' });
    expect(row.actor_name).toContain('secretary');
  });

  it('gives a member their own record in full, and nobody else’s', async () => {
    const me = await t.as(await t.login('member'), { url: '/api/v1/me/member' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: chen.id, masked: false, idNumber: chen.id_number, name: '陈嘉怡' });
    const other = await t.as(await t.login('member'), { url: `/api/v1/members/${chen.id}` });
    expect(other.statusCode).toBe(404);
    const none = await t.as(await t.login('admin'), { url: '/api/v1/me/member' });
    expect(none.statusCode).toBe(404);
  });
});

describe('permission matrix: who × action × inside/outside', () => {
  type Action = 'list' | 'read' | 'readFull' | 'create' | 'update';
  async function attempt(user: string, action: Action, where: 'inside' | 'outside'): Promise<number> {
    const s = await t.login(user);
    // "inside" is the secretary's branch (inside everyone's scope but member's); "outside" depends on the user
    const outsideMember = user === 'district' ? fuanMember : user === 'admin' ? null : otherHuli;
    const target = where === 'inside' ? chen : outsideMember;
    const targetOrg = where === 'inside' ? ids.branch : user === 'district' ? ids.fuan : ids.huliGrid;
    if (!target) return 404;
    switch (action) {
      case 'list':
        return (await t.as(s, { url: `/api/v1/members?orgId=${targetOrg}` })).statusCode;
      case 'read':
        return (await t.as(s, { url: `/api/v1/members/${target.id}` })).statusCode;
      case 'readFull':
        return (await t.as(s, { url: `/api/v1/members/${target.id}/full?reason=${REASON}` })).statusCode;
      case 'update':
        return (
          await t.as(s, {
            method: 'PATCH',
            url: `/api/v1/members/${target.id}`,
            payload: { education: '大学本科' },
          })
        ).statusCode;
      case 'create': {
        const res = await t.as(s, {
          method: 'POST',
          url: '/api/v1/members',
          payload: { orgId: targetOrg, name: '矩阵测试', idNumber: newIdNumber() },
        });
        // an org outside scope is a field error naming orgId, never its existence
        return res.statusCode === 400 && res.json().errors[0].field === 'orgId' ? 404 : res.statusCode;
      }
    }
  }

  const MATRIX: Array<[string, Action, 'inside' | 'outside', number]> = [
    ['admin', 'list', 'inside', 200],
    ['admin', 'read', 'inside', 200],
    ['admin', 'readFull', 'inside', 200],
    ['admin', 'create', 'inside', 201],
    ['admin', 'update', 'inside', 200],
    ['district', 'list', 'inside', 200],
    ['district', 'read', 'inside', 200],
    ['district', 'readFull', 'inside', 200],
    ['district', 'create', 'inside', 201],
    ['district', 'update', 'inside', 200],
    ['district', 'list', 'outside', 404],
    ['district', 'read', 'outside', 404],
    ['district', 'readFull', 'outside', 404],
    ['district', 'create', 'outside', 404],
    ['district', 'update', 'outside', 404],
    ['secretary', 'list', 'inside', 200],
    ['secretary', 'read', 'inside', 200],
    ['secretary', 'readFull', 'inside', 200],
    ['secretary', 'create', 'inside', 201],
    ['secretary', 'update', 'inside', 200],
    ['secretary', 'list', 'outside', 404],
    ['secretary', 'read', 'outside', 404],
    ['secretary', 'readFull', 'outside', 404],
    ['secretary', 'create', 'outside', 404],
    ['secretary', 'update', 'outside', 404],
    ['member', 'list', 'inside', 403],
    ['member', 'read', 'inside', 404],
    ['member', 'readFull', 'inside', 404],
    ['member', 'create', 'inside', 404],
    ['member', 'update', 'inside', 404],
  ];

  it.each(MATRIX)('%s %s %s → %i', async (user, action, where, expected) => {
    expect(await attempt(user, action, where)).toBe(expected);
  });

  it('lets nobody without member.read list members at all', async () => {
    const res = await t.as(await t.login('enterprise'), { url: '/api/v1/members' });
    expect(res.statusCode).toBe(403);
  });
});

describe('status changes', () => {
  it('needs a reason, and a place for a mobile member; clears the card when they return', async () => {
    const s = await t.login('secretary');
    const created = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: ids.branch, name: '流动测试', idNumber: newIdNumber() },
    });
    const id = created.json().id;
    const noReason = await t.as(s, {
      method: 'PATCH',
      url: `/api/v1/members/${id}`,
      payload: { status: 'mobile' },
    });
    expect(noReason.json().errors[0].field).toBe('statusReason');
    const noPlace = await t.as(s, {
      method: 'PATCH',
      url: `/api/v1/members/${id}`,
      payload: { status: 'mobile', statusReason: '外出务工' },
    });
    expect(noPlace.json().errors[0]).toMatchObject({
      field: 'mobileLocation',
      code: 'member.mobile_location_required',
    });
    const mobile = await t.as(s, {
      method: 'PATCH',
      url: `/api/v1/members/${id}`,
      payload: {
        status: 'mobile',
        statusReason: '外出务工',
        mobileLocation: '广东省深圳市',
        mobileCardNo: 'LD2026001',
      },
    });
    expect(mobile.json()).toMatchObject({
      status: 'mobile',
      statusLabel: '流动党员',
      mobileLocation: '广东省深圳市',
    });
    const back = await t.as(s, {
      method: 'PATCH',
      url: `/api/v1/members/${id}`,
      payload: { status: 'normal', statusReason: '返回本地' },
    });
    expect(back.json()).toMatchObject({ status: 'normal', mobileLocation: null, mobileCardNo: null });
    const history = await t.as(s, { url: `/api/v1/members/${id}/history` });
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'member.status',
      'member.status',
      'member.create',
    ]);
    expect(history.json().items[0].after.statusReason).toBe('返回本地');
    expect(history.body).not.toMatch(/\d{17}[\dX]/);
  });
});

describe('search', () => {
  async function names(user: string, q: string): Promise<string[]> {
    const res = await t.as(await t.login(user), {
      url: `/api/v1/members?q=${encodeURIComponent(q)}&pageSize=200`,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((m: { name: string }) => m.name);
  }

  it('finds 陈嘉怡 by full pinyin, pinyin prefix, initials and Traditional characters', async () => {
    for (const q of ['chenjiayi', 'chenjia', 'cjy', '陳嘉怡', '嘉怡', 'CJY']) {
      expect(await names('secretary', q), q).toContain('陈嘉怡');
    }
  });

  it('finds by the tail of the ID number and of the phone, not by a tail of 3', async () => {
    expect(await names('secretary', chen.id_number.slice(-6))).toContain('陈嘉怡');
    expect(await names('secretary', chen.id_number.slice(-4).toLowerCase())).toContain('陈嘉怡');
    expect(await names('secretary', chen.phone!.slice(-4))).toContain('陈嘉怡');
    expect(await names('secretary', chen.phone!.slice(-3))).not.toContain('陈嘉怡');
  });

  it('matches no more of an ID number or phone than the caller may see', async () => {
    // the instructor reads members masked (no member.read_full): only the visible last 4 may match
    const db = t.database.db;
    const target = await db
      .selectFrom('members')
      .innerJoin('orgs', 'orgs.id', 'members.org_id')
      .innerJoin('role_bindings as rb', (j) => j.on('rb.role', '=', 'instructor'))
      .innerJoin('orgs as bound', 'bound.id', 'rb.org_id')
      .whereRef('orgs.path', 'like', sql<string>`bound.path || '%'`)
      .where('members.phone', 'is not', null)
      .select(['members.name', 'members.id_number', 'members.phone'])
      .orderBy('members.id')
      .executeTakeFirstOrThrow();
    const visible = await names('instructor', target.id_number.slice(-4));
    expect(visible).toContain(target.name);
    expect(await names('instructor', target.phone!.slice(-4))).toContain(target.name);
    // one hidden digit more: no hit, exactly as a suffix that matches nobody
    const five = target.id_number.slice(-5);
    const wrongDigit = `${(Number(five[0]) + 1) % 10}${five.slice(1)}`;
    expect(await names('instructor', five)).toEqual([]);
    expect(await names('instructor', wrongDigit)).toEqual([]);
    expect(await names('instructor', target.id_number)).not.toContain(target.name);
    expect(await names('instructor', target.phone!.slice(-5))).not.toContain(target.name);
    expect(await names('instructor', target.phone!)).not.toContain(target.name);
  });

  it('lets a reader in full search by a whole ID number or phone, and records it as a full read', async () => {
    const before = await auditCount('member.read_full', chen.id);
    expect(await names('secretary', chen.id_number)).toContain('陈嘉怡');
    expect(await auditCount('member.read_full', chen.id)).toBe(before + 1);
    expect(await names('secretary', chen.phone!)).toContain('陈嘉怡');
    expect(await auditCount('member.read_full', chen.id)).toBe(before + 2);
    // the visible part alone is no full read
    expect(await names('secretary', chen.id_number.slice(-4))).toContain('陈嘉怡');
    expect(await auditCount('member.read_full', chen.id)).toBe(before + 2);
  });

  it('finds by work unit and keeps to the caller’s scope', async () => {
    const s = await t.login('secretary');
    await t.as(s, {
      method: 'PATCH',
      url: `/api/v1/members/${chen.id}`,
      payload: { workUnit: '鹭岛智造研发中心' },
    });
    expect(await names('secretary', '研发中心')).toContain('陈嘉怡');
    // the Huli grid member is never found by the secretary, even by exact ID number
    const other = await t.database.db
      .selectFrom('members')
      .select('name')
      .where('id', '=', otherHuli.id)
      .executeTakeFirstOrThrow();
    expect(await names('secretary', otherHuli.id_number)).not.toContain(other.name);
    expect(await names('district', otherHuli.id_number)).toContain(other.name);
  });
});

// ------------------------------------------------------------ Excel

async function xlsx(rows: Array<Record<string, string | number>>, headers?: string[]): Promise<Buffer> {
  const cols = headers ?? ['所在党组织', '姓名', '公民身份号码', '性别', '手机号码', '入党日期', '学历'];
  return xlsxOf('党员信息', cols, rows);
}

async function preview(s: Session, buffer: Buffer) {
  return t.as(s, { method: 'POST', url: '/api/v1/members/import/preview', ...multipart(buffer) });
}

describe('import', () => {
  it('serves a template with Chinese headers, an example row and a 说明 sheet', async () => {
    const res = await t.as(await t.login('secretary'), { url: '/api/v1/members/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员信息', '说明']);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toContain('*公民身份号码');
    expect(rows).toHaveLength(2);
  });

  it('lists every bad row with its row, column and Chinese reason, and writes nothing', async () => {
    const s = await t.login('secretary');
    const a = newIdNumber();
    const b = newIdNumber();
    const file = await xlsx([
      {
        所在党组织: '厦门鹭岛智造科技有限公司党支部',
        姓名: '导入甲',
        公民身份号码: a,
        入党日期: '2016-07-01',
      },
      { 所在党组织: '厦门鹭岛智造科技有限公司党支部', 姓名: '导入乙', 公民身份号码: badChecksum(b) },
      { 所在党组织: '不存在的党支部', 姓名: '导入丙', 公民身份号码: newIdNumber() },
      { 所在党组织: '厦门鹭岛智造科技有限公司党支部', 姓名: '导入丁', 公民身份号码: a },
      { 所在党组织: '厦门鹭岛智造科技有限公司党支部', 姓名: '导入戊', 公民身份号码: otherHuli.id_number },
      {
        所在党组织: '厦门鹭岛智造科技有限公司党支部',
        姓名: '导入己',
        公民身份号码: newIdNumber(),
        入党日期: '2016-13-01',
      },
      { 所在党组织: '厦门鹭岛智造科技有限公司党支部', 姓名: '', 公民身份号码: newIdNumber() },
    ]);
    const members = await memberCount();
    const audits = await auditCount('member.import');
    const res = await preview(s, file);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ totalRows: 7, goodRows: 1, badRows: 6, toInsert: 1, state: 'previewed' });
    const byRow = Object.fromEntries(
      body.errors.map((e: { row: number; problems: Array<{ column: string; message: string }> }) => [
        e.row,
        e.problems[0],
      ]),
    );
    expect(byRow[3]).toEqual({
      column: '公民身份号码',
      code: 'id_number.checksum',
      message: '身份证号码校验位不正确',
    });
    expect(byRow[4]).toMatchObject({ column: '所在党组织', code: 'import.org_unknown' });
    expect(byRow[5]).toMatchObject({ column: '公民身份号码', message: '与第 2 行的身份证号码重复' });
    expect(byRow[6]).toMatchObject({ column: '公民身份号码', code: 'import.duplicate_outside_scope' });
    expect(byRow[7]).toMatchObject({ column: '入党日期', code: 'import.date' });
    expect(byRow[8]).toMatchObject({ column: '姓名', message: '请填写姓名' });
    expect(await memberCount()).toBe(members);
    expect(await auditCount('member.import')).toBe(audits);

    const all = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${body.batchId}/commit`,
      payload: { mode: 'all' },
    });
    expect(all.statusCode).toBe(409);
    expect(all.json().code).toBe('import.has_errors');
    expect(await memberCount()).toBe(members);

    const good = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${body.batchId}/commit`,
      payload: { mode: 'good_rows' },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ inserted: 1, updated: 0, skipped: 6 });
    expect(await memberCount()).toBe(members + 1);
    const again = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${body.batchId}/commit`,
      payload: { mode: 'good_rows' },
    });
    expect(again.json().code).toBe('import.committed');

    // another user cannot see or commit the batch
    const district = await t.as(await t.login('district'), { url: `/api/v1/members/import/${body.batchId}` });
    expect(district.statusCode).toBe(404);
  });

  it('imports a clean file, and importing it again changes nothing; a changed phone updates', async () => {
    const s = await t.login('secretary');
    const rows = [1, 2, 3].map((i) => ({
      所在党组织: '厦门鹭岛智造科技有限公司党支部',
      姓名: `幂等${'甲乙丙'[i - 1]}`,
      公民身份号码: newIdNumber(),
      性别: '男',
      手机号码: `1701234000${i}`,
      入党日期: '2018/7/1',
    }));
    const first = await preview(s, await xlsx(rows));
    expect(first.json()).toMatchObject({ badRows: 0, toInsert: 3, toUpdate: 0 });
    const c1 = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${first.json().batchId}/commit`,
      payload: { mode: 'all' },
    });
    expect(c1.json()).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const members = await memberCount();

    const second = await preview(s, await xlsx(rows));
    expect(second.json()).toMatchObject({ badRows: 0, toInsert: 0, toUpdate: 3 });
    const c2 = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${second.json().batchId}/commit`,
      payload: { mode: 'all' },
    });
    expect(c2.json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await memberCount()).toBe(members);

    rows[0]!.手机号码 = '17099990000';
    const third = await preview(s, await xlsx(rows));
    const c3 = await t.as(s, {
      method: 'POST',
      url: `/api/v1/members/import/${third.json().batchId}/commit`,
      payload: { mode: 'all' },
    });
    expect(c3.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    const list = await t.as(s, { url: `/api/v1/members?q=${encodeURIComponent('幂等甲')}` });
    expect(list.json().items[0].phone).toBe('170****0000');
    expect(list.json().items[0].joinedOn).toBe('2018-07-01');
    const history = await t.as(s, { url: `/api/v1/members/${list.json().items[0].id}/history` });
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'member.update',
      'member.import',
    ]);
  });

  it('reads a batch back counting what it would write, not who holds its ID numbers elsewhere', async () => {
    const s = await t.login('secretary');
    const idNumber = newIdNumber();
    const previewed = await preview(
      s,
      await xlsx([{ 所在党组织: '厦门鹭岛智造科技有限公司党支部', 姓名: '导入庚', 公民身份号码: idNumber }]),
    );
    expect(previewed.json()).toMatchObject({ goodRows: 1, toInsert: 1, toUpdate: 0 });
    // the same person is registered in 福安 afterwards, outside the secretary's scope
    const admin = await t.login('admin');
    const fuanBranch = await t.database.db
      .selectFrom('members')
      .select('org_id')
      .where('id', '=', fuanMember.id)
      .executeTakeFirstOrThrow();
    const elsewhere = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/members',
      payload: { orgId: fuanBranch.org_id, name: '导入庚', idNumber },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const again = await t.as(s, { url: `/api/v1/members/import/${previewed.json().batchId}` });
    expect(again.json()).toMatchObject({ toInsert: 1, toUpdate: 0 });
  });

  it('refuses a file that is not a spreadsheet, a missing header, and a JSON body', async () => {
    const s = await t.login('secretary');
    const junk = await preview(s, Buffer.from('not a spreadsheet'));
    expect(junk.statusCode).toBe(400);
    expect(junk.json().errors[0]).toMatchObject({ field: 'file', code: 'import.file' });
    const noHeader = await preview(s, await xlsx([{ 姓名: '甲' }], ['姓名', '备注']));
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().detail).toContain('公民身份号码');
    const json = await t.as(s, { method: 'POST', url: '/api/v1/members/import/preview', payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    const member = await preview(await t.login('member'), await xlsx([]));
    expect(member.statusCode).toBe(403);
  });
});

describe('export', () => {
  it('downloads the members the user can see, in full for those allowed, and audits it', async () => {
    const s = await t.login('secretary');
    const before = await auditCount('member.export');
    const res = await t.as(s, { url: '/api/v1/members/export.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const rows = await readXlsx(res.rawPayload);
    const list = await t.as(s, { url: '/api/v1/members?pageSize=1' });
    expect(rows.length - 1).toBe(list.json().total);
    expect(rows[0]).toEqual(expect.arrayContaining(['所在党组织', '公民身份号码', '党员状态']));
    expect(rows.some((r) => r.includes(chen.id_number))).toBe(true);
    expect(rows.every((r) => r[0] === '厦门鹭岛智造科技有限公司党支部' || r[0] === '所在党组织')).toBe(true);
    expect(await auditCount('member.export')).toBe(before + 1);
  });

  it('masks every row when written for a reader without full access', async () => {
    const row = {
      id: 1,
      org_id: 1,
      org_name: '某支部',
      org_path: '/1/',
      name: '甲',
      id_number: '350206199001011236',
      gender: 'male',
      birth_date: '1990-01-01',
      phone: '17012345678',
      stage: 'full',
      status: 'normal',
    } as unknown as MemberRow;
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    async function* one() {
      yield [row];
    }
    await writeMembersXlsx(stream, one(), { full: false });
    const rows = await readXlsx(Buffer.concat(chunks));
    expect(rows[1]).toContain('3502**********1236');
    expect(rows[1]).toContain('170****5678');
    expect(rows[1]).not.toContain('1990-01-01');
  });

  it('refuses export to those without member.export', async () => {
    const res = await t.as(await t.login('member'), { url: '/api/v1/members/export.xlsx' });
    expect(res.statusCode).toBe(403);
  });

  it('runs a large export as a job with progress, for its owner only', async () => {
    const s = await t.login('admin');
    const started = await t.as(s, { method: 'POST', url: '/api/v1/members/exports', payload: {} });
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ state: 'queued', progress: 0 });
    expect(job.rows).toBeGreaterThan(1000);
    const notYet = await t.as(s, { url: `/api/v1/exports/${job.id}/download` });
    expect(notYet.json().code).toBe('export.not_ready');
    while (await t.queue.runOne()) {
      // run queued jobs (the worker is off in tests)
    }
    const status = await t.as(s, { url: `/api/v1/exports/${job.id}` });
    expect(status.json()).toMatchObject({ state: 'done', progress: 100, rows: job.rows });
    const file = await t.as(s, { url: `/api/v1/exports/${job.id}/download` });
    expect(file.statusCode).toBe(200);
    const rows = await readXlsx(file.rawPayload);
    expect(rows.length - 1).toBe(job.rows);
    // every member of the city is in it, once, with the ID number in full (the admin may read in full)
    const idColumn = rows[0]!.indexOf('公民身份号码');
    const all = await t.database.db.selectFrom('members').select('id_number').execute();
    expect(job.rows).toBe(all.length);
    expect(
      rows
        .slice(1)
        .map((r) => r[idColumn])
        .sort(),
    ).toEqual(all.map((m) => m.id_number).sort());
    // stored as chunks (constant memory), not as one value
    const done = await t.database.db
      .selectFrom('jobs')
      .select('result')
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    const stored = await t.database.db
      .selectFrom('files')
      .select(['content', 'size_bytes'])
      .where('id', '=', (done.result as { fileId: number }).fileId)
      .executeTakeFirstOrThrow();
    expect(stored.content).toBeNull();
    expect(Number(stored.size_bytes)).toBe(file.rawPayload.length);
    const other = await t.as(await t.login('district'), { url: `/api/v1/exports/${job.id}` });
    expect(other.statusCode).toBe(404);
  });

  it('writes the whole demo city masked through the chunked store and reads it back, every row', async () => {
    // No demo role may export without reading in full, so the masked path is driven directly: the
    // job's own pieces (scope of the admin, keyset batches, chunk sink, chunked read) with full = false.
    const db = t.database.db;
    const admin = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const actor = (await loadActor(db, admin.id))!;
    const { filter } = await exportPlan(db, { actor, ip: '', requestId: 'test' }, {});
    const fileRow = await db
      .insertInto('files')
      .values({
        owner_id: admin.id,
        org_path: null,
        region_code: null,
        kind: 'test.masked',
        name: 'm.xlsx',
        content_type: 'application/octet-stream',
        content: null,
        expires_at: sql<Date>`now() + interval '1 day'`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sink = fileChunkSink(db, fileRow.id);
    const finished = new Promise((resolve, reject) => sink.on('finish', resolve).on('error', reject));
    const written = await writeMembersXlsx(sink, memberBatches(db, filter, 700), { full: false });
    await finished;
    const parts: Buffer[] = [];
    for await (const part of fileContent(db, { id: fileRow.id, content: null }) as AsyncIterable<Buffer>)
      parts.push(part);
    const body = Buffer.concat(parts);
    expect(body.length).toBe(sink.bytes);
    const rows = await readXlsx(body);
    const members = await db.selectFrom('members').select(['id_number', 'phone']).execute();
    expect(written).toBe(members.length);
    expect(rows.length - 1).toBe(members.length);
    const idColumn = rows[0]!.indexOf('公民身份号码');
    const phoneColumn = rows[0]!.indexOf('手机号码');
    const birthColumn = rows[0]!.indexOf('出生日期');
    for (const r of rows.slice(1)) {
      expect(r[idColumn]).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      if (r[phoneColumn]) expect(r[phoneColumn]).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r[birthColumn] ?? '').toBe('');
    }
    // the masked column has exactly the visible ends of the city's ID numbers, row for row
    expect(
      rows
        .slice(1)
        .map((r) => r[idColumn])
        .sort(),
    ).toEqual(members.map((m) => maskIdNumber(m.id_number)).sort());
    expect(members.some((m) => m.phone)).toBe(true);
  });
});
