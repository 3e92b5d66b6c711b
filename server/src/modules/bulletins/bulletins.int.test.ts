import { addMonths, figureText } from '@honglian/domain';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../platform/auth.ts';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { regionDashboard } from '../dashboard/service.ts';
import { issueMonthly, monthEndInstant } from './service.ts';

/**
 * 月度通报 (issue 15) on the demo city, both engines and any test day (also 2027-01-01): a bulletin
 * asked for Huli's last month gets its 文号 at once, the job makes a .docx and a PDF that open, and
 * what the .docx says equals the dashboard's own query for that organization and month; regenerating
 * supersedes with a new 文号; refusals name their field; who × inside or outside scope; audit; the
 * monthly job on the first working day (a holiday month, New Year).
 */
let t: TestApp;
let admin: Session;
let district: Session;
let secretary: Session;
let member: Session;
let huli: number;
let xiushui: number;
let city: number;
const today = clock.today();
const lastMonth = addMonths(today.slice(0, 7), -1);
const year = today.slice(0, 4);

interface Bulletin {
  id: number;
  orgId: number;
  month: string;
  docNumber: string;
  title: string;
  status: string;
  statusLabel: string;
  supersedesId: number | null;
  supersededBy: number | null;
  docxUrl: string | null;
  pdfUrl: string | null;
  canIssue: boolean;
  snapshot?: {
    asOf: string;
    figures: Array<{ key: string; label: string; unit: string; value: number | null }>;
    ranking: Array<{ name: string; rank: number }>;
    lagging: { total: number };
    problems: { total: number };
  } | null;
}

async function call(who: Session | null, method: string, url: string, payload?: unknown) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: res.statusCode,
    body: res.headers['content-type']?.toString().includes('json') ? res.json() : undefined,
    raw: res.rawPayload,
    headers: res.headers,
  };
}

/** The text of each paragraph of a .docx (its runs joined), read from word/document.xml. */
async function docxParagraphs(data: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) =>
        m[1]!
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"'),
      )
      .join(''),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  secretary = await t.login('secretary');
  member = await t.login('member');
  huli = await orgId(t, '中共厦门市湖里区委员会');
  xiushui = await orgId(t, '中共修水县委员会');
  city = await orgId(t, '中共厦门市委员会');
});
afterAll(() => t.close());

