import {
  addCalendarMonths,
  addDays,
  addMonths,
  evaluateOrg,
  RULE_SETS,
  termRemindFrom,
} from '@honglian/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../platform/clock.ts';
import { createTestApp, orgId, type Session, type TestApp } from '../../test/harness.ts';
import { DETECTORS } from './detectors.ts';
import { sweep } from './engine.ts';

/**
 * One test per rule the engine checks, each on a branch of its own under 湖里区委 set up through the
 * owning module's API (orgs, users, members, orglife, dues, orgsetup, units, transfers, development,
 * cases): the condition is created there, the sweep finds it (its rule, article, org and who must act),
 * the branch secretary finds it in their in-app messages, a second sweep adds nothing, it escalates to
 * 湖里区委 after its working days (one test across the National Day holiday and its 调休 Saturday), it
 * is fixed through the API and the next sweep resolves it by itself.
 *
 * Time: the sweep is run "on" a date (`asOf`, with its clock `now`): a condition that takes months to
 * arise is created today and swept months later, never by sleeping.
 */

let t: TestApp;
let admin: Session;
let district: Session;
let districtUserId: number;
let huli: number;
const today = clock.today();
const thisMonth = today.slice(0, 7);
const lastMonth = addMonths(thisMonth, -1);
const year = Number(today.slice(0, 4));
const PASSWORD = 'Honglian2026rules';

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  districtUserId = district.userId;
  huli = await orgId(t, '中共厦门市湖里区委员会');
});
afterAll(() => t.close());

// ------------------------------------------------------------------------------------------- helpers

async function call(who: Session, method: string, url: string, payload?: unknown, expected?: number) {
  const res = await t.as(who, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (expected !== undefined)
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 400)}`).toBe(expected);
  else expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 400)}`).toBeLessThan(300);
  return res.body ? res.json() : undefined;
}

