import { namePinyin, normalizeForSearch, type RoleCode } from '@honglian/domain';
import { sql } from 'kysely';
import { seedCaseDemo } from '../modules/cases/demo.ts';
import { orgSearchForms } from '../modules/orgs/service.ts';
import { audit } from '../platform/audit.ts';
import { hashPassword } from '../platform/auth.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import type { Database } from '../platform/db/database.ts';
import { loadDemoActivities } from './activities.ts';
import { loadDemoAlliances } from './alliances.ts';
import { loadDemoBulletins } from './bulletins.ts';
import { loadDemoCases } from './cases.ts';
import { loadDemoDevelopment } from './development.ts';
import { loadDemoDues } from './dues.ts';
import { type GeneratedCity, generateCity } from './generate.ts';
import { loadDemoLearning } from './learning.ts';
import { loadDemoLiaison } from './liaison.ts';
import { loadDemoOrglife } from './orglife.ts';
import { loadDemoOrgSetup } from './orgsetup.ts';
import { loadDemoPairing } from './pairing.ts';
import { loadDemoPolicies } from './policies.ts';
import { loadDemoProjects } from './projects.ts';
import { loadDemoProperty } from './property.ts';
import { loadDemoStations } from './stations.ts';

export const DEMO_PASSWORD = 'Honglian@2026';