describe('月度通报', () => {
  let first: Bulletin;

  it('numbers a bulletin for Huli last month at once and queues it (202)', async () => {
    const res = await call(district, 'POST', '/api/v1/bulletins', { orgId: huli, month: lastMonth });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    first = res.body;
    expect(first.docNumber).toBe(`湖组通〔${year}〕1号`);
    expect(first.title).toBe(
      `关于${lastMonth.slice(0, 4)}年${Number(lastMonth.slice(5))}月党建工作情况的通报`,
    );
    expect(first.status).toBe('queued');
    expect(first.docxUrl).toBeNull();
    expect(first.canIssue).toBe(true);
    // nothing to download until the job has run
    const early = await call(district, 'GET', `/api/v1/bulletins/${first.id}/file.docx`);
    expect(early.status).toBe(409);
  });

  it('the job makes a .docx whose figures equal the dashboard query, and a PDF with pages', async () => {
    await t.queue.tick();
    const got = await call(district, 'GET', `/api/v1/bulletins/${first.id}`);
    expect(got.status).toBe(200);
    const b = got.body as Bulletin;
    expect(b.status).toBe('ready');
    expect(b.docxUrl).toBe(`/api/v1/bulletins/${first.id}/file.docx`);

    // the dashboard's own query for that org and month, as of the month's last day
    const actor = (await loadActor(t.database.db, district.userId))!;
    const dashboard = await clock.at(monthEndInstant(lastMonth), () =>
      regionDashboard(t.database.db, { actor, ip: '', requestId: 'test' }, { orgId: huli, month: lastMonth }),
    );
    expect(dashboard.figures.length).toBeGreaterThan(5);
    expect(b.snapshot!.asOf).toBe(dashboard.asOf);
    expect(b.snapshot!.figures.map((f) => [f.key, f.value])).toEqual(
      dashboard.figures.map((f) => [f.key, f.value]),
    );

    const docx = await call(district, 'GET', b.docxUrl!);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(decodeURIComponent(String(docx.headers['content-disposition']))).toContain(`${b.docNumber}`);
    const paragraphs = await docxParagraphs(docx.raw);
    const text = paragraphs.join('\n');
    expect(paragraphs).toContain('中共厦门市湖里区委组织部');
    expect(paragraphs).toContain(b.docNumber);
    expect(paragraphs).toContain(b.title);
    for (const heading of [
      '一、总体情况',
      '二、排名情况',
      '三、红黑榜',
      '四、滞后项目',
      '五、存在的问题',
      '六、下步工作要求',
    ])
      expect(paragraphs).toContain(heading);
    // every figure of the dashboard, with its value and unit, in 一、总体情况
    for (const f of dashboard.figures) {
      const said = `${f.label}${figureText(f.value, f.unit)}`;
      expect(
        paragraphs.some((p) => p.startsWith(said)),
        `${said} in ${text.slice(0, 400)}`,
      ).toBe(true);
    }
    // the ranking names the organizations directly below, first the best
    const below = dashboard.children.map((c) => c.name);
    for (const name of below) expect(paragraphs).toContain(name);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);

    const pdf = await call(district, 'GET', b.pdfUrl!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.raw.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    // the Chinese font travels inside the file
    expect(pdf.raw.toString('latin1')).toContain('NotoSerifSC');
  });

  it('never changes once issued: regenerating makes a new 文号 that supersedes the first', async () => {
    const again = await call(district, 'POST', '/api/v1/bulletins', { orgId: huli, month: lastMonth });
    expect(again.status).toBe(202);
    expect(again.body.docNumber).toBe(`湖组通〔${year}〕2号`);
    expect(again.body.supersedesId).toBe(first.id);
    await t.queue.tick();
    const old = (await call(district, 'GET', `/api/v1/bulletins/${first.id}`)).body as Bulletin;
    expect(old.supersededBy).toBe(again.body.id);
    expect(old.docNumber).toBe(first.docNumber);
    expect(old.status).toBe('ready');
    const list = await call(district, 'GET', `/api/v1/bulletins?orgId=${huli}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((i: Bulletin) => i.docNumber)).toEqual([
      `湖组通〔${year}〕2号`,
      `湖组通〔${year}〕1号`,
    ]);
  });

  it('refuses a month not ended, a bad month and an organization outside the scope, naming the field', async () => {
    const thisMonth = await call(district, 'POST', '/api/v1/bulletins', {
      orgId: huli,
      month: today.slice(0, 7),
    });
    expect(thisMonth.status).toBe(400);
    expect(thisMonth.body.errors[0]).toMatchObject({ field: 'month', code: 'bulletin.month_not_ended' });
    const future = await call(district, 'POST', '/api/v1/bulletins', {
      orgId: huli,
      month: addMonths(today.slice(0, 7), 3),
    });
    expect(future.body.errors[0].field).toBe('month');
    const bad = await call(district, 'POST', '/api/v1/bulletins', { orgId: huli, month: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('month');
    const missing = await call(district, 'POST', '/api/v1/bulletins', { orgId: 999999999, month: lastMonth });
    // the city above the district and another county's tree: as if they did not exist
    for (const outside of [city, xiushui]) {
      const res = await call(district, 'POST', '/api/v1/bulletins', { orgId: outside, month: lastMonth });
      expect(res.status).toBe(400);
      expect({ ...res.body, requestId: 0 }).toEqual({ ...missing.body, requestId: 0 });
      expect(res.body.errors[0].field).toBe('orgId');
    }
    const noBody = await call(district, 'POST', '/api/v1/bulletins', {});
    expect(noBody.status).toBe(400);
    expect(noBody.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['month', 'orgId']);
    const list = await call(district, 'GET', `/api/v1/bulletins?orgId=${xiushui}`);
    expect(list.status).toBe(400);
    expect(list.body.errors[0].field).toBe('orgId');
  });

  it('lets the organization department issue and read inside its subtree only (who × where)', async () => {
    // the city's department may issue for Huli (inside) and reads the district's bulletins
    const byAdmin = await call(admin, 'GET', `/api/v1/bulletins?orgId=${huli}`);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.total).toBe(2);
    // the city's department holds 修水 too (the demo binds it to every tree): the outsider of another
    // tree is the scope matrix's (platform/scope-matrix.int.test.ts)
    expect((await call(admin, 'GET', `/api/v1/bulletins?orgId=${xiushui}`)).status).toBe(200);
    // a branch secretary and a member have no bulletins at all
    for (const who of [secretary, member]) {
      expect((await call(who, 'GET', '/api/v1/bulletins')).status).toBe(403);
      expect((await call(who, 'POST', '/api/v1/bulletins', { orgId: huli, month: lastMonth })).status).toBe(
        403,
      );
      expect((await call(who, 'GET', `/api/v1/bulletins/${first.id}`)).status).toBe(403);
      expect((await call(who, 'GET', `/api/v1/bulletins/${first.id}/file.pdf`)).status).toBe(403);
    }
    expect((await call(null, 'GET', '/api/v1/bulletins')).status).toBe(401);
  });

  it('writes the audit: who asked for which 文号, and the generation', async () => {
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'actor_name', 'after', 'org_path'])
      .where('entity_type', '=', 'bulletin')
      .where('entity_id', '=', String(first.id))
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['bulletin.issue', 'bulletin.generate']);
    expect(events[0]!.actor_id).toBe(district.userId);
    expect(JSON.stringify(events[0]!.after)).toContain(first.docNumber);
    expect(events[1]!.actor_name).toBe('系统（月度通报）');
  });

  it('the monthly job issues on the first working day: not on a holiday, not on New Year', async () => {
    const at = (day: string) =>
      clock.at(new Date(`${day}T07:00:00+08:00`), () => issueMonthly(t.database.db));
    // 国庆: October 2026 begins with seven days off
    expect((await at('2026-10-07')).month).toBeNull();
    const october = await at('2026-10-08');
    expect(october.month).toBe('2026-09');
    expect(october.issued).toEqual(
      expect.arrayContaining(['湖组通〔2026〕', '修组通〔2026〕'].map((p) => expect.stringContaining(p))),
    );
    // once a month: the next day issues nothing more
    expect((await at('2026-10-09')).issued).toEqual([]);
    // 2027: its arrangement is not published, and 1 January is 元旦 anyway; 2–3 January are a weekend
    for (const day of ['2027-01-01', '2027-01-02', '2027-01-03']) expect((await at(day)).month).toBeNull();
    const january = await at('2027-01-04');
    expect(january.month).toBe('2026-12');
    expect(january.issued).toContain('修组通〔2027〕1号');
    const rows = await t.database.db
      .selectFrom('bulletins')
      .select(['doc_number', 'status', 'trigger', 'month', 'issued_on'])
      .where('org_id', '=', xiushui)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        doc_number: '修组通〔2026〕1号',
        status: 'ready',
        trigger: 'scheduled',
        month: '2026-09',
        issued_on: '2026-10-08',
      },
      {
        doc_number: '修组通〔2027〕1号',
        status: 'ready',
        trigger: 'scheduled',
        month: '2026-12',
        issued_on: '2027-01-04',
      },
    ]);
    // the district reads Huli's scheduled ones, never 修水's
    const list = await call(district, 'GET', '/api/v1/bulletins');
    expect(list.body.items.every((i: Bulletin) => i.orgId === huli)).toBe(true);
    const xiushuiId = (
      await t.database.db
        .selectFrom('bulletins')
        .select('id')
        .where('org_id', '=', xiushui)
        .executeTakeFirstOrThrow()
    ).id;
    for (const url of [`/api/v1/bulletins/${xiushuiId}`, `/api/v1/bulletins/${xiushuiId}/file.docx`]) {
      const res = await call(district, 'GET', url);
      const none = await call(district, 'GET', url.replace(String(xiushuiId), '999999999'));
      expect(res.status).toBe(404);
      expect({ ...res.body, requestId: 0 }).toEqual({ ...none.body, requestId: 0 });
    }
  });
});
