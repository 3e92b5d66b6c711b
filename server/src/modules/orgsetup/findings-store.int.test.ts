import { addDays } from '@honglian/domain';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { insertMembers } from '../../test/members.ts';
import { complianceRecheckJob, complianceSweepJob } from '../compliance/jobs.ts';
import * as repo from './repository.ts';

/**
 * The stored organization-setup findings (decision 0029) on both engines: keyset pages of the whole
 * city are the whole list once each, in a stable order, the counts are the list; a change is seen by
 * the very next read (no job run); the queued re-check and the nightly sweep leave the stored rows
 * equal to the definition computed from the data now, on any day.
 */
let t: TestApp;
let admin: Session;
let xiamen: number;
let xiamenPath: string;
const today = clock.today();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  xiamen = await orgId(t, '中共厦门市委员会');
  xiamenPath = (
    await t.database.db.selectFrom('orgs').select('path').where('id', '=', xiamen).executeTakeFirstOrThrow()
  ).path;
});
afterAll(() => t.close());

interface Answer {
  items: Array<{ key: string; check: string; severity: string; org: { id: number } }>;
  total: number;
  nextCursor: string | null;
  prevCursor: string | null;
  summary: Array<{ check: string; count: number }>;
}

async function read(org: number, query: string): Promise<Answer> {
  const res = await t.as(admin, { url: `/api/v1/orgs/${org}/findings?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const keyOf = (r: repo.FindingRow) => `${r.check_code}:${r.org_id}:${r.subject_unit_id ?? ''}`;

/** The definition computed from the data now, nothing stored: the list's keys in its order. */
async function computed(prefix = xiamenPath, day = today) {
  return (await repo.computeFindings(t.database.db, { prefix, today: day })).map(keyOf);
}

/** The stored rows as the list reads them on `day` (as they are: no refresh). */
async function stored(prefix = xiamenPath, day = today) {
  const rows = await repo.findingsPage(t.database.db, {
    prefix,
    today: day,
    limit: 1_000_000,
    position: { offset: 0 },
  });
  return rows.map(keyOf);
}

async function walk(org: number, filter: string, pageSize: number) {
  const pages: Answer[] = [];
  let answer = await read(org, `pageSize=${pageSize}${filter}`);
  pages.push(answer);
  while (answer.nextCursor) {
    answer = await read(org, `pageSize=${pageSize}${filter}&cursor=${answer.nextCursor}`);
    pages.push(answer);
    expect(pages.length).toBeLessThan(500);
  }
  return pages;
}

const addMembers = (org: number, count: number) =>
  insertMembers(t.database.db, org, count, {
    label: '存储测试党员',
    bornFrom: '1968-01-01',
    gender: 'female',
  });

async function createOrg(name: string, type: string, parentId: number): Promise<number> {
  const res = await t.as(admin, { method: 'POST', url: '/api/v1/orgs', payload: { name, type, parentId } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

describe('keyset pages', () => {
  it('walk the whole city once, in the order of the definition, with the counts equal to the list', async () => {
    const want = await computed();
    expect(want.length).toBeGreaterThan(20);
    const pages = await walk(xiamen, '', 5);
    const keys = pages.flatMap((p) => p.items.map((i) => i.key));
    expect(keys).toEqual(want);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of pages) expect(p.total).toBe(want.length);
    // the counts by check are the list's
    const byCheck = new Map<string, number>();
    for (const k of keys) byCheck.set(k.split(':')[0]!, (byCheck.get(k.split(':')[0]!) ?? 0) + 1);
    expect(Object.fromEntries(pages[0]!.summary.map((s) => [s.check, s.count]))).toEqual(
      Object.fromEntries(byCheck),
    );
    // the same pages by number (OFFSET) and, walking back from the last, by prevCursor
    const third = await read(xiamen, 'pageSize=5&page=3');
    expect(third.items.map((i) => i.key)).toEqual(pages[2]!.items.map((i) => i.key));
    expect(third.prevCursor).not.toBeNull();
    const back: string[][] = [];
    let answer = pages[pages.length - 1]!;
    while (answer.prevCursor) {
      answer = await read(xiamen, `pageSize=5&cursor=${answer.prevCursor}`);
      back.unshift(answer.items.map((i) => i.key));
    }
    expect(back).toEqual(pages.slice(0, -1).map((p) => p.items.map((i) => i.key)));
    expect(pages[0]!.prevCursor).toBeNull();
  });

  it('keep a filter across pages and severities, and its total', async () => {
    for (const filter of [
      '&rule=O5',
      '&severity=warning',
      '&check=O5.no_term',
      '&rule=O3&severity=violation',
    ]) {
      const pages = await walk(xiamen, filter, 5);
      const items = pages.flatMap((p) => p.items);
      expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      expect(pages[0]!.total).toBe(items.length);
      const all = (await read(xiamen, `pageSize=200${filter}`)).items;
      expect(items.map((i) => i.key)).toEqual(all.map((i) => i.key));
    }
  });

  it('answers a cursor that is not one with a 400 on the field', async () => {
    for (const cursor of [
      'xyz',
      Buffer.from('{"d":"next","k":[9,"/1/","O5.no_term",0]}').toString('base64url'),
    ]) {
      const res = await t.as(admin, { url: `/api/v1/orgs/${xiamen}/findings?cursor=${cursor}` });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('cursor');
    }
  });
});

describe('freshness', () => {
  it('a change is seen by the next read, with no job run: members, a 党总支 above, a move', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const general = await createOrg('存储测试党总支', 'general_branch', parent);
    const branch = await createOrg('存储测试党总支第一支部', 'branch', general);
    const checksOf = async (org: number) =>
      (await read(parent, 'pageSize=200')).items.filter((f) => f.org.id === org).map((f) => f.check);
    expect(await checksOf(branch)).toEqual(['O5.no_term']);

    await addMembers(branch, 100);
    expect(await checksOf(branch)).toEqual(
      expect.arrayContaining(['O1.branch_over_50', 'O3.committee_required', 'O4.committee_advised']),
    );
    // the 党总支 counts its subtree: the change in the branch below reached it
    expect(await checksOf(general)).toContain('O4.committee_advised');

    // moved out from under the 党总支: the 党总支 is left with nobody
    const moved = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${branch}/move`,
      payload: { parentId: parent },
    });
    expect(moved.statusCode, moved.body).toBeLessThan(300);
    expect(await checksOf(general)).not.toContain('O4.committee_advised');
    expect(await checksOf(branch)).toContain('O4.committee_advised');

    // members leaving (stage or status) are seen at once too
    await sql`update members set status = 'deceased' where org_id = ${branch}`.execute(t.database.db);
    expect(await checksOf(branch)).toEqual(['O5.no_term']);
    expect(await stored()).toEqual(await computed());
  });

  it('a term or committee change queues its organization for the compliance re-check in the same transaction', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const branch = await createOrg('存储测试换届支部', 'branch', parent);
    const queued = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from jobs
          where name = 'compliance.recheck' and state = 'queued' and payload ->> 'orgId' = ${String(branch)}`.execute(
          t.database.db,
        )
      ).rows[0]!.n;
    expect(await queued()).toBe(0);
    const term = await t.as(admin, {
      method: 'POST',
      url: `/api/v1/orgs/${branch}/terms`,
      payload: {
        kind: 'secretary',
        electedOn: addDays(today, -30),
        members: [{ name: '赵书记', post: 'secretary' }],
      },
    });
    expect(term.statusCode, term.body).toBe(201);
    expect(await queued()).toBe(1);
    // and the list already shows it: no more O5.no_term
    const checks = (await read(parent, 'pageSize=200')).items.filter((f) => f.org.id === branch);
    expect(checks.map((f) => f.check)).not.toContain('O5.no_term');
  });

  it('the queued re-check brings the stored rows up to date, and the nightly sweep agrees with the definition on any day', async () => {
    const parent = await orgId(t, '中共厦门市湖里区非公有制经济组织和社会组织工作委员会');
    const branch = await createOrg('存储测试第二支部', 'branch', parent);
    await addMembers(branch, 55);
    const dirty = async () =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from orgsetup_dirty`.execute(t.database.db))
          .rows[0]!.n,
      );
    expect(await dirty()).toBeGreaterThan(0);
    await complianceRecheckJob.handler({ orgId: branch }, { db: t.database } as never);
    expect(await dirty()).toBe(0);
    expect(await stored()).toEqual(await computed());
    expect(await stored()).toContain(`O1.branch_over_50:${branch}:`);

    // rows noted as changed but with the stored ones spoiled: the nightly sweep recomputes them all
    await sql`delete from orgsetup_findings where org_id = ${branch}`.execute(t.database.db);
    expect(await stored()).not.toEqual(await computed());
    const result = (await complianceSweepJob.handler({}, {
      db: t.database,
      log: pino({ level: 'silent' }),
      progress: async () => {},
    } as never)) as { orgSetupFindings: number };
    expect(result.orgSetupFindings).toBeGreaterThan(0);
    // rows kept from one day hold on the others: the O5 reminders and overdue terms by their dates
    for (const day of [
      today,
      addDays(today, 1),
      addDays(today, 200),
      addDays(today, 900),
      addDays(today, -400),
    ])
      expect(await stored(xiamenPath, day), day).toEqual(await computed(xiamenPath, day));
  });
});
