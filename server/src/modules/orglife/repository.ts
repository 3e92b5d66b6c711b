import { sql } from 'kysely';
import type { Executor } from '../../platform/context.ts';

/** SQL for organizational life. Callers have already checked the org is in the caller's scope. */

export interface MeetingRow {
  id: number;
  org_id: number;
  org_name: string;
  region_code: string;
  kind: string;
  title: string;
  planned_on: string | null;
  held_on: string | null;
  status: 'planned' | 'held' | 'cancelled';
  location: string | null;
  lecturer: string | null;
  minutes: string | null;
  org_path: string;
  present: number;
  excused: number;
  absent: number;
}

function meetingsBase(db: Executor) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select([
      'm.id',
      'm.org_id',
      'o.name as org_name',
      'o.path as org_path',
      'm.region_code',
      'm.kind',
      'm.title',
      'm.planned_on',
      'm.held_on',
      'm.status',
      'm.location',
      'm.lecturer',
      'm.minutes',
      sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = m.id and a.status = 'present')`.as(
        'present',
      ),
      sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = m.id and a.status = 'excused')`.as(
        'excused',
      ),
      sql<number>`(select count(*)::int from meeting_attendance a where a.meeting_id = m.id and a.status = 'absent')`.as(
        'absent',
      ),
    ]);
}

export async function listMeetings(
  db: Executor,
  orgId: number,
  filter: { from?: string; until?: string; kind?: string; status?: string },
): Promise<MeetingRow[]> {
  let q = meetingsBase(db).where('m.org_id', '=', orgId);
  if (filter.from) q = q.where(sql<boolean>`coalesce(m.held_on, m.planned_on) >= ${filter.from}::date`);
  if (filter.until) q = q.where(sql<boolean>`coalesce(m.held_on, m.planned_on) < ${filter.until}::date`);
  if (filter.kind) q = q.where('m.kind', '=', filter.kind);
  if (filter.status) q = q.where('m.status', '=', filter.status as 'held');
  return (await q
    .orderBy(sql`coalesce(m.held_on, m.planned_on)`, 'desc')
    .orderBy('m.id', 'desc')
    .limit(500)
    .execute()) as MeetingRow[];
}

export async function findMeeting(db: Executor, id: number): Promise<MeetingRow | undefined> {
  return (await meetingsBase(db).where('m.id', '=', id).executeTakeFirst()) as MeetingRow | undefined;
}

export async function attendance(db: Executor, meetingId: number) {
  return db
    .selectFrom('meeting_attendance as a')
    .innerJoin('members as mb', 'mb.id', 'a.member_id')
    .select(['a.member_id', 'mb.name', 'a.status', 'a.note'])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('mb.id')
    .execute();
}

export async function files(db: Executor, meetingId: number) {
  return db
    .selectFrom('meeting_files')
    .select(['id', 'kind', 'name', 'content_type', 'size_bytes', 'created_at'])
    .where('meeting_id', '=', meetingId)
    .orderBy('id')
    .execute();
}

/** The members a meeting's attendance is taken for: probationary and full members held by the org. */
export async function orgMembers(db: Executor, orgId: number) {
  return db
    .selectFrom('members')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('stage', 'in', ['probationary', 'full'])
    .where('status', 'in', ['normal', 'mobile', 'lost_contact', 'suspended'])
    .orderBy('id')
    .limit(2000)
    .execute();
}

/** Replaces a meeting's attendance in one statement (set-based from the submitted arrays). */
export async function replaceAttendance(
  db: Executor,
  meetingId: number,
  regionCode: string,
  rows: Array<{ memberId: number; status: string; note?: string | undefined }>,
) {
  await db.deleteFrom('meeting_attendance').where('meeting_id', '=', meetingId).execute();
  if (rows.length === 0) return;
  await db
    .insertInto('meeting_attendance')
    .values(
      rows.map((r) => ({
        meeting_id: meetingId,
        member_id: r.memberId,
        region_code: regionCode,
        status: r.status as 'present',
        note: r.note ?? null,
      })),
    )
    .execute();
}

