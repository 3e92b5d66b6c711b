import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { type ReadScope, readable, readableWhenFiled } from './repository.ts';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let t: TestApp;
let cat: Record<string, number>;
beforeAll(async () => {
  t = await createTestApp();
  // these tests walk the loop itself: ratings take effect at once (the change window: people.int.test.ts)
  await t.database.db.updateTable('case_categories').set({ rating_change_minutes: 0 }).execute();
  const admin = await t.login('admin');
  const res = await t.as(admin, { url: '/api/v1/case-categories' });
  cat = Object.fromEntries(res.json().items.map((c: { code: string; id: number }) => [c.code, c.id]));
});
afterAll(() => t.close());

async function file(who: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.as(who, {
    method: 'POST',
    url: '/api/v1/cases',
    payload: { title: '测试诉求', description: '测试内容', ...body },
    headers,
  });
}
const act = (who: Session, id: number, payload: Record<string, unknown>) =>
  t.as(who, { method: 'POST', url: `/api/v1/cases/${id}/transitions`, payload });
const detail = (who: Session, id: number) => t.as(who, { url: `/api/v1/cases/${id}` });

describe('intake and routing by category × area', () => {
  it('routes 食品安全 filed in 兴隆社区 to the district market regulator, 环境卫生 to the grid, 政策咨询 to 工信', async () => {
    const resident = await t.login('resident');
    const food = await file(resident, { categoryId: cat.SPAQ, title: '兴隆路小吃店后厨卫生差' });
    expect(food.statusCode).toBe(201);
    expect(food.json().state).toBe('dispatched');
    expect(food.json().leadOrgName).toBe('厦门市湖里区市场监督管理局机关党支部');
    expect(food.json().orgName).toBe('中共兴隆社区委员会');
    const litter = await file(resident, { categoryId: cat.HJWS, title: '楼道垃圾堆放' });
    expect(litter.json().leadOrgName).toBe('兴隆社区第1网格党支部');
    const policy = await file(resident, { categoryId: cat.ZCZX });
    expect(policy.json().leadOrgName).toBe('厦门市湖里区工业和信息化局机关党支部');
    // sign-in clock started at dispatch
    expect(food.json().clocks.find((c: { key: string }) => c.key === 'sign').dueAt).toMatch(/\+08:00$/);
  });

  it('answers a submission with exactly the detail a read of the case gives (the statement returns it as JSON)', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      // routed at once: three steps, a handler, running clocks; a photo, a place, the answers to its questions
      [
        'resident',
        {
          categoryId: cat.ZDJY,
          title: '公交站旁流动摊贩占道',
          lat: 24.5081,
          long: 118.1412,
          address: '兴隆路 12 号',
          attributes: { KIND: 'vendor' },
          photos: [{ fileName: '现场.png', contentType: 'image/png', dataBase64: PNG }],
        },
      ],
      // anonymous, filed by a member of staff (other roles, other actions offered)
      [
        'district',
        { categoryId: cat.SPAQ, anonymous: true, reporterName: '王女士', reporterPhone: '13800138000' },
      ],
      ['handler', { categoryId: cat.HJWS, description: '繁體：樓道垃圾堆放' }],
    ];
    for (const [who, body] of cases) {
      const session = await t.login(who);
      const filed = await file(session, body);
      expect(filed.statusCode, JSON.stringify(filed.json())).toBe(201);
      const read = await detail(session, filed.json().id);
      expect(read.statusCode).toBe(200);
      expect(filed.json()).toEqual(read.json());
      // the answer's times are real instants in Asia/Shanghai, not text passed through
      expect(filed.json().createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    }
  });

  it('refuses a missing required attribute, an unknown category and a fake photo, naming the field', async () => {
    const resident = await t.login('resident');
    const noAttr = await file(resident, { categoryId: cat.ZDJY });
    expect(noAttr.statusCode).toBe(400);
    expect(noAttr.json().errors[0].field).toBe('attribute[KIND]');
    const unknown = await file(resident, { categoryId: 999999 });
    expect(unknown.json().errors[0].field).toBe('categoryId');
    const fake = await file(resident, {
      categoryId: cat.SPAQ,
      photos: [
        {
          fileName: 'a.png',
          contentType: 'image/png',
          dataBase64: Buffer.from('not a png').toString('base64'),
        },
      ],
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().errors[0].field).toBe('photos.0');
  });

  it('keeps only photos whose bytes are the image they claim, and serves them inline as that image', async () => {
    const resident = await t.login('resident');
    // a WAV file is RIFF too: a WebP needs "WEBP" after the RIFF size
    const wav = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WAVEfmt '),
      Buffer.alloc(16),
    ]);
    const fakeWebp = await file(resident, {
      categoryId: cat.SPAQ,
      photos: [{ fileName: 'a.webp', contentType: 'image/webp', dataBase64: wav.toString('base64') }],
    });
    expect(fakeWebp.statusCode).toBe(400);
    expect(fakeWebp.json().errors[0]).toMatchObject({ field: 'photos.0', code: 'case.photo_type' });
    const filed = await file(resident, {
      categoryId: cat.SPAQ,
      title: '照片下载测试',
      photos: [{ fileName: '现场.png', contentType: 'image/png', dataBase64: PNG }],
    });
    expect(filed.statusCode).toBe(201);
    const photo = await t.as(resident, { url: filed.json().attachments[0].url });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    expect(photo.headers['content-disposition']).toMatch(/^inline; /);
    expect(photo.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('现场.png')}`,
    );
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);
  });

  it('a retried submission with the same Idempotency-Key creates one case, also when both arrive at once', async () => {
    const resident = await t.login('resident');
    const headers = { 'idempotency-key': 'retry-1' };
    const a = await file(resident, { categoryId: cat.SPAQ, title: '重复提交测试' }, headers);
    const b = await file(resident, { categoryId: cat.SPAQ, title: '重复提交测试' }, headers);
    expect(b.json().id).toBe(a.json().id);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replay']).toBe('true');
    // the case row keeps the key: the generic answer cache is not used for intake
    const cached = await t.database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', 'retry-1')
      .execute();
    expect(cached).toEqual([]);
    const [c, d] = await Promise.all([
      file(resident, { categoryId: cat.SPAQ, title: '并发提交测试' }, { 'idempotency-key': 'race-1' }),
      file(resident, { categoryId: cat.SPAQ, title: '并发提交测试' }, { 'idempotency-key': 'race-1' }),
    ]);
    expect(c.json().id).toBe(d.json().id);
    const count = await t.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('title', 'in', ['重复提交测试', '并发提交测试'])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
  it('answers a new case exactly as reading it back answers it, for every filer and every kind of submission', async () => {
    // the answer to POST comes from the statement that wrote the case (issue 11), GET reads the tables
    const resident = await t.login('resident');
    const grid = await t.login('grid');
    const admin = await t.login('admin');
    const district = await t.login('district');
    const xinglong = await orgId(t, '中共兴隆社区委员会');
    const filings: Array<[Session, Record<string, unknown>]> = [
      ...Object.values(cat).map((categoryId): [Session, Record<string, unknown>] => [
        resident,
        { categoryId, attributes: { KIND: '其他' } },
      ]),
      [
        resident,
        {
          categoryId: cat.SPAQ,
          lat: 24.5123,
          long: 118.1456,
          address: '兴隆路 12 号',
          photos: [
            { fileName: '现场1.png', contentType: 'image/png', dataBase64: PNG },
            { fileName: '现场2.png', contentType: 'image/png', dataBase64: PNG },
          ],
        },
      ],
      [
        grid,
        {
          categoryId: cat.HJWS,
          channel: 'grid',
          photos: [{ fileName: 'a.png', contentType: 'image/png', dataBase64: PNG }],
        },
      ],
      [
        admin,
        {
          categoryId: cat.SPAQ,
          channel: 'console',
          orgId: xinglong,
          reporterName: '陈先生',
          reporterPhone: '13800001234',
        },
      ],
      [district, { categoryId: cat.ZCZX, channel: 'meeting', orgId: xinglong, anonymous: true }],
    ];
    let compared = 0;
    for (const [who, body] of filings) {
      const filed = await file(who, body);
      // a category that does not apply to 兴隆 is refused, as it should be; the rest must answer alike
      if (filed.statusCode === 400 && filed.json().errors[0].field === 'categoryId') continue;
      expect(filed.statusCode, JSON.stringify(filed.json())).toBe(201);
      const read = await detail(who, filed.json().id);
      expect(filed.json()).toEqual(read.json());
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });
});

describe('the closed loop 点单→派单→接单→评单', () => {
  it('signs, replies with evidence, redoes under supervision when unsatisfied, closes on satisfied, credits points only then', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const admin = await t.login('admin');
    const before = (await t.as(resident, { url: '/api/v1/points/me' })).json().balance;
    const filed = await file(resident, {
      categoryId: cat.SPAQ,
      title: '超市售卖过期牛奶',
      lat: 24.508,
      long: 118.141,
      photos: [{ fileName: 'milk.png', contentType: 'image/png', dataBase64: PNG }],
    });
    const id = filed.json().id as number;
    expect(filed.json().attachments).toHaveLength(1);
    expect((await t.as(resident, { url: '/api/v1/points/me' })).json().balance).toBe(before);

    const seen = await detail(handler, id);
    expect(seen.json().actions.map((a: { action: string }) => a.action)).toEqual(['sign', 'return']);
    expect((await act(handler, id, { action: 'sign' })).json().state).toBe('signed');
    expect((await act(handler, id, { action: 'sign' })).statusCode).toBe(409);
    expect((await act(handler, id, { action: 'start' })).json().state).toBe('in_progress');
    const noEvidence = await act(handler, id, { action: 'reply', reply: '已责令下架' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().errors[0].field).toBe('evidence');
    const replied = await act(handler, id, {
      action: 'reply',
      reply: '已责令下架',
      evidence: '现场检查笔录',
    });
    expect(replied.json().state).toBe('replied');

    expect((await detail(resident, id)).json().actions.map((a: { action: string }) => a.action)).toEqual([
      'rate',
    ]);
    const redo = await act(resident, id, { action: 'rate', rating: 'unsatisfied', comment: '货架上还有' });
    expect(redo.json().state).toBe('in_progress');
    expect(redo.json().supervisionLevel).toBe(1);
    expect(redo.json().redoCount).toBe(1);
    expect((await t.as(resident, { url: '/api/v1/points/me' })).json().balance).toBe(before);

    await act(handler, id, { action: 'reply', reply: '全部下架并立案', evidence: '立案决定书' });
    const closed = await act(resident, id, { action: 'rate', rating: 'satisfied' });
    expect(closed.json().state).toBe('closed');
    expect(closed.json().pointsAwarded).toBe(10);
    const points = (await t.as(resident, { url: '/api/v1/points/me' })).json();
    expect(points.balance).toBe(before + 10);
    expect(points.items[0].caseId).toBe(id);

    const seenByAdmin = await detail(admin, id);
    expect(seenByAdmin.statusCode).toBe(200);
    expect(seenByAdmin.json().events.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'accept',
      'dispatch',
      'sign',
      'start',
      'reply',
      'rate',
      'reply',
      'rate',
    ]);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_type', '=', 'case')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audited.map((a) => a.action)).toContain('case.rate');
  });

  it('escalates after the third redo and alerts the superior organization', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const district = await t.login('district');
    const id = (await file(resident, { categoryId: cat.SPAQ, title: '反复投诉的油烟问题' })).json()
      .id as number;
    await act(handler, id, { action: 'sign' });
    await act(handler, id, { action: 'start' });
    let last: { escalated: boolean; supervisionLevel: number; redoCount: number } | undefined;
    for (let i = 0; i < 3; i++) {
      await act(handler, id, { action: 'reply', reply: `第${i + 1}次答复`, evidence: '照片' });
      last = (
        await act(resident, id, { action: 'rate', rating: 'unsatisfied', comment: `第${i + 1}次仍未解决` })
      ).json();
      if (i < 2) expect(last!.escalated).toBe(false);
    }
    expect(last!.redoCount).toBe(3);
    expect(last!.escalated).toBe(true);
    expect(last!.supervisionLevel).toBe(3);
    const notes = await t.as(district, { url: '/api/v1/notifications' });
    expect(
      notes
        .json()
        .items.some((n: { caseId: number; kind: string }) => n.caseId === id && n.kind === 'escalation'),
    ).toBe(true);
  });

  it('suggests similar open cases while filing (Traditional text too) and merges a duplicate without points', async () => {
    const resident = await t.login('resident');
    const district = await t.login('district');
    const first = (
      await file(resident, {
        categoryId: cat.FJDC,
        title: '兴隆路口共享单车堵塞盲道',
        lat: 24.5,
        long: 118.14,
      })
    ).json();
    const similar = await t.as(resident, {
      url: `/api/v1/cases/similar?category=${cat.FJDC}&lat=24.5005&long=118.1402&text=${encodeURIComponent('興隆路口共享單車堵塞盲道')}`,
    });
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items[0].id).toBe(first.id);
    expect(similar.json().items[0].distanceMeters).toBeLessThan(250);
    const second = (await file(resident, { categoryId: cat.FJDC, title: '路口单车挡住盲道' })).json();
    const merged = await act(district, second.id, {
      action: 'merge',
      duplicateOf: first.id,
      comment: '同一问题',
    });
    expect(merged.json().state).toBe('closed');
    expect(merged.json().duplicateOf).toBe(first.id);
    expect(merged.json().closureReason).toBe('duplicate');
    expect(merged.json().pointsAwarded).toBe(0);
    const search = await t.as(district, { url: `/api/v1/cases?q=${encodeURIComponent('共享單車')}` });
    expect(search.json().items.map((c: { id: number }) => c.id)).toContain(first.id);
  });

  it('suggests only cases the caller could open: 火炬 shares 湖里’s region code but not its cases', async () => {
    const admin = await t.login('admin');
    const torch = await orgId(t, '中共厦门火炬高新区非公有制企业委员会');
    const huliArea = await orgId(t, '中共兴隆社区委员会');
    const text = '软件园二期东门井盖缺失';
    const inTorch = await file(admin, {
      categoryId: cat.FJDC,
      title: text,
      orgId: torch,
      channel: 'console',
    });
    const inHuli = await file(admin, {
      categoryId: cat.FJDC,
      title: text,
      orgId: huliArea,
      channel: 'console',
    });
    expect([inTorch.statusCode, inHuli.statusCode]).toEqual([201, 201]);
    const ids = async (who: string) => {
      const res = await t.as(await t.login(who), {
        url: `/api/v1/cases/similar?text=${encodeURIComponent(text)}`,
      });
      expect(res.statusCode).toBe(200);
      return res.json().items.map((c: { id: number }) => c.id) as number[];
    };
    // the district reads 湖里's cases, not 火炬's
    expect(await ids('district')).toContain(inHuli.json().id);
    expect(await ids('district')).not.toContain(inTorch.json().id);
    // a resident opens only the cases they filed
    for (const who of ['resident', 'handler', 'member']) {
      const seen = await ids(who);
      expect(seen, who).not.toContain(inTorch.json().id);
      expect(seen, who).not.toContain(inHuli.json().id);
    }
    expect(await ids('admin')).toEqual(expect.arrayContaining([inTorch.json().id, inHuli.json().id]));
  });

  it('suspends with a reason and pauses the clocks', async () => {
    const resident = await t.login('resident');
    const handler = await t.login('handler');
    const id = (await file(resident, { categoryId: cat.ZZBL })).json().id as number;
    await act(handler, id, { action: 'sign' });
    await act(handler, id, { action: 'start' });
    expect((await act(handler, id, { action: 'suspend' })).json().errors[0].field).toBe('comment');
    const suspended = await act(handler, id, { action: 'suspend', comment: '等待企业补充材料' });
    expect(suspended.json().state).toBe('suspended');
    expect(suspended.json().clocks.find((c: { key: string }) => c.key === 'completion').status).toBe(
      'paused',
    );
  });
});

describe('who may read a case being filed (the intake decides before writing it)', () => {
  it('readableWhenFiled says what the read scope in SQL says, over every case of the demo city without co-handling units', async () => {
    const db = t.database.db;
    const mark = (cases: Array<{ id: number }>, set: { open311_key_id?: number; alliance_id?: number }) =>
      db
        .updateTable('cases')
        .set(set)
        .where(
          'id',
          'in',
          cases.map((c) => c.id),
        )
        .execute();
    // a few cases as an outside system's (Open311 key) filed them
    const key = await db.selectFrom('open311_keys').select('id').orderBy('id').executeTakeFirstOrThrow();
    await mark(await db.selectFrom('cases').select('id').orderBy('id').limit(5).execute(), {
      open311_key_id: key.id,
    });
    // and a few as an alliance's 点单 (the alliance branch reads the handling member's path)
    const alliance = await db.selectFrom('alliances').select('id').orderBy('id').executeTakeFirstOrThrow();
    const led = await db
      .selectFrom('cases')
      .select(['id', 'lead_org_path'])
      .where('lead_org_path', 'is not', null)
      .orderBy('id', 'desc')
      .limit(5)
      .execute();
    await mark(led, { alliance_id: alliance.id });
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'org_path', 'lead_org_path', 'reporter_id', 'alliance_id', 'open311_key_id'])
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('case_units').select('case_id').whereRef('case_id', '=', 'cases.id'))),
      )
      .execute();
    const pick = <T>(xs: T[], n: number) =>
      xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
    const orgPaths = [
      ...new Set(rows.flatMap((r) => [r.org_path, r.lead_org_path]).filter((p): p is string => !!p)),
    ];
    // roots at every depth: the city, a district, a community, a department's branch; a path that is a prefix of another's text
    const roots = [
      ...new Set(
        orgPaths.flatMap((p) =>
          p
            .split('/')
            .filter(Boolean)
            .map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`),
        ),
      ),
    ];
    const reporters = [...new Set(rows.map((r) => r.reporter_id).filter((x): x is number => x !== null))];
    const keys = [...new Set(rows.map((r) => r.open311_key_id).filter((x): x is number => x !== null))];
    expect(rows.length).toBeGreaterThan(50);
    expect(keys.length).toBeGreaterThan(0);
    const scopes: ReadScope[] = [];
    for (const paths of [[], ...pick(roots, 6).map((r) => [r]), pick(roots, 3)])
      for (const userId of [pick(reporters, 2)[0]!, pick(reporters, 2)[1] ?? -1, -1])
        for (const open311KeyId of [undefined, keys[0]])
          for (const alliancePaths of [[], pick(roots, 4).slice(1, 3), [led[0]!.lead_org_path!]])
            scopes.push({
              userId,
              paths,
              ...(open311KeyId === undefined ? {} : { open311KeyId }),
              alliancePaths,
            });
    let yes = 0;
    let no = 0;
    for (const scope of scopes) {
      const sqlSays = await db
        .selectFrom('cases')
        .select('id')
        .select((eb) => readable(eb, scope).as('r'))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const bySql = new Map(sqlSays.map((r) => [r.id, Boolean(r.r)]));
      for (const row of rows) {
        const filed = readableWhenFiled(scope, row);
        expect(filed, `case ${row.id}, scope ${JSON.stringify(scope)}`).toBe(bySql.get(row.id));
        if (filed) yes++;
        else no++;
      }
    }
    // the comparison covered both answers, many times
    expect(yes).toBeGreaterThan(100);
    expect(no).toBeGreaterThan(100);
  });
});

