import { ORG_TYPES } from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDirectExport, EXPORT_DIRECT_LIMIT } from '../../platform/exports.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { readXlsx } from '../../test/xlsx.ts';
import { ORG_EXPORT_HEADERS } from './export.ts';

let t: TestApp;
let huli: number;
let fuan: number;
/** What the roster of 湖里 should say, computed here row by row, independently of the export. */
let expected: string[][];

beforeAll(async () => {
  t = await createTestApp();
  huli = await orgId(t, '中共厦门市湖里区委员会');
  fuan = await orgId(t, '中共福安市委员会');
  const db = t.database.db;
  const names = new Map(
    (await db.selectFrom('orgs').select(['id', 'name']).execute()).map((o) => [o.id, o.name]),
  );
  const huliPath = (
    await db.selectFrom('orgs').select('path').where('id', '=', huli).executeTakeFirstOrThrow()
  ).path;
  const rows = await db
    .selectFrom('orgs as o')
    .leftJoin('units as u', 'u.id', 'o.unit_id')
    .select([
      'o.id',
      'o.name',
      'o.type',
      'o.path',
      'o.region_code',
      'o.established_on',
      'u.name as unit',
      'u.credit_code',
      sql<number>`(select count(*)::int from members m where m.org_id = o.id
        and m.stage in ('probationary', 'full') and m.status in ('normal', 'mobile', 'lost_contact'))`.as(
        'members',
      ),
      sql<string | null>`(select cm.name from org_terms tt join org_committee_members cm on cm.term_id = tt.id
        where tt.org_id = o.id and tt.state = 'current' and cm.post = 'secretary' limit 1)`.as('secretary'),
    ])
    .where('o.path', 'like', `${huliPath}%`)
    .where('o.status', '=', 'active')
    .execute();
  expected = rows
    .map((o) => {
      const chain = o.path.split('/').filter(Boolean).map(Number);
      const path = chain.map((id) => names.get(id)!);
      return [
        o.name,
        ORG_TYPES[o.type as keyof typeof ORG_TYPES],
        path[path.length - 2] ?? '',
        path.join(' / '),
        o.unit ?? '',
        o.credit_code ?? '',
        o.region_code,
        o.established_on ?? '',
        '正常',
        String(o.members),
        o.secretary ?? '',
      ];
    })
    .sort(byContent);
});
afterAll(() => t.close());

/** Rows without the header, in a stable order (the file's own order is tree order by id path). */
function body(rows: string[][]): string[][] {
  return rows
    .slice(1)
    .map((r) => Array.from({ length: ORG_EXPORT_HEADERS.length }, (_, i) => r[i] ?? ''))
    .sort(byContent);
}

function byContent(a: string[], b: string[]): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function auditCount(actorId: number) {
  const row = await t.database.db
    .selectFrom('audit_events')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('action', '=', 'org.export')
    .where('actor_id', '=', actorId)
    .executeTakeFirstOrThrow();
  return row.n;
}

async function runJobs() {
  while (await t.queue.runOne()) {
    // the worker is off in tests
  }
}

