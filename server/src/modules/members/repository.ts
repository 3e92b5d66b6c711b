import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { escapeLike, inScope } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { DB, Member } from '../../platform/db/schema.ts';

/**
 * Plain data access for the member register. Every read takes the caller's scope paths (subtree
 * roots of the org tree); other modules (development, transfers) may call these functions too.
 */
export interface MemberRow extends Member {
  org_name: string;
  org_path: string;
}

export interface MemberFilter {
  /** Subtree roots the caller may read; empty → nothing. */
  scope: string[];
  /** Only this org's subtree (already checked to lie in scope). */
  subtreePath?: string;
  /** normalizeForSearch(q) */
  q?: string;
  /**
   * Subtree roots where the caller may read ID numbers and phones in full. Outside them a search
   * matches no more than the masked answer shows: the last 4 characters (see `VISIBLE_TAIL`).
   */
  fullScope?: string[];
  stage?: string;
  status?: string;
}

export function selectMembers(db: Executor) {
  return db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .selectAll('members')
    .select(['orgs.name as org_name', 'orgs.path as org_path']);
}

const reverse = (s: string) => Array.from(s).reverse().join('');

/** How many trailing characters of an ID number or phone a masked answer shows. */
export const VISIBLE_TAIL = 4;

/** The ID-number or phone tail a search text stands for, or null when it is not one. */
export function searchTail(q: string): string | null {
  const compact = q.replace(/\s+/g, '');
  return /^[0-9x]{4,18}$/i.test(compact) ? compact.toUpperCase() : null;
}

/**
 * Search (issue 4 item 7): name in Simplified or Traditional (both stored and queried normalized),
 * full pinyin prefix and initials, the tail of the ID number or the phone (4+ characters, through the
 * reverse() indexes), and the work unit.
 *
 * A tail longer than the masked answer shows matches only members whose numbers the caller may read
 * in full (`fullScope`): otherwise searching one digit more than the visible four, again and again,
 * would spell out a whole ID number (issue 9).
 */
export function searchCondition(
  eb: ExpressionBuilder<DB, 'members' | 'orgs'>,
  q: string,
  fullScope: string[] = [],
): Expression<SqlBool> {
  const like = escapeLike(q);
  const compact = q.replace(/\s+/g, '');
  const any: Expression<SqlBool>[] = [];
  // Letters only: pinyin or initials (a Latin name's pinyin is the name itself); digits: the tails.
  // Each kind alone lets PostgreSQL combine the prefix indexes instead of scanning every member.
  const latin = /^[a-z]+$/.test(compact);
  const tail = /^[0-9x]{4,18}$/.test(compact);
  if (latin) {
    any.push(eb('members.name_pinyin', 'like', `${compact}%`));
    any.push(eb('members.name_initials', 'like', `${compact}%`));
  }
  if (tail) {
    const tails: Expression<SqlBool>[] = [
      sql<SqlBool>`reverse(members.id_number) like ${`${escapeLike(reverse(compact.toUpperCase()))}%`}`,
    ];
    if (/^\d{4,11}$/.test(compact))
      tails.push(sql<SqlBool>`reverse(members.phone) like ${`${reverse(compact)}%`}`);
    if (compact.length > VISIBLE_TAIL) any.push(eb.and([eb.or(tails), inScope(eb, 'orgs.path', fullScope)]));
    else any.push(...tails);
  }
  if (!latin && !tail) {
    any.push(eb('members.name_search', 'like', `%${like}%`));
    any.push(eb('members.work_unit', 'ilike', `%${like}%`));
  }
  return eb.or(any);
}

export function memberWhere(filter: MemberFilter) {
  return (eb: ExpressionBuilder<DB, 'members' | 'orgs'>) => {
    const all: Expression<SqlBool>[] = [inScope(eb, 'orgs.path', filter.scope)];
    if (filter.subtreePath) all.push(eb('orgs.path', 'like', `${escapeLike(filter.subtreePath)}%`));
    if (filter.stage) all.push(eb('members.stage', '=', filter.stage));
    if (filter.status) all.push(eb('members.status', '=', filter.status));
    if (filter.q) all.push(searchCondition(eb, filter.q, filter.fullScope ?? []));
    return eb.and(all);
  };
}