describe('scope matrix: who × read/transition × inside/outside', () => {
  let inside: number;
  let outside: number;
  beforeAll(async () => {
    const resident = await t.login('resident');
    const admin = await t.login('admin');
    inside = (await file(resident, { categoryId: cat.SPAQ, title: '范围测试（湖里）' })).json().id;
    const fuan = await orgId(t, '中共福安市委员会');
    const res = await file(admin, {
      categoryId: cat.HJWS,
      title: '范围测试（福安）',
      orgId: fuan,
      channel: 'console',
    });
    expect(res.statusCode).toBe(201);
    outside = res.json().id;
    expect(res.json().state).toBe('submitted');
  });

  const cases: Array<[string, 'in' | 'out', number, string, number]> = [];
  it.each([
    // who, where, read status, action, transition status
    ['handler', 'in', 200, 'accept', 403],
    ['handler', 'out', 404, 'accept', 404],
    ['district', 'in', 200, 'supervise', 200],
    ['district', 'out', 404, 'accept', 404],
    ['admin', 'in', 200, 'supervise', 200],
    ['admin', 'out', 200, 'accept', 200],
    ['resident', 'in', 200, 'sign', 403],
    ['resident', 'out', 404, 'accept', 404],
    ['grid', 'out', 404, 'accept', 404],
  ] as const)('%s on a case %s scope: read %i, %s → %i', async (who, where, read, action, status) => {
    const s = await t.login(who);
    const id = where === 'in' ? inside : outside;
    expect((await detail(s, id)).statusCode).toBe(read);
    const res = await act(s, id, { action, comment: '督办：请加快' });
    expect(res.statusCode).toBe(status);
  });
  void cases;

  it('lists only what the caller may read; a resident sees their own', async () => {
    const handler = await t.login('handler');
    const resident = await t.login('resident');
    const handlerList = await t.as(handler, { url: '/api/v1/cases?pageSize=200' });
    expect(handlerList.json().items.map((c: { id: number }) => c.id)).toContain(inside);
    expect(handlerList.json().items.map((c: { id: number }) => c.id)).not.toContain(outside);
    const mine = await t.as(resident, { url: '/api/v1/cases?mine=reported&pageSize=200' });
    expect(
      mine.json().items.every((c: { reporterName: string }) => c.reporterName === '黄师傅（外卖骑手）'),
    ).toBe(true);
  });
});