describe('organization roster export', () => {
  it('downloads the district’s own subtree with Chinese headers, members held and secretaries, audited', async () => {
    const s = await t.login('district');
    const before = await auditCount(s.userId);
    const res = await t.as(s, { url: '/api/v1/orgs/export.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`filename\\*=UTF-8''${encodeURIComponent('党组织名册-')}\\d{8}\\.xlsx`),
    );
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([...ORG_EXPORT_HEADERS]);
    expect(ORG_EXPORT_HEADERS).toEqual([
      '组织名称',
      '组织类别',
      '上级组织',
      '完整路径',
      '所在单位',
      '统一社会信用代码',
      '行政区划代码',
      '成立日期',
      '状态',
      '党员人数',
      '书记',
    ]);
    expect(expected.length).toBeGreaterThan(20);
    expect(body(rows)).toEqual(expected);
    // the counts and secretaries are really there, not all zero and empty
    expect(expected.some((r) => Number(r[9]) > 0)).toBe(true);
    expect(expected.some((r) => r[10] !== '')).toBe(true);
    // tree order: each organization comes after its parent
    const seen = new Set<string>();
    for (const r of rows.slice(1)) {
      const parentPath = r[3]!.split(' / ').slice(0, -1).join(' / ');
      if (r[0] !== '中共厦门市湖里区委员会') expect(seen.has(parentPath)).toBe(true);
      seen.add(r[3]!);
    }
    expect(rows.some((r) => r[3]?.startsWith('中共福安市委员会'))).toBe(false);
    expect(await auditCount(s.userId)).toBe(before + 1);
  });

  it('exports what the list shows with the same filters, and nothing outside the caller’s scope', async () => {
    const s = await t.login('district');
    const list = await t.as(s, { url: `/api/v1/orgs?subtree=true&parentId=${huli}&type=branch&limit=1` });
    expect(list.statusCode).toBe(200);
    const res = await t.as(s, { url: `/api/v1/orgs/export.xlsx?parentId=${huli}&type=branch` });
    const rows = await readXlsx(res.rawPayload);
    expect(rows.length - 1).toBe(list.json().total);
    expect(rows.slice(1).every((r) => r[1] === '党支部')).toBe(true);
    const searched = await readXlsx(
      (await t.as(s, { url: `/api/v1/orgs/export.xlsx?q=${encodeURIComponent('社区')}` })).rawPayload,
    );
    expect(searched.length).toBeGreaterThan(1);
    expect(searched.slice(1).every((r) => r[0]!.includes('社区'))).toBe(true);
    const outside = await t.as(s, { url: `/api/v1/orgs/export.xlsx?parentId=${fuan}` });
    expect(outside.statusCode).toBe(404);
    const started = await t.as(s, {
      method: 'POST',
      url: '/api/v1/orgs/exports',
      payload: { parentId: fuan },
    });
    expect(started.statusCode).toBe(404);
  });

  it('runs the export as a job with progress, giving the same rows, downloadable by its owner only', async () => {
    const s = await t.login('district');
    const before = await auditCount(s.userId);
    const started = await t.as(s, { method: 'POST', url: '/api/v1/orgs/exports', payload: {} });
    expect(started.statusCode).toBe(202);
    const job = started.json();
    expect(job).toMatchObject({ state: 'queued', progress: 0, rows: expected.length });
    expect(await auditCount(s.userId)).toBe(before + 1);
    const notYet = await t.as(s, { url: `/api/v1/exports/${job.id}/download` });
    expect(notYet.json().code).toBe('export.not_ready');
    await runJobs();
    const status = await t.as(s, { url: `/api/v1/exports/${job.id}` });
    expect(status.json()).toMatchObject({ state: 'done', progress: 100, rows: expected.length });
    expect(status.json().fileName).toMatch(/^党组织名册-\d{8}\.xlsx$/);
    const file = await t.as(s, { url: `/api/v1/exports/${job.id}/download` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('filename="orgs.xlsx"');
    const rows = await readXlsx(file.rawPayload);
    expect(rows[0]).toEqual([...ORG_EXPORT_HEADERS]);
    expect(body(rows)).toEqual(expected);
    const stored = await t.database.db
      .selectFrom('files')
      .select(['kind', 'owner_id'])
      .where('id', '=', (await jobResult(job.id)).fileId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'orgs.export', owner_id: s.userId });

    const other: Session = await t.login('admin');
    expect((await t.as(other, { url: `/api/v1/exports/${job.id}` })).statusCode).toBe(404);
    expect((await t.as(other, { url: `/api/v1/exports/${job.id}/download` })).statusCode).toBe(404);
  });

  it('serves member and organization exports from the same routes, and no other job', async () => {
    const s = await t.login('admin');
    const members = await t.as(s, {
      method: 'POST',
      url: '/api/v1/members/exports',
      payload: { orgId: huli },
    });
    const orgs = await t.as(s, { method: 'POST', url: '/api/v1/orgs/exports', payload: { parentId: huli } });
    expect([members.statusCode, orgs.statusCode]).toEqual([202, 202]);
    await runJobs();
    const m = await t.as(s, { url: `/api/v1/exports/${members.json().id}/download` });
    const o = await t.as(s, { url: `/api/v1/exports/${orgs.json().id}/download` });
    expect(m.headers['content-disposition']).toContain('filename="members.xlsx"');
    expect((await readXlsx(m.rawPayload))[0]).toContain('公民身份号码');
    expect(body(await readXlsx(o.rawPayload))).toEqual(expected);
    // a job that is not an export is not found here, even for the one who started it
    const other = await t.queue.enqueue(t.database.db, 'maintenance.cleanup', {}, { createdBy: s.userId });
    expect((await t.as(s, { url: `/api/v1/exports/${other}` })).statusCode).toBe(404);
    await runJobs();
  });

  it('sends more than 10,000 rows to the job instead of the direct download', () => {
    expect(() => assertDirectExport(EXPORT_DIRECT_LIMIT)).not.toThrow();
    expect(() => assertDirectExport(EXPORT_DIRECT_LIMIT + 1)).toThrow(
      expect.objectContaining({ code: 'export.too_large' }),
    );
  });
});

async function jobResult(id: number) {
  const job = await t.database.db
    .selectFrom('jobs')
    .select('result')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return job.result as { fileId: number };
}
