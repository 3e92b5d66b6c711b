import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { inScope } from '../../platform/access.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';

/** Plain data access for development records and their steps. Every read takes scope paths. */

export interface RecordRow {
  id: number;
  region_code: string;
  member_id: number;
  org_id: number;
  rule_set: string;
  stage: string;
  state: 'active' | 'completed' | 'terminated';
  applied_on: string;
  introducers: unknown;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  org_name: string;
  org_path: string;
  member_name: string;
  member_gender: string;
  member_birth_date: string;
  member_id_number: string;
  member_phone: string | null;
  member_stage: string;
  member_status: string;
  member_joined_on: string | null;
  member_full_member_on: string | null;
}

function selectRecords(db: Executor) {
  return db
    .selectFrom('development_records as r')
    .innerJoin('orgs', 'orgs.id', 'r.org_id')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select([
      'r.id',
      'r.region_code',
      'r.member_id',
      'r.org_id',
      'r.rule_set',
      'r.stage',
      'r.state',
      'r.applied_on',
      'r.introducers',
      'r.note',
      'r.created_at',
      'r.updated_at',
      'orgs.name as org_name',
      'orgs.path as org_path',
      'm.name as member_name',
      'm.gender as member_gender',
      'm.birth_date as member_birth_date',
      'm.id_number as member_id_number',
      'm.phone as member_phone',
      'm.stage as member_stage',
      'm.status as member_status',
      'm.joined_on as member_joined_on',
      'm.full_member_on as member_full_member_on',
    ]);
}

export async function findRecord(db: Executor, id: number, scope: string[]): Promise<RecordRow | undefined> {
  return (await selectRecords(db)
    .where('r.id', '=', id)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst()) as RecordRow | undefined;
}

export async function lockRecord(db: Executor, id: number): Promise<void> {
  await db.selectFrom('development_records').select('id').where('id', '=', id).forUpdate().execute();
}

export interface RecordFilter {
  scope: string[];
  orgPath?: string;
  stage?: string;
  state?: string;
  q?: string;
  limit: number;
}