/** The demo accounts of API.md, each bound to the org its story needs. */
export const DEMO_ACCOUNTS: Array<{
  username: string;
  displayName: string;
  home: string;
  roles: Array<{ role: RoleCode; org: string }>;
  /** The name of the member record this account belongs to. */
  member?: string;
  memberGender?: 'male' | 'female';
}> = [
  {
    username: 'admin',
    displayName: '市委组织部管理员',
    home: 'xiamen',
    roles: ['xiamen', 'longyan', 'jinjiang', 'xiushui', 'fuan', 'penglai', 'yunfu', 'donghu', 'fuzhou'].map(
      (org) => ({
        role: 'org_admin' as const,
        org,
      }),
    ),
  },
  {
    username: 'district',
    displayName: '湖里区委组织部（两新工委）',
    home: 'huli',
    roles: [{ role: 'org_admin', org: 'huli' }],
  },
  {
    username: 'secretary',
    displayName: '林晓东（支部书记）',
    home: 'secretary-branch',
    roles: [{ role: 'branch_admin', org: 'secretary-branch' }],
    member: '林晓东',
    memberGender: 'male',
  },
  {
    username: 'member',
    displayName: '陈嘉怡（党员）',
    home: 'secretary-branch',
    roles: [{ role: 'member', org: 'secretary-branch' }],
    member: '陈嘉怡',
    memberGender: 'female',
  },
  {
    username: 'enterprise',
    displayName: '鹭岛智造 企业联络员',
    home: 'secretary-branch',
    roles: [{ role: 'enterprise', org: 'secretary-branch' }],
  },
  {
    username: 'resident',
    displayName: '黄师傅（外卖骑手）',
    home: 'resident-community',
    roles: [{ role: 'resident', org: 'resident-community' }],
  },
  {
    username: 'handler',
    displayName: '湖里区市场监管局 办理员',
    home: 'handler',
    roles: [{ role: 'handler', org: 'handler' }],
  },
  {
    username: 'grid',
    displayName: '兴隆社区第一网格 网格员',
    home: 'grid',
    roles: [{ role: 'grid_worker', org: 'grid' }],
  },
  {
    username: 'chain',
    displayName: '龙岩金铜产业链综合党委办公室',
    home: 'chain',
    roles: [{ role: 'chain_admin', org: 'chain' }],
  },
];

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Writes a generated city with explicit ids in a few set-based statements (chunked inserts). */
export async function insertCity(db: Executor, city: GeneratedCity): Promise<void> {
  const now = clock.now();
  // orgs reference units and units reference orgs: insert units without their org first
  for (const part of chunks(city.units, 2000)) {
    await db
      .insertInto('units')
      .values(
        part.map((u) => ({
          id: u.id,
          name: u.name,
          name_search: normalizeForSearch(u.name),
          kind: u.kind,
          credit_code: u.creditCode,
          region_code: u.regionCode,
          industry: u.industry,
          employees: u.employees,
          org_id: null,
          updated_at: now,
        })),
      )
      .execute();
  }
  for (const part of chunks(city.orgs, 2000)) {
    await db
      .insertInto('orgs')
      .values(
        part.map((o) => ({
          id: o.id,
          parent_id: o.parentId,
          path: o.path,
          depth: o.depth,
          name: o.name,
          ...orgSearchForms(o.name),
          type: o.type,
          region_code: o.regionCode,
          unit_id: o.unitId,
          established_on: o.establishedOn,
          updated_at: now,
        })),
      )
      .execute();
  }
  // one statement sets every unit's managing org
  const pairs = city.units.filter((u) => u.orgId !== null);
  for (const part of chunks(pairs, 5000)) {
    await sql`update units set org_id = v.org_id from (select unnest(${part.map((u) => u.id)}::bigint[]) as id, unnest(${part.map((u) => u.orgId)}::bigint[]) as org_id) v where units.id = v.id`.execute(
      db,
    );
  }
  for (const part of chunks(city.members, 2000)) {
    await db
      .insertInto('members')
      .values(
        part.map((m) => ({
          org_id: m.orgId,
          region_code: m.regionCode,
          name: m.name,
          name_search: normalizeForSearch(m.name),
          name_pinyin: namePinyin(m.name).pinyin,
          name_initials: namePinyin(m.name).initials,
          id_number: m.idNumber,
          gender: m.gender,
          birth_date: m.birthDate,
          phone: m.phone,
          joined_on: m.joinedOn,
          stage: m.stage,
          full_member_on: m.fullMemberOn,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['id_number', 'region_code']).doNothing())
      .execute();
  }
  await sql`select setval(pg_get_serial_sequence('orgs', 'id'), (select coalesce(max(id), 1) from orgs))`.execute(
    db,
  );
  await sql`select setval(pg_get_serial_sequence('units', 'id'), (select coalesce(max(id), 1) from units))`.execute(
    db,
  );
}

export async function createDemoAccounts(db: Executor, city: GeneratedCity): Promise<void> {
  const byKey = new Map(city.orgs.filter((o) => o.key).map((o) => [o.key!, o]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    const home = byKey.get(account.home);
    if (!home) throw new Error(`demo org ${account.home} missing`);
    const user = await db
      .insertInto('users')
      .values({
        username: account.username,
        display_name: account.displayName,
        password_hash: passwordHash,
        org_id: home.id,
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_bindings')
      .values(account.roles.map((r) => ({ user_id: user.id, role: r.role, org_id: byKey.get(r.org)!.id })))
      .execute();
    if (account.member) {
      // the demo member's own record: the first member of the branch takes the account's name; a
      // branch secretary's is a full member (the branch's 书记 in its 班子, see orgsetup.ts)
      const leads = account.roles.some((r) => r.role === 'branch_admin');
      const record = await db
        .selectFrom('members')
        .select('id')
        .where('org_id', '=', home.id)
        .where('user_id', 'is', null)
        .where('gender', '=', account.memberGender ?? 'male')
        .$if(leads, (q) => q.where('stage', '=', 'full'))
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      const { pinyin, initials } = namePinyin(account.member);
      await db
        .updateTable('members')
        .set({
          name: account.member,
          name_search: normalizeForSearch(account.member),
          name_pinyin: pinyin,
          name_initials: initials,
          user_id: user.id,
        })
        .where('id', '=', record.id)
        .execute();
    }
  }
}

/** On an empty database: the demo city and accounts. Returns what it loaded, or null if there was data. */
export async function loadDemoIfEmpty(
  database: Database,
  scale = 1,
): Promise<{ orgs: number; units: number; members: number } | null> {
  return database.db.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('orgs')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    if (n > 0) return null;
    const city = generateCity(scale, { today: clock.today() });
    await insertCity(trx, city);
    await createDemoAccounts(trx, city);
    await loadDemoOrgSetup(trx, city);
    await seedCaseDemo(trx);
    await loadDemoDevelopment(trx, city);
    await loadDemoDues(trx);
    // before the orglife sweep, so its J1 findings are there
    await loadDemoProjects(trx, city);
    await loadDemoOrglife(trx);
    await loadDemoStations(trx);
    await loadDemoActivities(trx);
    await loadDemoCases(trx);
    await loadDemoProperty(trx);
    await loadDemoPolicies(trx);
    await loadDemoAlliances(trx, city);
    await loadDemoLiaison(trx, city);
    await loadDemoBulletins(trx, city);
    await loadDemoLearning(trx);
    await loadDemoPairing(trx);
    const summary = { orgs: city.orgs.length, units: city.units.length, members: city.members.length };
    await audit(
      trx,
      { system: '系统（演示数据）' },
      { action: 'demo.load', entityType: 'system', entityId: null, orgPath: '/1/', after: summary },
    );
    return summary;
  });
}