describe('ledger, measures and the deadline sweep', () => {
  it('shows overdue first and filters overdue cases', async () => {
    const resident = await t.login('resident');
    const district = await t.login('district');
    const id = (await file(resident, { categoryId: cat.YDAQ, title: '电动车楼道飞线充电' })).json()
      .id as number;
    // pretend the sign-in deadline passed
    await t.database.db
      .updateTable('cases')
      .set({ sign_due_at: new Date(clock.now().getTime() - 3600_000) })
      .where('id', '=', id)
      .execute();
    // the demo city's last days hold open cases past their deadlines too: every overdue case comes
    // before every case on time, this one among them
    const list = await t.as(district, { url: '/api/v1/cases?state=open&pageSize=100' });
    const items = list.json().items as Array<{ id: number; overdue: boolean }>;
    const firstOnTime = items.findIndex((c) => !c.overdue);
    const overdueFirst = firstOnTime === -1 ? items : items.slice(0, firstOnTime);
    expect(overdueFirst.map((c) => c.id)).toContain(id);
    expect(items.slice(overdueFirst.length).every((c) => !c.overdue)).toBe(true);
    const overdue = await t.as(district, { url: '/api/v1/cases?overdue=true&pageSize=200' });
    expect(overdue.json().items.map((c: { id: number }) => c.id)).toContain(id);
  });

  it('counts a case with no due time yet as on time: listed after the overdue ones and among the on-time ones', async () => {
    const resident = await t.login('resident');
    const district = await t.login('district');
    const late = (await file(resident, { categoryId: cat.YDAQ, title: '楼道堆放杂物' })).json().id as number;
    const waiting = (await file(resident, { categoryId: cat.YDAQ, title: '路灯不亮' })).json().id as number;
    await t.database.db
      .updateTable('cases')
      .set({ sign_due_at: new Date(clock.now().getTime() - 3600_000) })
      .where('id', '=', late)
      .execute();
    // as a case waits for acceptance where no rule routes it: no clock has a due time
    await t.database.db
      .updateTable('cases')
      .set({ state: 'submitted', sign_due_at: null, completion_due_at: null })
      .where('id', '=', waiting)
      .execute();
    const items = (await t.as(district, { url: '/api/v1/cases?state=open&pageSize=100' })).json()
      .items as Array<{ id: number; overdue: boolean }>;
    expect(items[0]!.overdue).toBe(true);
    const onTime = await t.as(district, { url: '/api/v1/cases?overdue=false&pageSize=200' });
    const ids = onTime.json().items.map((c: { id: number }) => c.id);
    expect(ids).toContain(waiting);
    expect(ids).not.toContain(late);
  });

  it('sends chase and 督办 notices once per breach', async () => {
    const { caseDeadlineJob } = await import('./jobs.ts');
    const ctx = { db: t.database, log: { info() {} }, job: {}, progress: async () => {} } as never;
    const first = (await caseDeadlineJob.handler({}, ctx)) as { chases: number; supervisionAlerts: number };
    expect(first.chases).toBeGreaterThan(0);
    expect(first.supervisionAlerts).toBeGreaterThan(0);
    const again = (await caseDeadlineJob.handler({}, ctx)) as { chases: number };
    expect(again.chases).toBe(0);
  });

  it('answers measures with their definitions, by category and unit', async () => {
    const district = await t.login('district');
    const res = await t.as(district, { url: '/api/v1/cases/measures?by=unit' });
    expect(res.statusCode).toBe(200);
    const onTime = res.json().total.find((m: { key: string }) => m.key === 'onTime');
    expect(onTime.definition).toContain('超期');
    expect(onTime.denominator).toBeGreaterThan(0);
    const resident = await t.login('resident');
    expect((await t.as(resident, { url: '/api/v1/cases/measures' })).statusCode).toBe(403);
  });

  it('exports the ledger as Excel for org admins only', async () => {
    const district = await t.login('district');
    const res = await t.as(district, { url: '/api/v1/cases/export.xlsx?state=open' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const handler = await t.login('handler');
    expect((await t.as(handler, { url: '/api/v1/cases/export.xlsx' })).statusCode).toBe(403);
  });
});