export async function listRecords(
  db: Executor,
  f: RecordFilter,
): Promise<{ rows: RecordRow[]; total: number }> {
  const where = (
    eb: ExpressionBuilder<DB & { r: DB['development_records']; m: DB['members'] }, 'r' | 'orgs' | 'm'>,
  ) => {
    const c: Expression<SqlBool>[] = [inScope(eb, 'orgs.path', f.scope)];
    if (f.orgPath) c.push(sql<SqlBool>`orgs.path like ${`${f.orgPath.replace(/[\\%_]/g, '\\$&')}%`}`);
    if (f.stage) c.push(eb('r.stage', '=', f.stage));
    if (f.state) c.push(eb('r.state', '=', f.state as 'active'));
    if (f.q) c.push(eb('m.name_search', 'like', `%${f.q.replace(/[\\%_]/g, '\\$&')}%`));
    return eb.and(c);
  };
  const base = () =>
    db
      .selectFrom('development_records as r')
      .innerJoin('orgs', 'orgs.id', 'r.org_id')
      .innerJoin('members as m', 'm.id', 'r.member_id');
  const [rows, count] = await Promise.all([
    selectRecords(db)
      .where(where as never)
      .orderBy('r.applied_on')
      .orderBy('r.id')
      .limit(f.limit)
      .execute(),
    base()
      .select(sql<number>`count(*)::int`.as('n'))
      .where(where as never)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as RecordRow[], total: count.n };
}

export interface StepRow {
  id: number;
  record_id: number;
  step: string;
  step_date: string;
  decision: 'approved' | 'rejected';
  rule_set: string;
  data: unknown;
  evidence_file_id: number | null;
  evidence_name: string | null;
  decided_by_name: string;
  note: string | null;
  created_at: Date;
}

/** The steps of several records at once (one query for a whole board). */
export async function stepsOf(db: Executor, recordIds: number[]): Promise<StepRow[]> {
  if (recordIds.length === 0) return [];
  return (await db
    .selectFrom('development_steps as s')
    .leftJoin('files as f', 'f.id', 's.evidence_file_id')
    .select([
      's.id',
      's.record_id',
      's.step',
      's.step_date',
      's.decision',
      's.rule_set',
      's.data',
      's.evidence_file_id',
      'f.name as evidence_name',
      's.decided_by_name',
      's.note',
      's.created_at',
    ])
    .where('s.record_id', 'in', recordIds)
    .orderBy('s.step_date')
    .orderBy('s.id')
    .execute()) as StepRow[];
}

export async function insertRecord(
  db: Executor,
  v: {
    region_code: string;
    member_id: number;
    org_id: number;
    rule_set: string;
    stage: string;
    applied_on: string;
    note: string | null;
    created_by: number;
  },
): Promise<number> {
  const row = await db
    .insertInto('development_records')
    .values({ ...v, updated_at: clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertStep(
  db: Executor,
  v: {
    region_code: string;
    record_id: number;
    step: string;
    step_date: string;
    decision: 'approved' | 'rejected';
    rule_set: string;
    data: unknown;
    evidence_file_id: number | null;
    decided_by: number;
    decided_by_name: string;
    note: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('development_steps')
    .values({ ...v, data: JSON.stringify(v.data ?? {}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRecord(
  db: Executor,
  id: number,
  v: {
    stage?: string;
    state?: 'active' | 'completed' | 'terminated';
    rule_set?: string;
    introducers?: unknown;
  },
): Promise<void> {
  await db
    .updateTable('development_records')
    .set({
      ...(v.stage ? { stage: v.stage } : {}),
      ...(v.state ? { state: v.state } : {}),
      ...(v.rule_set ? { rule_set: v.rule_set } : {}),
      ...(v.introducers !== undefined ? { introducers: JSON.stringify(v.introducers) } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute();
}

export async function activeRecordOf(db: Executor, memberId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('development_records')
    .select('id')
    .where('member_id', '=', memberId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return row?.id;
}

export async function latestRecordOfMember(db: Executor, memberId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('development_records')
    .select('id')
    .where('member_id', '=', memberId)
    .orderBy(sql`state = 'active'`, 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id;
}

// ---------------------------------------------------------------- members (only what development needs)

export interface MemberFacts {
  id: number;
  region_code: string;
  org_id: number;
  org_path: string;
  org_name: string;
  name: string;
  birth_date: string;
  stage: string;
  status: string;
  joined_on: string | null;
  full_member_on: string | null;
}

export async function findMember(
  db: Executor,
  id: number,
  scope: string[],
): Promise<MemberFacts | undefined> {
  return db
    .selectFrom('members as m')
    .innerJoin('orgs', 'orgs.id', 'm.org_id')
    .select([
      'm.id',
      'm.region_code',
      'm.org_id',
      'orgs.path as org_path',
      'orgs.name as org_name',
      'm.name',
      'm.birth_date',
      'm.stage',
      'm.status',
      'm.joined_on',
      'm.full_member_on',
    ])
    .where('m.id', '=', id)
    .where((eb) => inScope(eb, 'orgs.path', scope))
    .executeTakeFirst();
}

/** Introducers may belong to any branch (a member of another branch can introduce), so no scope here. */
/** Members by id; with `scope`, only those whose organization lies inside it. */
export async function membersByIds(
  db: Executor,
  ids: number[],
  scope?: string[],
): Promise<Array<{ id: number; name: string; stage: string; status: string }>> {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.name', 'members.stage', 'members.status'])
    .where('members.id', 'in', ids);
  if (scope) q = q.where((eb) => inScope(eb, 'orgs.path', scope));
  return q.execute();
}

/** Full members of an org with the right to vote (停止党籍, 出党, deceased excluded). */
export async function votingFullMembers(db: Executor, orgId: number): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('stage', '=', 'full')
    .where('status', 'not in', ['suspended', 'left', 'deceased'])
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function findMemberIdByIdNumber(
  db: Executor,
  idNumber: string,
): Promise<{ id: number; name: string; org_path: string; org_name: string } | undefined> {
  return db
    .selectFrom('members')
    .innerJoin('orgs', 'orgs.id', 'members.org_id')
    .select(['members.id', 'members.name', 'orgs.path as org_path', 'orgs.name as org_name'])
    .where('members.id_number', '=', idNumber)
    .executeTakeFirst();
}

export async function insertApplicant(
  db: Executor,
  v: {
    region_code: string;
    org_id: number;
    name: string;
    name_search: string;
    name_pinyin: string;
    name_initials: string;
    id_number: string;
    gender: 'male' | 'female';
    birth_date: string;
    phone: string | null;
    work_unit: string | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('members')
    .values({ ...v, stage: 'applicant', status: 'normal', updated_at: clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMemberStage(
  db: Executor,
  id: number,
  v: { stage: string; joined_on?: string; full_member_on?: string; status?: string },
): Promise<void> {
  await db
    .updateTable('members')
    .set({ ...v, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- evidence files

export async function insertEvidence(
  db: Executor,
  v: {
    region_code: string;
    owner_id: number;
    org_path: string;
    name: string;
    content_type: string;
    content: Buffer;
  },
): Promise<number> {
  const row = await db
    .insertInto('files')
    .values({
      ...v,
      kind: 'development.evidence',
      size_bytes: v.content.length,
      // evidence is kept with the record: a date far enough never to be swept as expired
      expires_at: new Date('9999-12-31T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findEvidence(
  db: Executor,
  id: number,
  scope: string[],
): Promise<
  | { id: number; name: string; content_type: string; content: Buffer | null; org_path: string | null }
  | undefined
> {
  return db
    .selectFrom('files')
    .select(['id', 'name', 'content_type', 'content', 'org_path'])
    .where('id', '=', id)
    .where('kind', '=', 'development.evidence')
    .where((eb) => inScope(eb, 'files.org_path', scope))
    .executeTakeFirst();
}

/** The lowest active 党委 strictly above an organization: where P10, P12 and P15 are decided. */
export async function higherCommittee(db: Executor, orgPath: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'path'])
    .where('type', '=', 'committee')
    .where('status', '=', 'active')
    .where('path', '<>', orgPath)
    .where(sql<boolean>`starts_with(${orgPath}, orgs.path)`)
    .orderBy('depth', 'desc')
    .limit(1)
    .executeTakeFirst();
}