export async function listMembers(
  db: Executor,
  filter: MemberFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: MemberRow[]; total: number }> {
  const where = memberWhere(filter);
  const [rows, count] = await Promise.all([
    selectMembers(db).where(where).orderBy('members.id').limit(page.limit).offset(page.offset).execute(),
    countMembers(db, filter),
  ]);
  return { rows, total: count };
}

export async function countMembers(db: Executor, filter: MemberFilter): Promise<number> {
  const row = await db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(memberWhere(filter))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The columns an export writes (and `id`, its keyset): no search keys, timestamps or org path. */
const EXPORT_COLUMNS = [
  'members.id',
  'members.org_id',
  'members.name',
  'members.id_number',
  'members.gender',
  'members.birth_date',
  'members.ethnicity',
  'members.education',
  'members.phone',
  'members.work_unit',
  'members.stage',
  'members.joined_on',
  'members.full_member_on',
  'members.status',
  'members.mobile_location',
  'orgs.name as org_name',
] as const;

export type MemberExportRow = Pick<
  MemberRow,
  | 'id'
  | 'org_id'
  | 'org_name'
  | 'name'
  | 'id_number'
  | 'gender'
  | 'birth_date'
  | 'ethnicity'
  | 'education'
  | 'phone'
  | 'work_unit'
  | 'stage'
  | 'joined_on'
  | 'full_member_on'
  | 'status'
  | 'mobile_location'
>;

/**
 * One page of an export: members after `afterId` in id order (keyset, so page 60 costs what page 1
 * does), only the columns the file has. Measured on PGlite (issue 11): a page of 2,000 with every
 * column took 169 ms to arrive, with these 16 it takes 44 ms, and the garbage it leaves is a third.
 */
export async function memberBatch(
  db: Executor,
  filter: MemberFilter,
  afterId: number,
  limit: number,
): Promise<MemberExportRow[]> {
  return db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(EXPORT_COLUMNS)
    .where(memberWhere(filter))
    .where('members.id', '>', afterId)
    .orderBy('members.id')
    .limit(limit)
    .execute();
}

export async function findMember(db: Executor, id: number, scope: string[]): Promise<MemberRow | undefined> {
  return selectMembers(db)
    .where('members.id', '=', id)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst();
}

export async function findMemberByUser(db: Executor, userId: number): Promise<MemberRow | undefined> {
  return selectMembers(db).where('members.user_id', '=', userId).executeTakeFirst();
}

/** Whoever holds this ID number, wherever (the caller decides what it may reveal). */
export async function findByIdNumber(
  db: Executor,
  idNumber: string,
): Promise<{ id: number; name: string; org_name: string; org_path: string } | undefined> {
  return db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.name', 'orgs.name as org_name', 'orgs.path as org_path'])
    .where('members.id_number', '=', idNumber)
    .executeTakeFirst();
}

export async function insertMember(db: Executor, values: Parameters<typeof valuesOf>[0]): Promise<Member> {
  return db.insertInto('members').values(valuesOf(values)).returningAll().executeTakeFirstOrThrow();
}

function valuesOf(v: {
  org_id: number;
  region_code: string;
  name: string;
  name_search: string;
  name_pinyin: string;
  name_initials: string;
  id_number: string;
  gender: 'male' | 'female';
  birth_date: string;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  work_unit: string | null;
  joined_on: string | null;
  full_member_on: string | null;
  stage: string;
}) {
  return { ...v, updated_at: clock.now() };
}

export async function updateMember(
  db: Executor,
  id: number,
  values: Partial<Omit<Member, 'id' | 'created_at' | 'updated_at'>>,
): Promise<Member> {
  return db
    .updateTable('members')
    .set({ ...values, updated_at: clock.now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function orgNamesOnPath(db: Executor, path: string, scope: string[]): Promise<string[]> {
  const root = scope.find((p) => path.startsWith(p));
  if (!root) return [];
  const ids = path.split('/').filter(Boolean).map(Number);
  const chain = ids.slice(root.split('/').filter(Boolean).length - 1);
  if (chain.length === 0) return [];
  const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', chain).execute();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return chain.map((id) => names.get(id) ?? '');
}

// ---------------------------------------------------------------- import

export interface OrgRef {
  id: number;
  name: string;
  path: string;
  region_code: string;
  status: string;
}

/** Active orgs inside the scope named in the file, by name and by id (one query each). */
export async function orgsForImport(
  db: Executor,
  scope: string[],
  names: string[],
  ids: number[],
): Promise<OrgRef[]> {
  if (names.length === 0 && ids.length === 0) return [];
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'path', 'region_code', 'status'])
    .where((eb) =>
      eb.and([
        inScope(eb, 'orgs.path', scope),
        eb.or([
          ...(names.length ? [eb('name', 'in', names)] : []),
          ...(ids.length ? [eb('id', 'in', ids)] : []),
        ]),
      ]),
    )
    .execute();
}

/** Members already registered with any of these ID numbers, wherever they are held. */
export async function membersByIdNumbers(
  db: Executor,
  idNumbers: string[],
): Promise<Array<{ id: number; id_number: string; org_id: number; org_name: string; org_path: string }>> {
  if (idNumbers.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    id_number: string;
    org_id: number;
    org_name: string;
    org_path: string;
  }>`select m.id, m.id_number, m.org_id, o.name as org_name, o.path as org_path
       from members m join orgs o on o.id = m.org_id
      where m.id_number = any(${idNumbers}::bpchar[])`.execute(db);
  return rows;
}

export interface ImportRowValues {
  row_no: number;
  region_code: string | null;
  org_id: number | null;
  name: string | null;
  name_search: string | null;
  name_pinyin: string | null;
  name_initials: string | null;
  id_number: string | null;
  gender: string | null;
  birth_date: string | null;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  work_unit: string | null;
  joined_on: string | null;
  full_member_on: string | null;
  stage: string | null;
  errors: string;
  ok: boolean;
}

/** Stores parsed rows in a few statements: one unnest() insert per 5,000 rows. */
export async function insertImportRows(
  db: Executor,
  batchId: number,
  rows: ImportRowValues[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const col = <K extends keyof ImportRowValues>(k: K) => part.map((r) => r[k]);
    await sql`insert into import_rows (batch_id, row_no, region_code, org_id, name, name_search, name_pinyin,
        name_initials, id_number, gender, birth_date, phone, ethnicity, education, work_unit, joined_on,
        full_member_on, stage, errors, ok)
      select ${batchId}, * from unnest(${col('row_no')}::int[], ${col('region_code')}::text[],
        ${col('org_id')}::bigint[], ${col('name')}::text[], ${col('name_search')}::text[],
        ${col('name_pinyin')}::text[], ${col('name_initials')}::text[], ${col('id_number')}::bpchar[],
        ${col('gender')}::text[],
        ${col('birth_date')}::date[], ${col('phone')}::text[], ${col('ethnicity')}::text[], ${col('education')}::text[],
        ${col('work_unit')}::text[], ${col('joined_on')}::date[], ${col('full_member_on')}::date[],
        ${col('stage')}::text[], ${col('errors')}::jsonb[], ${col('ok')}::boolean[])`.execute(db);
  }
}

const PROFILE_COLUMNS = [
  'name',
  'name_search',
  'name_pinyin',
  'name_initials',
  'phone',
  'ethnicity',
  'education',
  'work_unit',
  'joined_on',
  'full_member_on',
] as const;

/**
 * Writes the good rows of a batch in two statements, each with its audit events:
 * rows whose ID number is new are inserted; rows of members already held by the same org (inside the
 * scope) update the profile where something differs. Anything else (held elsewhere since the preview)
 * is left alone. Re-running it changes nothing: the same file is idempotent.
 *
 */
export async function commitImportRows(
  db: Executor,
  input: {
    batchId: number;
    scope: string[];
    actorId: number;
    actorName: string;
    ip: string;
    requestId: string;
  },
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  if (input.scope.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const scopeSql = sql.join(
    input.scope.map((p) => sql`o.path like ${`${escapeLike(p)}%`}`),
    sql` or `,
  );
  const src = sql`(select r.* from import_rows r join orgs o on o.id = r.org_id and (${scopeSql})
     where r.batch_id = ${input.batchId} and r.ok)`;
  const audit = () => sql`insert into audit_events (actor_id, actor_name, action, entity_type,
      entity_id, org_path, region_code, ip, request_id, before, after)`;

  const inserted = await sql<{ n: number }>`with src as ${src},
      ins as (
        insert into members (org_id, region_code, name, name_search, name_pinyin, name_initials, id_number, gender,
          birth_date, phone, ethnicity, education, work_unit, joined_on, full_member_on, stage, updated_at)
        select s.org_id, s.region_code, s.name, s.name_search, s.name_pinyin, s.name_initials, s.id_number, s.gender,
          s.birth_date, s.phone, s.ethnicity, s.education, s.work_unit, s.joined_on, s.full_member_on, s.stage, ${clock.now()}::timestamptz
          from src s
         where not exists (select 1 from members m where m.id_number = s.id_number)
        on conflict (id_number, region_code) do nothing
        returning id, org_id, region_code, name, stage, id_number, phone
      ),
      logged as (
        ${audit()}
        select ${input.actorId}::bigint, ${input.actorName}::text, 'member.import', 'member', ins.id::text, o.path,
          ins.region_code, ${input.ip}::text, ${input.requestId}::text, null,
          jsonb_build_object('name', ins.name, 'orgId', ins.org_id, 'orgName', o.name, 'stage', ins.stage,
            'idNumber', left(ins.id_number, 4) || repeat('*', 10) || right(ins.id_number, 4),
            'phone', case when ins.phone is null then null else left(ins.phone, 3) || '****' || right(ins.phone, 4) end,
            'batchId', ${input.batchId}::bigint)
          from ins join orgs o on o.id = ins.org_id
        returning 1
      )
      select count(*)::int as n from ins`.execute(db);

  const differs = sql.join(
    PROFILE_COLUMNS.map((c) => sql`m.${sql.ref(c)} is distinct from s.${sql.ref(c)}`),
    sql` or `,
  );
  const updated = await sql<{ n: number }>`with src as ${src},
      prior as (
        select m.*, s.row_no from members m join src s on s.id_number = m.id_number and s.org_id = m.org_id
         where ${differs}
      ),
      upd as (
        update members m set name = s.name, name_search = s.name_search, name_pinyin = s.name_pinyin,
            name_initials = s.name_initials, phone = s.phone, ethnicity = s.ethnicity, education = s.education,
            work_unit = s.work_unit, joined_on = s.joined_on, full_member_on = s.full_member_on, updated_at = ${clock.now()}::timestamptz
          from src s
         where m.id in (select id from prior) and s.id_number = m.id_number
        returning m.id, m.org_id, m.region_code, m.name, m.phone, m.ethnicity, m.education, m.work_unit,
          m.joined_on, m.full_member_on
      ),
      logged as (
        ${audit()}
        select ${input.actorId}::bigint, ${input.actorName}::text, 'member.update', 'member', upd.id::text, o.path,
          upd.region_code, ${input.ip}::text, ${input.requestId}::text,
          jsonb_build_object('name', p.name, 'ethnicity', p.ethnicity, 'education', p.education, 'workUnit', p.work_unit,
            'joinedOn', p.joined_on, 'fullMemberOn', p.full_member_on,
            'phone', case when p.phone is null then null else left(p.phone, 3) || '****' || right(p.phone, 4) end),
          jsonb_build_object('name', upd.name, 'ethnicity', upd.ethnicity, 'education', upd.education,
            'workUnit', upd.work_unit, 'joinedOn', upd.joined_on, 'fullMemberOn', upd.full_member_on,
            'phone', case when upd.phone is null then null else left(upd.phone, 3) || '****' || right(upd.phone, 4) end,
            'batchId', ${input.batchId}::bigint)
          from upd join prior p on p.id = upd.id join orgs o on o.id = upd.org_id
        returning 1
      )
      select count(*)::int as n from upd`.execute(db);

  const same = await sql<{ n: number }>`with src as ${src}
      select count(*)::int as n from src s join members m on m.id_number = s.id_number and m.org_id = s.org_id`.execute(
    db,
  );
  const ins = inserted.rows[0]?.n ?? 0;
  const upd = updated.rows[0]?.n ?? 0;
  return { inserted: ins, updated: upd, unchanged: Math.max(0, (same.rows[0]?.n ?? 0) - ins - upd) };
}