let serial = 0;
/** A valid 公民身份号码 (GB 11643) nobody in the demo city has. */
function idNumber(): string {
  serial += 1;
  const birth = `19${70 + (serial % 25)}0${1 + (serial % 9)}1${serial % 10}`;
  const body = `350206${birth}${String(900 + serial).slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((n, c, i) => n + Number(c) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

interface Branch {
  id: number;
  path: string;
  name: string;
  secretary: Session;
  members: number[];
}

/**
 * A branch under 湖里区委 with a secretary (branch_admin, the person who must act) and `members` full
 * members, all through the API.
 */
async function newBranch(
  label: string,
  options: { establishedOn?: string; members?: number } = {},
): Promise<Branch> {
  const name = `规则测试${label}党支部`;
  const org = await call(
    admin,
    'POST',
    '/api/v1/orgs',
    { name, type: 'branch', parentId: huli, establishedOn: options.establishedOn ?? '2020-01-01' },
    201,
  );
  const username = `rules${org.id}`;
  const user = await call(
    admin,
    'POST',
    '/api/v1/users',
    { username, displayName: `${label}支部书记`, password: PASSWORD, orgId: org.id },
    201,
  );
  await call(admin, 'POST', `/api/v1/users/${user.id}/roles`, { role: 'branch_admin', orgId: org.id });
  const members: number[] = [];
  for (let i = 0; i < (options.members ?? 1); i++)
    members.push(await newMember(org.id, `${label}党员${i + 1}`));
  const { path } = await t.database.db
    .selectFrom('orgs')
    .select('path')
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
  return { id: org.id, path, name, secretary: await t.login(username, PASSWORD), members };
}

async function newMember(org: number, name: string, extra: Record<string, unknown> = {}) {
  const m = await call(
    admin,
    'POST',
    '/api/v1/members',
    {
      orgId: org,
      name,
      idNumber: idNumber(),
      stage: 'full',
      joinedOn: '2010-07-01',
      fullMemberOn: '2011-07-01',
      ...extra,
    },
    201,
  );
  return m.id as number;
}

/** The sweep's clock: each run of a test later than the one before, on the morning of `asOf`. */
let sweepClock = 0;
async function sweepAt(b: { path: string }, asOf: string, rules?: string[]) {
  sweepClock = Math.max(sweepClock + 1000, new Date(`${asOf}T09:00:00+08:00`).getTime());
  return sweep(t.database.db, b.path, asOf, {
    calendar: await t.calendar.calendar(),
    now: new Date(sweepClock),
    ...(rules ? { rules } : {}),
  });
}
/** Each test may go back in time (the holiday test): its clock starts again from its own dates. */
const resetClock = () => {
  sweepClock = 0;
};

const addWorkdays = async (date: string, n: number) => (await t.calendar.calendar()).addWorkdays(date, n);

interface Key {
  subjectType: string;
  subjectId: number;
  aspect?: string;
  period?: string;
}

/** The open finding of `rule` about `key` as the secretary's list shows it (one at most). */
async function openFinding(b: Branch, rule: string, key: Key) {
  const list = await call(
    b.secretary,
    'GET',
    `/api/v1/compliance/findings?orgId=${b.id}&rule=${rule}&status=open&pageSize=100`,
  );
  const mine = list.items.filter(
    (f: { subjectType: string; subjectId: number; aspect: string; period: string }) =>
      f.subjectType === key.subjectType &&
      f.subjectId === key.subjectId &&
      f.aspect === (key.aspect ?? '') &&
      f.period === (key.period ?? ''),
  );
  expect(mine.length, `${rule} open findings about ${JSON.stringify(key)}`).toBeLessThanOrEqual(1);
  return mine[0] as
    | {
        id: number;
        rule: { code: string; source: string; article: string; citation: string; uncertain: boolean };
        orgId: number;
        severity: string;
        status: string;
        since: string;
        message: string;
        escalationLevel: number;
      }
    | undefined;
}

interface InboxItem {
  id: number;
  kind: string;
  level: number;
  findingId: number;
  title: string;
  finding: {
    rule: { code: string; citation: string };
    orgName: string;
    status: string;
    since: string | null;
    why: string | null;
  };
}

/** Every in-app message of a user (all pages), or only those whose finding is still open. */
async function inbox(who: Session, open = true): Promise<InboxItem[]> {
  const all: InboxItem[] = [];
  for (let page = 1; ; page++) {
    const res = await call(
      who,
      'GET',
      `/api/v1/me/reminders?pageSize=100&page=${page}${open ? '&open=true' : ''}`,
    );
    all.push(...res.items);
    if (all.length >= res.total || res.items.length === 0) return all;
  }
}

/** Findings and reminders under a branch: a second sweep must leave both unchanged. */
async function counts(b: Branch) {
  const r = await sql<{ findings: number; open: number; reminders: number }>`
    select (select count(*)::int from findings where org_path like ${`${b.path}%`}) as findings,
      (select count(*)::int from findings where org_path like ${`${b.path}%`} and status = 'open') as open,
      (select count(*)::int from reminders rm join findings f on f.id = rm.finding_id
        where f.org_path like ${`${b.path}%`}) as reminders`.execute(t.database.db);
  return r.rows[0]!;
}

let rulesByCode: Map<string, { source: string; article: string; name: string }>;
async function ruleOf(code: string) {
  if (!rulesByCode) {
    const res = await call(admin, 'GET', '/api/v1/compliance/rules');
    rulesByCode = new Map(res.items.map((r: { code: string }) => [r.code, r]));
  }
  const rule = rulesByCode.get(code);
  expect(rule, `rule ${code} is seeded`).toBeDefined();
  return rule!;
}

/**
 * The whole life of one finding: found on `asOf` (and the secretary told), unchanged by a second sweep,
 * not escalated after 4 working days, escalated to 湖里区委 after 5, resolved once `fix` has run.
 */
async function lifeOf(
  b: Branch,
  rule: string,
  key: Key,
  asOf: string,
  fix: () => Promise<void>,
  options: { orgId?: number; escalates?: boolean } = {},
) {
  resetClock();
  await sweepAt(b, asOf);
  const f = await openFinding(b, rule, key);
  expect(f, `${rule} opens on ${asOf}`).toBeDefined();
  const r = await ruleOf(rule);
  expect(f!.rule.code).toBe(rule);
  expect(f!.rule.article).toBe(r.article);
  expect(f!.message.startsWith(`依据${r.source}${r.article}：`), f!.message).toBe(true);
  expect(f!.orgId).toBe(options.orgId ?? b.id);
  expect(f!.severity).toBe('finding');

  // who must act: the branch secretary, who has it among their open in-app messages
  const detail = await call(district, 'GET', `/api/v1/compliance/findings/${f!.id}`);
  expect(detail.mustAct.map((m: { userId: number }) => m.userId)).toContain(b.secretary.userId);
  expect(detail.why).toBeTruthy();
  const mine = (await inbox(b.secretary)).filter((m) => m.findingId === f!.id);
  expect(mine.map((m) => [m.kind, m.level])).toEqual([['remind', 0]]);
  expect(mine[0]!.finding.rule.code).toBe(rule);
  expect(mine[0]!.finding.rule.citation).toBe(`依据${r.source}${r.article}`);
  expect(mine[0]!.finding.since).toBe(f!.since);
  expect(mine[0]!.finding.why).toBe(detail.why);

  // a second sweep on the same day finds the same, creates nothing
  const before = await counts(b);
  const again = await sweepAt(b, asOf);
  expect(again.rules.find((x) => x.code === rule)).toMatchObject({ opened: 0, resolved: 0 });
  expect(again.reminders).toBe(0);
  expect(await counts(b)).toEqual(before);

  // 督办: after its 5 working days, not before, the org above (湖里区委, the district account) is told
  const opened = asOf;
  if (options.escalates !== false) {
    await sweepAt(b, await addWorkdays(opened, 4));
    expect((await openFinding(b, rule, key))!.escalationLevel).toBe(0);
  }
  const later = await addWorkdays(opened, 5);
  await sweepAt(b, later);
  const escalated = await openFinding(b, rule, key);
  expect(escalated!.id).toBe(f!.id);
  if (options.escalates !== false) {
    expect(escalated!.escalationLevel).toBe(1);
    const sup = (await inbox(district)).filter((m) => m.findingId === f!.id);
    expect(sup.map((m) => [m.kind, m.level])).toEqual([['escalate', 1]]);
  }

  // fixed through the API: the next sweep resolves it by itself, and the secretary's open list drops it
  await fix();
  await sweepAt(b, later);
  expect(await openFinding(b, rule, key)).toBeUndefined();
  const closed = await call(district, 'GET', `/api/v1/compliance/findings/${f!.id}`);
  expect(closed.status).toBe('resolved');
  expect(closed.events.at(-1)).toMatchObject({ kind: 'resolved', actorName: '系统（合规检查）' });
  expect((await inbox(b.secretary)).some((m) => m.findingId === f!.id)).toBe(false);
  expect((await inbox(b.secretary, false)).find((m) => m.findingId === f!.id)?.finding.status).toBe(
    'resolved',
  );

  // and it stays resolved: sweeping again neither reopens it nor reminds anyone again
  const settled = await counts(b);
  await sweepAt(b, later);
  expect(await openFinding(b, rule, key)).toBeUndefined();
  expect(await counts(b)).toEqual(settled);
  return f!;
}

// ------------------------------------------------------------------------- development (P2–P15)

const approved = (code: string, date: string, extra: Record<string, unknown> = {}) => ({
  code,
  date,
  decision: 'approved',
  ...extra,
});

/** A 发展党员 record for a new applicant of `b`, taken through `steps` (each dated) by the API. */
async function developmentRecord(b: Branch, appliedOn: string, steps: Array<Record<string, unknown>>) {
  const rec = await call(
    admin,
    'POST',
    '/api/v1/development',
    { applicant: { orgId: b.id, name: `申请人${serial + 1}`, idNumber: idNumber() }, appliedOn },
    201,
  );
  for (const s of steps) await call(admin, 'POST', `/api/v1/development/${rec.id}/steps`, s);
  return rec.id as number;
}

/**
 * The steps from the talk to the branch meeting, with every check of the domain satisfied: a year of
 * activist cultivation (P5), introducers (P7), training (P9), a notice of 5 working days (P6), the
 * pre-review (P10) and the meeting within a month of it (P11). `meeting` is the branch meeting's date.
 */
function stepsToMeeting(
  b: Branch,
  meeting: string,
  upTo: 'pre_review' | 'branch_meeting' = 'branch_meeting',
) {
  const pre = addDays(meeting, -20);
  const candidate = addDays(pre, -40);
  const activist = addCalendarMonths(candidate, -13);
  const steps = [
    approved('talk', addDays(activist, -20)),
    approved('activist', activist),
    approved('candidate', candidate),
    approved('introducers', addDays(candidate, 1), { introducerIds: b.members.slice(0, 2) }),
    approved('political_review', addDays(candidate, 2)),
    approved('training', addDays(candidate, 3), { data: { trainingDays: 3, trainingHours: 24 } }),
    approved('notice', addDays(candidate, 20), {
      data: { noticeFrom: addDays(candidate, 5), noticeTo: addDays(candidate, 20) },
    }),
    approved('pre_review', pre),
  ];
  if (upTo === 'branch_meeting')
    steps.push(approved('branch_meeting', meeting, { vote: { present: 3, yes: 3 } }));
  return { appliedOn: addDays(activist, -30), steps };
}

// ------------------------------------------------------------------------------------------ the rules

describe('one test per rule, through the owning module’s API', () => {
  it('O6 三会一课: last month’s 主题党日 not held → the branch is reminded; recording it resolves', async () => {
    const b = await newBranch('主题党日', { establishedOn: `${lastMonth}-01` });
    await lifeOf(
      b,
      'O6',
      { subjectType: 'org', subjectId: b.id, aspect: 'theme_day', period: lastMonth },
      today,
      async () => {
        await call(
          b.secretary,
          'POST',
          '/api/v1/orglife/meetings/held',
          {
            orgId: b.id,
            kind: 'theme_day',
            title: '补登主题党日',
            heldOn: `${lastMonth}-15`,
            attendance: [{ memberId: b.members[0], status: 'present' }],
          },
          201,
        );
      },
    );
  });

  it('O6 党小组会: monthly from the first one a branch holds; a branch that never held one is asked only where a region sets a size', async () => {
    const b = await newBranch('党小组', { establishedOn: '2020-01-01' });
    const first = addMonths(thisMonth, -2);
    const held = (org: Branch, heldOn: string) =>
      call(
        org.secretary,
        'POST',
        '/api/v1/orglife/meetings/held',
        { orgId: org.id, kind: 'group', title: '党小组会', heldOn },
        201,
      );
    await held(b, `${first}-10`);
    const groupKey = (period: string) => ({ subjectType: 'org', subjectId: b.id, aspect: 'group', period });
    resetClock();
    await sweepAt(b, today, ['O6']);
    // the month of the first meeting is met, the month before it is not asked (no groups yet)
    expect(await openFinding(b, 'O6', groupKey(first))).toBeUndefined();
    expect(await openFinding(b, 'O6', groupKey(addMonths(first, -1)))).toBeUndefined();
    const f = await lifeOf(b, 'O6', groupKey(lastMonth), today, async () => {
      await held(b, `${lastMonth}-20`);
    });
    expect(f.message).toContain('未召开党小组会（要求每月至少召开1次）');
    expect(f.rule.article).toContain('第十三条（党小组会）');

    // a branch that never held one has no party groups on record: not asked, unless its region says so
    const none = await newBranch('无党小组', { establishedOn: '2020-01-01', members: 2 });
    const noneKey = { subjectType: 'org', subjectId: none.id, aspect: 'group', period: lastMonth };
    await sweepAt(none, today, ['O6']);
    expect(await openFinding(none, 'O6', noneKey)).toBeUndefined();
    await call(admin, 'PUT', '/api/v1/compliance/rules/O6/overrides/3502', {
      params: { groupFromMembers: 2 },
      note: '党员2人以上的支部均须每月召开党小组会（测试）',
    });
    try {
      await sweepAt(none, today, ['O6']);
      expect(await openFinding(none, 'O6', noneKey)).toBeDefined();
    } finally {
      await call(admin, 'DELETE', '/api/v1/compliance/rules/O6/overrides/3502');
    }
    await sweepAt(none, today, ['O6']);
    expect(await openFinding(none, 'O6', noneKey)).toBeUndefined();
  });

  it('O7 民主评议: no review last year → finding; recording it resolves', async () => {
    const b = await newBranch('民主评议', { establishedOn: '2024-01-01' });
    await lifeOf(
      b,
      'O7',
      { subjectType: 'org', subjectId: b.id, aspect: 'review', period: String(year - 1) },
      today,
      async () => {
        await call(
          b.secretary,
          'POST',
          '/api/v1/orglife/meetings/held',
          { orgId: b.id, kind: 'review', title: '民主评议党员', heldOn: `${year - 1}-12-28` },
          201,
        );
      },
    );
  });

  it('O8 静默支部: 30 days without any activity → finding; a meeting resolves it', async () => {
    const b = await newBranch('静默');
    // The one thing the API cannot do is date a member record in the past: the register stamps the clock's now.
    // Two months of silence since the member was registered are simulated by moving that stamp back.
    await sql`update members set created_at = ${clock.now()}::timestamptz - interval '60 days', updated_at = ${clock.now()}::timestamptz - interval '60 days'
      where org_id = ${b.id}`.execute(t.database.db);
    await lifeOf(b, 'O8', { subjectType: 'org', subjectId: b.id }, today, async () => {
      await call(
        b.secretary,
        'POST',
        '/api/v1/orglife/meetings/held',
        { orgId: b.id, kind: 'branch_committee', title: '恢复组织生活', heldOn: today },
        201,
      );
    });
  });

  it('D10 党费台账: last month’s ledger not generated → finding; generating it resolves', async () => {
    const b = await newBranch('台账', { establishedOn: '2025-01-01' });
    await call(admin, 'PUT', `/api/v1/dues/bases/${b.members[0]}`, {
      year: Number(lastMonth.slice(0, 4)),
      category: 'on_job',
      baseFen: 500_000,
    });
    await lifeOf(b, 'D10', { subjectType: 'org', subjectId: b.id, period: lastMonth }, today, async () => {
      const g = await call(b.secretary, 'POST', '/api/v1/dues/ledger/generate', {
        orgId: b.id,
        month: lastMonth,
      });
      expect(g.generated).toBe(1);
    });
  });

  it('D11 连续欠交: 6 months unpaid → finding for the branch (never a removal); paying them resolves', async () => {
    const b = await newBranch('欠交', { establishedOn: '2025-01-01' });
    const m = b.members[0]!;
    // six months that have ended (D11 never counts the month still running)
    const months = Array.from({ length: 6 }, (_, i) => addMonths(thisMonth, i - 6));
    for (const y of new Set(months.map((x) => Number(x.slice(0, 4)))))
      await call(admin, 'PUT', `/api/v1/dues/bases/${m}`, { year: y, category: 'on_job', baseFen: 500_000 });
    for (const month of months)
      await call(b.secretary, 'POST', '/api/v1/dues/ledger/generate', { orgId: b.id, month });
    await lifeOf(b, 'D11', { subjectType: 'member', subjectId: m }, today, async () => {
      for (const month of months)
        await call(b.secretary, 'POST', '/api/v1/dues/payments/bulk', { orgId: b.id, month, paidOn: today });
    });
    const member = await call(admin, 'GET', `/api/v1/members/${m}`);
    expect(member.status).toBe('normal');
  });

  it('D11 counts only months that have ended: a warning on the last day of the 6th unpaid month, a finding on the first day after', async () => {
    const b = await newBranch('欠交边界', { establishedOn: '2020-01-01' });
    const m = b.members[0]!;
    // unpaid from 6 months ago through this month; this month has not ended, so it never counts
    const months = Array.from({ length: 7 }, (_, i) => addMonths(thisMonth, i - 6));
    for (const y of new Set(months.map((x) => Number(x.slice(0, 4)))))
      await call(admin, 'PUT', `/api/v1/dues/bases/${m}`, { year: y, category: 'on_job', baseFen: 500_000 });
    for (const month of months)
      await call(b.secretary, 'POST', '/api/v1/dues/ledger/generate', { orgId: b.id, month });
    const key = { subjectType: 'member', subjectId: m };
    const firstOfThisMonth = `${thisMonth}-01`;
    const lastOfLastMonth = addDays(firstOfThisMonth, -1);
    const lastOfThisMonth = addDays(`${addMonths(thisMonth, 1)}-01`, -1);
    resetClock();
    // the last day of last month: it has not ended, so 5 months count (a warning, not yet a finding)
    await sweepAt(b, lastOfLastMonth, ['D11']);
    const warning = await openFinding(b, 'D11', key);
    expect(warning).toMatchObject({ severity: 'warning', since: `${months[0]}-01` });
    expect(warning!.message).toContain('已连续5个月未交纳党费');
    // the first day of this month: last month has ended, 6 months count
    await sweepAt(b, firstOfThisMonth, ['D11']);
    const finding = await openFinding(b, 'D11', key);
    expect(finding).toMatchObject({ id: warning!.id, severity: 'finding' });
    expect(finding!.message).toContain('已连续6个月未交纳党费');
    // and still 6 on the last day of this month: the month running never counts
    await sweepAt(b, lastOfThisMonth, ['D11']);
    expect((await openFinding(b, 'D11', key))!.message).toContain('已连续6个月未交纳党费');
    // the arrears list of the dues module counts the same months
    const list = await call(b.secretary, 'GET', `/api/v1/dues/arrears?orgId=${b.id}&minMonths=1`);
    expect(list.items.find((i: { memberId: number }) => i.memberId === m)).toMatchObject({
      months: 6,
      firstMonth: months[0],
      lastMonth: months[5],
      level: 'finding',
    });
  });

  it('M2 失联党员: lost contact for 6 months → finding; restoring the status resolves', async () => {
    const b = await newBranch('失联');
    const m = b.members[0]!;
    await call(b.secretary, 'PATCH', `/api/v1/members/${m}`, {
      status: 'lost_contact',
      statusReason: '多次联系未果',
    });
    // not yet after 5 months; a finding once 6 months have passed (the sweep run half a year on)
    resetClock();
    await sweepAt(b, addCalendarMonths(today, 5), ['M2']);
    expect(await openFinding(b, 'M2', { subjectType: 'member', subjectId: m })).toBeUndefined();
    await lifeOf(
      b,
      'M2',
      { subjectType: 'member', subjectId: m },
      addDays(addCalendarMonths(today, 6), 1),
      async () => {
        await call(b.secretary, 'PATCH', `/api/v1/members/${m}`, {
          status: 'normal',
          statusReason: '已恢复联系',
        });
      },
    );
  });

  it('O5 换届: a term ended years ago → finding; electing the next one resolves', async () => {
    const b = await newBranch('换届');
    await call(
      admin,
      'POST',
      `/api/v1/orgs/${b.id}/terms`,
      { kind: 'secretary', electedOn: '2021-06-01', termYears: 3 },
      201,
    );
    const terms = await call(admin, 'GET', `/api/v1/orgs/${b.id}/terms`);
    const term = terms.items.find((x: { state: string }) => x.state === 'current');
    await lifeOf(b, 'O5', { subjectType: 'term', subjectId: term.id, aspect: 'overdue' }, today, async () => {
      await call(
        admin,
        'POST',
        `/api/v1/orgs/${b.id}/terms`,
        { kind: 'secretary', electedOn: today, termYears: 3 },
        201,
      );
    });
  });

  it('O5 换届 has one boundary in the engine and the evaluator: expiring from 6 calendar months before the end (month-end clamped), overdue the day after it', async () => {
    for (const [label, electedOn, termYears] of [
      ['月末', '2024-08-31', 3],
      ['月中', '2024-06-15', 3],
    ] as const) {
      const b = await newBranch(`换届边界${label}`);
      await call(
        admin,
        'POST',
        `/api/v1/orgs/${b.id}/terms`,
        { kind: 'secretary', electedOn, termYears },
        201,
      );
      const terms = await call(admin, 'GET', `/api/v1/orgs/${b.id}/terms`);
      const term = terms.items.find((x: { state: string }) => x.state === 'current');
      const endsOn: string = term.endsOn;
      const remindFrom = termRemindFrom(endsOn);
      const phaseOn = async (day: string) => {
        await sweepAt(b, day, ['O5']);
        const open = ['expiring', 'overdue'].map(async (aspect) =>
          (await openFinding(b, 'O5', { subjectType: 'term', subjectId: term.id, aspect })) ? aspect : null,
        );
        return (await Promise.all(open)).find((a) => a !== null) ?? 'none';
      };
      const evaluated = (day: string) => {
        const checks = evaluateOrg(
          {
            orgType: 'branch',
            members: 1,
            fullMembers: 1,
            term: { kind: 'secretary', electedOn, endsOn, committeeSize: 0 },
          },
          day,
        ).map((f) => f.check);
        return checks.includes('O5.term_overdue')
          ? 'overdue'
          : checks.includes('O5.term_expiring')
            ? 'expiring'
            : 'none';
      };
      resetClock();
      for (const [day, phase] of [
        [addDays(remindFrom, -1), 'none'],
        [remindFrom, 'expiring'],
        [endsOn, 'expiring'],
        [addDays(endsOn, 1), 'overdue'],
      ] as const) {
        expect(await phaseOn(day), `engine on ${day} (term ends ${endsOn})`).toBe(phase);
        expect(evaluated(day), `evaluator on ${day} (term ends ${endsOn})`).toBe(phase);
      }
    }
  });

  it('O1 应建未建: a unit with 3 full members and no branch → finding for its org; setting one up resolves', async () => {
    const b = await newBranch('应建');
    const unitName = '厦门规则测试应建支部有限公司';
    const unit = await call(
      admin,
      'POST',
      '/api/v1/units',
      { name: unitName, kind: 'enterprise', regionCode: '350206', orgId: b.id },
      201,
    );
    for (let i = 0; i < 3; i++) await newMember(b.id, `应建员工${i + 1}`, { workUnit: unitName });
    await lifeOf(b, 'O1', { subjectType: 'unit', subjectId: unit.id }, today, async () => {
      await call(
        admin,
        'POST',
        '/api/v1/orgs',
        { name: `${unitName}党支部`, type: 'branch', parentId: huli, unitId: unit.id },
        201,
      );
    });
  });

  it('O2 组织设置: a joint branch over 5 units and a temporary branch of 6 months or more are warned about; the data resolves them', async () => {
    const holder = { members: [] as number[] };
    const org = async (name: string, type: string, establishedOn: string) => {
      const created = await call(
        admin,
        'POST',
        '/api/v1/orgs',
        { name, type, parentId: huli, establishedOn },
        201,
      );
      const { path } = await t.database.db
        .selectFrom('orgs')
        .select('path')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      // the administrator reads its findings (the holder branch's secretary cannot see it)
      return { ...holder, secretary: admin, id: created.id as number, path, name };
    };
    // a joint branch of 5 units is within the rule; the 6th unit makes a warning (一般不超过5个)
    const joint = await org('规则测试六单位联合党支部', 'joint_branch', '2020-01-01');
    const unit = (i: number) =>
      call(
        admin,
        'POST',
        '/api/v1/units',
        { name: `规则测试联合单位${i}有限公司`, kind: 'enterprise', regionCode: '350206', orgId: joint.id },
        201,
      );
    for (let i = 1; i <= 5; i++) await unit(i);
    const jointKey = { subjectType: 'org', subjectId: joint.id, aspect: 'joint_units' };
    resetClock();
    await sweepAt(joint, today, ['O2']);
    expect(await openFinding(joint, 'O2', jointKey)).toBeUndefined();
    await unit(6);
    await sweepAt(joint, today, ['O2']);
    const over = await openFinding(joint, 'O2', jointKey);
    expect(over).toMatchObject({ severity: 'warning' });
    expect(over!.message).toContain('覆盖6个单位，联合党支部覆盖单位一般不超过5个');
    expect(over!.rule.article).toContain('第二章（组织设置）');

    // a temporary branch set up for a project: a warning from the day it has lasted 6 months
    const started = addDays(addCalendarMonths(today, -6), 1);
    const temp = await org('规则测试工程项目临时党支部', 'temporary_branch', started);
    const projectKey = { subjectType: 'org', subjectId: temp.id, aspect: 'project' };
    const lasted = addCalendarMonths(started, 6);
    await sweepAt(temp, addDays(lasted, -1), ['O2']);
    expect(await openFinding(temp, 'O2', projectKey)).toBeUndefined();
    await sweepAt(temp, lasted, ['O2']);
    expect(await openFinding(temp, 'O2', projectKey)).toMatchObject({ severity: 'warning', since: lasted });
    // the project gets its branch: the temporary one is dissolved, the next sweep resolves the warning
    await call(admin, 'POST', `/api/v1/orgs/${temp.id}/dissolve`, { reason: '项目已成立党支部' });
    await sweepAt(temp, lasted, ['O2']);
    expect(await openFinding(temp, 'O2', projectKey)).toBeUndefined();
  });

  it('M3 外出党员: 3 members of a branch away at one place may form a temporary branch; a warning until one exists', async () => {
    const b = await newBranch('流动集中', { members: 3 });
    const away = (m: number, i: number) =>
      call(admin, 'POST', `/api/v1/members/${m}/mobile-card`, {
        cardNo: `LD-${b.id}-${i}`,
        location: '广东省深圳市',
        until: addCalendarMonths(today, 3),
      });
    await away(b.members[0]!, 1);
    await away(b.members[1]!, 2);
    const key = { subjectType: 'org', subjectId: b.id, aspect: '广东省深圳市' };
    resetClock();
    await sweepAt(b, today, ['M3']);
    expect(await openFinding(b, 'M3', key)).toBeUndefined();
    await away(b.members[2]!, 3);
    await sweepAt(b, today, ['M3']);
    const f = await openFinding(b, 'M3', key);
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toContain('有3名党员');
    expect(f!.message).toContain('同在广东省深圳市，可以成立临时党支部');
    // a temporary branch for them, under the same committee: the warning resolves
    await call(
      admin,
      'POST',
      '/api/v1/orgs',
      { name: '湖里区驻广东省深圳市流动党员临时党支部', type: 'temporary_branch', parentId: huli },
      201,
    );
    await sweepAt(b, today, ['M3']);
    expect(await openFinding(b, 'M3', key)).toBeUndefined();
  });

  it('M4 转接超期: a letter past its validity, not accepted → finding for the sending branch; withdrawing resolves', async () => {
    const b = await newBranch('转接');
    const to = await newBranch('转接接收');
    const tr = await call(
      b.secretary,
      'POST',
      '/api/v1/transfers',
      { direction: 'internal', memberId: b.members[0], toOrgId: to.id, reason: '工作调动', validMonths: 1 },
      201,
    );
    const expired = addDays(tr.letterValidUntil, 1);
    await lifeOf(
      b,
      'M4',
      { subjectType: 'transfer', subjectId: tr.id, aspect: 'letter' },
      expired,
      async () => {
        await call(b.secretary, 'POST', `/api/v1/transfers/${tr.id}/cancel`, {
          reason: '介绍信过期，撤回重开',
        });
      },
    );
  });

  it('P2 谈话: no talk a month after the application → finding; recording it resolves', async () => {
    const b = await newBranch('谈话');
    const rec = await developmentRecord(b, addCalendarMonths(today, -2), []);
    await lifeOf(b, 'P2', { subjectType: 'development', subjectId: rec, aspect: 'talk' }, today, async () => {
      await call(admin, 'POST', `/api/v1/development/${rec}/steps`, approved('talk', today));
    });
  });

  it('P4 考察: an activist not assessed for half a year → finding; an assessment resolves', async () => {
    const b = await newBranch('考察');
    const activist = addCalendarMonths(today, -7);
    const rec = await developmentRecord(b, addDays(activist, -40), [
      approved('talk', addDays(activist, -30)),
      approved('activist', activist),
    ]);
    const f = await lifeOf(
      b,
      'P4',
      { subjectType: 'development', subjectId: rec, aspect: 'assessment' },
      today,
      async () => {
        await call(admin, 'POST', `/api/v1/development/${rec}/steps`, approved('assessment', today));
      },
    );
    expect(f.since).toBe(addCalendarMonths(activist, 6));
  });

  it('P11 支部大会: none a month after the pre-review → finding; holding it in time resolves', async () => {
    const b = await newBranch('支部大会', { members: 3 });
    // the pre-review is today: the sweep a month and a day later finds no branch meeting
    const { appliedOn, steps } = stepsToMeeting(b, addDays(today, 20), 'pre_review');
    const rec = await developmentRecord(b, appliedOn, steps);
    const asOf = addDays(addCalendarMonths(today, 1), 1);
    await lifeOf(
      b,
      'P11',
      { subjectType: 'development', subjectId: rec, aspect: 'branch_meeting' },
      asOf,
      async () => {
        await call(
          admin,
          'POST',
          `/api/v1/development/${rec}/steps`,
          approved('branch_meeting', today, { vote: { present: 3, yes: 3 } }),
        );
      },
    );
  });

  it('P12 审批: no approval 3 months after the branch meeting → finding; the committee approving resolves', async () => {
    const b = await newBranch('审批', { members: 3 });
    const meeting = addCalendarMonths(today, -4);
    const { appliedOn, steps } = stepsToMeeting(b, meeting);
    const rec = await developmentRecord(b, appliedOn, steps);
    await lifeOf(
      b,
      'P12',
      { subjectType: 'development', subjectId: rec, aspect: 'approval' },
      today,
      async () => {
        // beyond 3 months only as a special case (P12: at most 6)
        await call(
          admin,
          'POST',
          `/api/v1/development/${rec}/steps`,
          approved('approval', today, { data: { special: true } }),
        );
      },
    );
  });

  it('P13 宣誓: no oath a month after the approval → finding; the oath resolves', async () => {
    const b = await newBranch('宣誓', { members: 3 });
    const meeting = addCalendarMonths(today, -3);
    const { appliedOn, steps } = stepsToMeeting(b, meeting);
    const rec = await developmentRecord(b, appliedOn, [
      ...steps,
      approved('approval', addCalendarMonths(today, -2)),
    ]);
    await lifeOf(
      b,
      'P13',
      { subjectType: 'development', subjectId: rec, aspect: 'oath' },
      today,
      async () => {
        await call(admin, 'POST', `/api/v1/development/${rec}/steps`, approved('oath', today));
      },
    );
  });

  it('P13 is a limit of the 2026 rule set only: an approval recorded under the 2014 细则 is never late for the oath', async () => {
    const b = await newBranch('宣誓2014', { members: 3 });
    // the whole way under the 2014 set: the branch meeting and the approval before 2026-05-01
    const { appliedOn, steps } = stepsToMeeting(b, '2026-03-10');
    const rec = await developmentRecord(b, appliedOn, [...steps, approved('approval', '2026-04-20')]);
    resetClock();
    await sweepAt(b, today, ['P13']);
    expect(await openFinding(b, 'P13', { subjectType: 'development', subjectId: rec, aspect: 'oath' })).toBe(
      undefined,
    );
    // the rule in force cites the 2026 text, and the 2014 version stops the day before the 2026 set
    const rules = (await call(admin, 'GET', '/api/v1/compliance/rules')).items.filter(
      (r: { code: string }) => r.code === 'P13',
    );
    const set2026 = RULE_SETS.find((s) => s.version === '2026')!;
    expect(rules.map((r: { version: number; validFrom: string; validTo: string | null }) => r)).toEqual([
      expect.objectContaining({ version: 1, validTo: addDays(set2026.effectiveFrom, -1) }),
      expect.objectContaining({
        version: 2,
        validFrom: set2026.effectiveFrom,
        validTo: null,
        source: `《${set2026.citations.P13.source}》`,
      }),
    ]);
  });

  it('P10 预审: a candidate leaving the unit within 3 months is refused at the pre-review, the day after allowed', async () => {
    const b = await newBranch('离开单位', { members: 3 });
    // the pre-review is today (stepsToMeeting puts it 20 days before the meeting)
    const { appliedOn, steps } = stepsToMeeting(b, addDays(today, 20), 'pre_review');
    const rec = await developmentRecord(b, appliedOn, steps.slice(0, -1));
    const pre = (data: Record<string, unknown>) =>
      t.as(admin, {
        method: 'POST',
        url: `/api/v1/development/${rec}/steps`,
        payload: approved('pre_review', today, { data }),
      });
    const limit = addCalendarMonths(today, 3);
    const refused = await pre({ leavingUnitOn: limit });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'data.leavingUnitOn', code: 'rule.P10' });
    expect(refused.json().detail).toContain('一般不办理接收预备党员的手续');
    expect(refused.json().detail).toContain('（条款号待核实）');
    expect((await pre({ leavingUnitOn: addDays(limit, 1) })).statusCode).toBe(201);
  });

  it('P3 地方规定: where a region asks 6 months between application and activist, an earlier designation is refused', async () => {
    const b = await newBranch('积极分子');
    // the first application day whose 6 months are not over today (month ends clamp: 08-30 + 6 = 02-29)
    let earlyOn = addCalendarMonths(today, -6);
    while (addCalendarMonths(earlyOn, 6) <= today) earlyOn = addDays(earlyOn, 1);
    const early = await developmentRecord(b, earlyOn, [approved('talk', addDays(today, -10))]);
    const onTime = await developmentRecord(b, addCalendarMonths(today, -6), [
      approved('talk', addDays(today, -10)),
    ]);
    const designate = (rec: number) =>
      t.as(admin, {
        method: 'POST',
        url: `/api/v1/development/${rec}/steps`,
        payload: approved('activist', today),
      });
    await call(admin, 'PUT', '/api/v1/compliance/rules/P3/overrides/3502', {
      params: { activistMinApplicationMonths: 6 },
      note: '厦门市：递交入党申请满6个月方可确定为入党积极分子（测试）',
    });
    try {
      const refused = await designate(early);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().errors[0]).toMatchObject({ field: 'date', code: 'rule.P3' });
      expect(refused.json().detail).toContain('入党申请递交未满6个月（本地区规定）');
      // the record shows the earliest day among its due dates
      const view = await call(admin, 'GET', `/api/v1/development/${early}`);
      expect(view.dueDates).toContainEqual(
        expect.objectContaining({ rule: 'P3', kind: 'earliest', date: addCalendarMonths(earlyOn, 6) }),
      );
      expect((await designate(onTime)).statusCode).toBe(201);
    } finally {
      await call(admin, 'DELETE', '/api/v1/compliance/rules/P3/overrides/3502');
    }
    // nationally there is no minimum
    expect((await designate(early)).statusCode).toBe(201);
  });

  it('P15 转正: probation ended → a warning until the branch discusses it, a finding 3 months on without the decision; approving resolves', async () => {
    const b = await newBranch('转正', { members: 3 });
    // the branch meeting a year and 10 days ago: probation (P14) ended 10 days ago
    const meeting = addDays(addCalendarMonths(today, -12), -10);
    const ends = addCalendarMonths(meeting, 12);
    const { appliedOn, steps } = stepsToMeeting(b, meeting);
    const rec = await developmentRecord(b, appliedOn, [
      ...steps,
      approved('approval', addDays(meeting, 30)),
      approved('oath', addDays(meeting, 40)),
    ]);
    const key = { subjectType: 'development', subjectId: rec, aspect: 'conversion' };
    resetClock();
    await sweepAt(b, today, ['P15']);
    const warning = await openFinding(b, 'P15', key);
    expect(warning).toMatchObject({ severity: 'warning', since: ends });
    expect(warning!.message).toContain(`预备期已于${ends}期满，党支部尚未讨论其能否转正`);
    expect((await inbox(b.secretary)).find((m) => m.findingId === warning!.id)?.kind).toBe('warn');
    // the branch meeting discusses it: the warning goes; 3 months after the end without the committee's
    // decision it is a finding (the same record, a new finding) that escalates until the approval
    await call(
      admin,
      'POST',
      `/api/v1/development/${rec}/steps`,
      approved('conversion_meeting', today, { vote: { present: 3, yes: 3 } }),
    );
    await sweepAt(b, today, ['P15']);
    expect(await openFinding(b, 'P15', key)).toBeUndefined();
    const late = addDays(addCalendarMonths(ends, 3), 1);
    const f = await lifeOf(b, 'P15', key, late, async () => {
      await call(admin, 'POST', `/api/v1/development/${rec}/steps`, approved('conversion_approval', today));
    });
    expect(f.id).not.toBe(warning!.id);
    expect(f.message).toContain('超过3个月仍未登记上级党委转正审批');
  });
});

describe('D6 dues are owed from the month of the branch meeting that admitted the member', () => {
  const memberOf = async (record: number) =>
    (
      await t.database.db
        .selectFrom('development_records')
        .select('member_id')
        .where('id', '=', record)
        .executeTakeFirstOrThrow()
    ).member_id;
  const billed = async (member: number) =>
    (
      await t.database.db
        .selectFrom('dues_ledger')
        .select('month')
        .where('member_id', '=', member)
        .orderBy('month')
        .execute()
    ).map((r) => r.month);
  const base = (member: number, y: number) =>
    call(admin, 'PUT', `/api/v1/dues/bases/${member}`, { year: y, category: 'on_job', baseFen: 500_000 });
  const generate = (b: Branch, month: string) =>
    call(b.secretary, 'POST', '/api/v1/dues/ledger/generate', { orgId: b.id, month });

  it('bills each month by the membership in that month: from the meeting’s month across a year end, never before, never after leaving', async () => {
    const b = await newBranch('党费起始', { members: 3 });
    const y = year - 2;
    const { appliedOn, steps } = stepsToMeeting(b, `${y}-12-20`);
    const rec = await developmentRecord(b, appliedOn, [...steps, approved('approval', `${y + 1}-01-15`)]);
    const m = await memberOf(rec);
    for (const yr of new Set([y, y + 1, Number(lastMonth.slice(0, 4)), year])) await base(m, yr);
    // generated after the approval: November (before the meeting) is not owed, December and January are
    for (const month of [`${y}-11`, `${y}-12`, `${y + 1}-01`]) await generate(b, month);
    expect(await billed(m)).toEqual([`${y}-12`, `${y + 1}-01`]);
    // leaving on the 2nd of last month: last month is owed, this month is not. (The status history's
    // date is the day the status changed; it is set here for a day in the past.)
    await sql`update members set status = 'left', status_since = ${`${lastMonth}-02`}::date where id = ${m}`.execute(
      t.database.db,
    );
    for (const month of [lastMonth, thisMonth]) await generate(b, month);
    expect(await billed(m)).toEqual([`${y}-12`, `${y + 1}-01`, lastMonth]);
  });

  it('fills in the months generated between the branch meeting and the committee’s approval', async () => {
    const b = await newBranch('党费补记', { members: 3 });
    const meeting = addDays(today, -40);
    const { appliedOn, steps } = stepsToMeeting(b, meeting);
    const rec = await developmentRecord(b, appliedOn, steps);
    const m = await memberOf(rec);
    const first = meeting.slice(0, 7);
    const months = [addMonths(first, -1), first, ...(first === thisMonth ? [] : [thisMonth])];
    for (const yr of new Set(months.map((x) => Number(x.slice(0, 4)))))
      for (const who of [m, ...b.members]) await base(who, yr);
    // the branch generates its months while the candidate awaits the committee: nothing owed yet
    for (const month of months) await generate(b, month);
    expect(await billed(m)).toEqual([]);
    // approved: the months from the meeting's month on are owed and filled in, the month before is not
    await call(admin, 'POST', `/api/v1/development/${rec}/steps`, approved('approval', today));
    expect(await billed(m)).toEqual(months.slice(1));
    const row = await t.database.db
      .selectFrom('dues_ledger')
      .select(['due_fen', 'status', 'org_id'])
      .where('member_id', '=', m)
      .where('month', '=', first)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ due_fen: 5000, status: 'unpaid', org_id: b.id });
  });
});

describe('escalation counts working days on the Chinese calendar', () => {
  it('a finding opened before National Day escalates on the 5th working day after it, the 调休 Saturday included', async () => {
    const b = await newBranch('国庆督办');
    const rec = await developmentRecord(b, '2026-08-01', []);
    const key = { subjectType: 'development', subjectId: rec, aspect: 'talk' };
    resetClock();
    await sweepAt(b, '2026-09-30', ['P2']);
    const f = await openFinding(b, 'P2', key);
    expect(f).toBeDefined();
    // 10-01…10-07 are holidays, Saturday 10-10 is a working day: 10-08, 10-09, 10-10, 10-12 are 4
    for (const day of ['2026-10-07', '2026-10-09', '2026-10-12']) {
      await sweepAt(b, day, ['P2']);
      expect((await openFinding(b, 'P2', key))!.escalationLevel, day).toBe(0);
    }
    expect(await addWorkdays('2026-09-30', 5)).toBe('2026-10-13');
    await sweepAt(b, '2026-10-13', ['P2']);
    expect((await openFinding(b, 'P2', key))!.escalationLevel).toBe(1);
    const detail = await call(district, 'GET', `/api/v1/compliance/findings/${f!.id}`);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['opened', 'escalated']);
    expect(detail.events[1].body).toContain('超过5个工作日未整改');
    expect(detail.supervisingOrg.id).toBe(huli);
    expect(detail.mustAct).toContainEqual(
      expect.objectContaining({ userId: districtUserId, kind: 'escalate' }),
    );
  });
});

describe('O8 counts every activity the platform records', () => {
  it('sees dues paid, development steps and transfers; a case the branch handles ends the silence', async () => {
    const b = await newBranch('活动', { members: 2 });
    const other = await newBranch('活动接收');
    const [m1, m2] = b.members as [number, number];
    // a payment 40 days ago
    // the base of last month's year: in January that is last year
    const baseYear = Number(lastMonth.slice(0, 4));
    await call(admin, 'PUT', `/api/v1/dues/bases/${m1}`, {
      year: baseYear,
      category: 'on_job',
      baseFen: 500_000,
    });
    await call(admin, 'PUT', `/api/v1/dues/bases/${m2}`, {
      year: baseYear,
      category: 'on_job',
      baseFen: 500_000,
    });
    await call(b.secretary, 'POST', '/api/v1/dues/ledger/generate', { orgId: b.id, month: lastMonth });
    const paidOn = addDays(today, -40);
    await call(b.secretary, 'POST', '/api/v1/dues/payments/bulk', {
      orgId: b.id,
      month: lastMonth,
      memberIds: [m1],
      paidOn,
    });
    // a development step 38 days ago
    const stepOn = addDays(today, -38);
    await developmentRecord(b, addDays(today, -45), [approved('talk', stepOn)]);
    // a transfer sent 36 days ago
    const sentOn = addDays(today, -36);
    await call(
      b.secretary,
      'POST',
      '/api/v1/transfers',
      {
        direction: 'internal',
        memberId: m2,
        toOrgId: other.id,
        reason: '工作调动',
        startedOn: sentOn,
        validMonths: 3,
      },
      201,
    );
    // no member record changed for two months (see the O8 test above)
    await sql`update members set created_at = ${clock.now()}::timestamptz - interval '60 days', updated_at = ${clock.now()}::timestamptz - interval '60 days'
      where org_id = ${b.id}`.execute(t.database.db);

    resetClock();
    await sweepAt(b, today, ['O8']);
    const f = await openFinding(b, 'O8', { subjectType: 'org', subjectId: b.id });
    expect(f).toBeDefined();
    const detail = await call(b.secretary, 'GET', `/api/v1/compliance/findings/${f!.id}`);
    expect(detail.details).toMatchObject({
      lastPayment: paidOn,
      lastDevelopment: stepOn,
      lastTransfer: sentOn,
      lastActivity: sentOn,
      lastCase: null,
    });
    expect(f!.message).toContain(`自${sentOn}以来已连续36天没有`);
    expect(f!.since).toBe(addDays(sentOn, 30));

    // a letter addressed to the branch is not yet its activity: only accepting or returning it is
    const back = await call(
      other.secretary,
      'POST',
      '/api/v1/transfers',
      { direction: 'internal', memberId: other.members[0], toOrgId: b.id, reason: '工作调动' },
      201,
    );
    await sweepAt(b, addDays(today, 1), ['O8']);
    expect(await openFinding(b, 'O8', { subjectType: 'org', subjectId: b.id })).toBeDefined();
    await call(other.secretary, 'POST', `/api/v1/transfers/${back.id}/cancel`, { reason: '暂不转入' });

    // a case dispatched to the branch and signed by it: the branch is handling something, not silent
    const filed = await call(
      admin,
      'POST',
      '/api/v1/cases',
      {
        categoryId: await categoryId('HJWS'),
        title: '园区垃圾堆放',
        description: '园区东门垃圾多日未清运',
        orgId: b.id,
        channel: 'console',
      },
      201,
    );
    const act = (body: Record<string, unknown>) =>
      call(admin, 'POST', `/api/v1/cases/${filed.id}/transitions`, body);
    // 环境卫生 has a route only inside 兴隆社区: filed here it waits for the dispatcher
    expect(filed.state).toBe('submitted');
    await act({ action: 'accept' });
    await act({ action: 'dispatch', leadOrgId: b.id });
    await sweepAt(b, addDays(today, 1), ['O8']);
    expect(
      await openFinding(b, 'O8', { subjectType: 'org', subjectId: b.id }),
      'a dispatch is not the branch acting',
    ).toBeDefined();
    // the branch signs for it: its secretary also handles the cases sent to the branch. No account may
    // grant the 办理人员 role (it holds case.handle, which no administrator has: role escalation is
    // refused), so it is bound here the way the demo loader binds its handlers.
    await t.database.db
      .insertInto('role_bindings')
      .values({ user_id: b.secretary.userId, role: 'handler', org_id: b.id })
      .execute();
    await call(b.secretary, 'POST', `/api/v1/cases/${filed.id}/transitions`, { action: 'sign' });
    await sweepAt(b, addDays(today, 1), ['O8']);
    expect(await openFinding(b, 'O8', { subjectType: 'org', subjectId: b.id })).toBeUndefined();
    const resolved = await call(b.secretary, 'GET', `/api/v1/compliance/findings/${f!.id}`);
    expect(resolved.status).toBe('resolved');
  });
});

async function categoryId(code: string): Promise<number> {
  const res = await call(admin, 'GET', '/api/v1/case-categories');
  return res.items.find((c: { code: string }) => c.code === code).id;
}

describe('every rule cites its article, and says where the number is not confirmed', () => {
  it('flags exactly the articles marked 待核, and cites the articles that set each meeting’s frequency', async () => {
    const res = await call(admin, 'GET', '/api/v1/compliance/rules');
    for (const r of res.items as Array<{ code: string; article: string; uncertain: boolean }>) {
      expect(r.article, `${r.code} has an article`).toBeTruthy();
      expect(r.article, `${r.code}: no bare [?]`).not.toContain('[?]');
      expect(r.uncertain, `${r.code} ${r.article}`).toBe(r.article.includes('待核'));
    }
    const o6 = res.items.find((r: { code: string }) => r.code === 'O6');
    for (const part of ['第十一条（支部党员大会）', '第十二条（支部委员会会议）', '第十三条（党小组会）'])
      expect(o6.article).toContain(part);
    expect(o6.article).not.toContain('第十九条');
    expect(o6.params).toMatchObject({ group: 'month', groupFromMembers: 0 });
    const o5 = res.items.find((r: { code: string }) => r.code === 'O5');
    expect(o5.article).toContain('第六章（党支部委员会建设）');
    expect(o5.uncertain).toBe(true);
    // the findings and reminders carry the flag with the citation
    const b = await newBranch('条款标记', { establishedOn: `${lastMonth}-01` });
    resetClock();
    await sweepAt(b, today, ['O6']);
    const f = await openFinding(b, 'O6', {
      subjectType: 'org',
      subjectId: b.id,
      aspect: 'theme_day',
      period: lastMonth,
    });
    expect(f!.rule).toMatchObject({ uncertain: true });
    expect(f!.rule.citation).toContain('[待核]');
  });
});

describe('the engine’s development limits are the workflow’s', () => {
  it('checks every deadline the domain computes, with the same parameters, citing the set that has it', async () => {
    const set = RULE_SETS.find((s) => s.version === '2014')!;
    const res = await call(admin, 'GET', '/api/v1/compliance/rules');
    // the latest version of each rule
    const rules = new Map<string, { params: Record<string, number>; source: string; article: string }>(
      res.items.map((r: { code: string }) => [r.code, r]),
    );
    // every "must happen by" limit of both rule sets (P2, P11, P12, P13 2026, P15), and P4's half year
    const deadlines = RULE_SETS.flatMap((s) => s.deadlines).filter((d) => d.kind === 'deadline');
    for (const d of deadlines) {
      expect(DETECTORS[d.rule], `${d.rule} has a detector`).toBeDefined();
      expect(rules.get(d.rule)?.params.months, `${d.rule} months`).toBe(d.months);
    }
    expect(rules.get('P4')!.params.months).toBe(set.params.assessmentEveryMonths);
    expect(rules.get('P15')!.params.probationMonths).toBe(set.params.probationMonths);
    for (const code of ['P2', 'P4', 'P11', 'P12', 'P15']) {
      const c = set.citations[code as keyof typeof set.citations];
      expect(rules.get(code)!.source).toContain(c.source);
      expect(rules.get(code)!.article).toContain(c.article!);
    }
    // P13's month is only in the 2026 set, whose article number is not known: the rule says so
    const p13 = RULE_SETS.find((s) => s.version === '2026')!.citations.P13;
    expect(rules.get('P13')!.source).toBe(`《${p13.source}》`);
    expect(p13.article).toBeNull();
    expect(rules.get('P13')!.article).toContain('待核');
  });
});