export async function themeDay(db: Executor, regionCode: string) {
  return db
    .selectFrom('orglife_region_settings')
    .select(['region_prefix', 'theme_day_of_month', 'note'])
    .where(sql<boolean>`${regionCode} like region_prefix || '%'`)
    .orderBy(sql`length(region_prefix)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function exemptions(db: Executor, orgId: number) {
  return db
    .selectFrom('orglife_exemptions as e')
    .leftJoin('users as u', 'u.id', 'e.decided_by')
    .leftJoin('orgs as o', 'o.id', 'e.decided_org_id')
    .selectAll('e')
    .select(['u.display_name as decided_by_name', 'o.name as decided_org_name'])
    .where('e.org_id', '=', orgId)
    .orderBy('e.valid_from', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

/** Which of `kinds` were held (or exempt) in each period [start, end) for one org. */
export async function periodState(
  db: Executor,
  orgId: number,
  periods: Array<{ kind: string; start: string; end: string }>,
) {
  if (periods.length === 0) return [];
  const rows = await sql<{ kind: string; start: string; held: boolean; exempt: boolean }>`
    select p.kind, p.start::text as start,
      exists (select 1 from meetings m where m.org_id = ${orgId} and m.kind = p.kind and m.status = 'held'
              and m.held_on >= p.start and m.held_on < p.finish) as held,
      exists (select 1 from orglife_exemptions e where e.org_id = ${orgId} and e.kind in (p.kind, 'all')
              and e.valid_from < p.finish and (e.valid_until is null or e.valid_until >= p.start)) as exempt
    from (select unnest(${periods.map((p) => p.kind)}::text[]) as kind,
                 unnest(${periods.map((p) => p.start)}::date[]) as start,
                 unnest(${periods.map((p) => p.end)}::date[]) as finish) p`.execute(db);
  return rows.rows;
}

export interface MyMeetingRow {
  id: number;
  org_id: number;
  org_name: string;
  kind: string;
  title: string;
  planned_on: string | null;
  held_on: string | null;
  status: 'planned' | 'held' | 'cancelled';
  location: string | null;
  lecturer: string | null;
  my_status: 'present' | 'excused' | 'absent' | null;
}

/**
 * A member's meetings: the coming ones of their organization (a 支部委员会 only for the members of its
 * current committee) and the held ones since `since` that they were expected at (their organization's,
 * the committee's only for its members) or whose attendance names them, with their own attendance.
 */
export async function myMeetings(
  db: Executor,
  input: { memberId: number; orgId: number; today: string; since: string },
): Promise<{ upcoming: MyMeetingRow[]; past: MyMeetingRow[] }> {
  const forMe = sql`(m.kind <> 'branch_committee' or exists (
    select 1 from org_committee_members cm join org_terms t on t.id = cm.term_id and t.state = 'current'
    where t.org_id = m.org_id and cm.member_id = ${input.memberId}))`;
  const columns = sql`m.id, m.org_id, o.name as org_name, m.kind, m.title, m.planned_on, m.held_on, m.status,
    m.location, m.lecturer, a.status as my_status`;
  const [upcoming, past] = await Promise.all([
    sql<MyMeetingRow>`
      select ${columns}
      from meetings m join orgs o on o.id = m.org_id
      left join meeting_attendance a on a.meeting_id = m.id and a.member_id = ${input.memberId}
      where m.org_id = ${input.orgId} and m.status = 'planned' and m.planned_on >= ${input.today}::date and ${forMe}
      order by m.planned_on, m.id
      limit 20`.execute(db),
    sql<MyMeetingRow>`
      select ${columns}
      from meetings m join orgs o on o.id = m.org_id
      left join meeting_attendance a on a.meeting_id = m.id and a.member_id = ${input.memberId}
      where m.status = 'held' and m.held_on >= ${input.since}::date and m.held_on <= ${input.today}::date
        and (a.member_id is not null or (m.org_id = ${input.orgId} and ${forMe}))
      order by m.held_on desc, m.id desc
      limit 100`.execute(db),
  ]);
  return { upcoming: upcoming.rows, past: past.rows };
}
