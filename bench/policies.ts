// npm run bench:policies -- --engine=postgres|pglite [--enterprises=22485] [--policies=215]
// Huli's 亲清一家人 (seed 000): 22,485 registered enterprises and 215 policy items. Generates that many
// enterprises with their facts (some missing on purpose) and that many policies with 2–5 criteria over
// them, then times the full match (every enterprise × every policy in force, stored with its outcomes)
// and the incremental re-match of one enterprise after one of its facts changes, through the module's
// own functions (server/src/modules/policies/matching.ts). The last line is the JSON API.md fixes.
import os from 'node:os';
import { type Criteria, type CriteriaNode, todayInShanghai } from '@honglian/domain';
import { sql } from 'kysely';
import { matchAll, rematchEnterprise } from '../server/src/modules/policies/matching.ts';
import { writeFacts } from '../server/src/modules/policies/repository.ts';
import { systemNow } from '../server/src/platform/clock.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { arg, benchDatabase, machine, measure, round, time, writeSection } from './lib.ts';

const engine = arg('engine', 'postgres');
const ENTERPRISES = Number(arg('enterprises', '22485'));
const POLICIES = Number(arg('policies', '215'));
const write = arg('write', 'true') !== 'false';

/** A small deterministic generator: the same data every run. */
let seed = 13;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number) => rnd() < p;

// Huli's industries of seed 000 (MicroLED, 信创, new energy, new materials) and the usual service ones
const INDUSTRIES = [
  'C3976',
  'C3971',
  'C3911',
  'I6510',
  'I6520',
  'C3841',
  'C2662',
  'C3099',
  'M7320',
  'F5191',
  'G5434',
  'E4710',
  'K7010',
  'L7212',
];
const REGIONS = ['350206', '350206', '350206', '350206', '350203', '350205'];

function facts(): Record<string, unknown> {
  const employees = Math.max(1, Math.round(Math.exp(rnd() * 7)));
  const revenue = employees * Math.round((200_000 + rnd() * 1_800_000) * 100);
  const f: Record<string, unknown> = {
    regionCode: pick(REGIONS),
    industryCode: pick(INDUSTRIES),
    employees,
    annualRevenueFen: revenue,
    rdExpenseFen: Math.round(revenue * rnd() * 0.08),
    registeredOn: `${1995 + Math.floor(rnd() * 31)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
    qualifications: [
      ...(chance(0.7) ? ['sme'] : []),
      ...(chance(0.08) ? ['high_tech'] : []),
      ...(chance(0.04) ? ['specialized_new'] : []),
      ...(chance(0.15) ? ['tech_sme'] : []),
      ...(chance(0.1) ? ['chain_member'] : []),
      ...(chance(0.03) ? ['taiwan_funded'] : []),
    ],
    hasPartyOrg: chance(0.3),
  };
  // some facts missing on purpose: an enterprise that has not said yet
  for (const k of Object.keys(f))
    if (k !== 'regionCode' && chance(k === 'rdExpenseFen' ? 0.2 : 0.06)) delete f[k];
  return f;
}

function policyCriteria(i: number): Criteria {
  const leaves: CriteriaNode[] = [];
  const clause = (n: number) => `第${n}条`;
  // nearly every item targets an industry (a section or a division) or a qualification
  if (i % 3 !== 2)
    leaves.push({
      fact: 'industryCode',
      op: 'prefix',
      value: pick(INDUSTRIES).slice(0, chance(0.5) ? 3 : 2),
      clause: clause(3),
    });
  else
    leaves.push({
      any: [
        { fact: 'qualifications', op: 'has', value: 'high_tech', clause: clause(3) },
        { fact: 'qualifications', op: 'has', value: 'specialized_new', clause: clause(3) },
      ],
    });
  const extra = [
    { fact: 'employees', op: 'gte', value: pick([10, 20, 50, 100]), clause: clause(4) },
    { fact: 'employees', op: 'lte', value: 300, clause: clause(4) },
    {
      fact: 'annualRevenueFen',
      op: 'gte',
      value: pick([5_000_000_00, 20_000_000_00, 100_000_000_00]),
      clause: clause(4),
    },
    { fact: 'rdExpenseFen', op: 'gte', value: pick([1_000_000_00, 3_000_000_00]), clause: clause(5) },
    {
      fact: 'qualifications',
      op: 'has',
      value: pick(['tech_sme', 'chain_member', 'sme', 'taiwan_funded']),
      clause: clause(5),
    },
    {
      fact: 'registeredOn',
      op: pick(['yearsSinceGte', 'yearsSinceLte']),
      value: pick([1, 3, 5]),
      clause: clause(6),
    },
    { fact: 'hasPartyOrg', op: 'eq', value: true, clause: clause(6) },
  ] as const;
  const n = 1 + Math.floor(rnd() * 4);
  const used = new Set<number>();
  while (used.size < n) used.add(Math.floor(rnd() * extra.length));
  for (const k of used) leaves.push({ ...extra[k]! } as CriteriaNode);
  return { all: [{ fact: 'regionCode', op: 'prefix', value: '350206', clause: clause(2) }, ...leaves] };
}

const database = await benchDatabase(engine);
try {
  await migrate(database);
  const db = database.db;
  const today = todayInShanghai(systemNow());
  const now = systemNow();
  const load = await time(async () => {
    const org = await db
      .insertInto('orgs')
      .values({
        region_code: '350206',
        path: '/1/',
        depth: 0,
        name: '湖里区委',
        name_search: '湖里区委',
        type: 'committee',
        parent_id: null,
        updated_at: now,
        id: 1,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < ENTERPRISES; i += 5000) {
      const n = Math.min(5000, ENTERPRISES - i);
      await sql`insert into units (id, region_code, name, name_search, kind, org_id, updated_at)
        select g, '350206', '企业' || g, '企业' || g, 'enterprise', ${org.id}, ${now}
        from generate_series(${i + 1}::int, ${i + n}::int) g`.execute(db);
    }
    const writes = [];
    for (let u = 1; u <= ENTERPRISES; u++)
      for (const [key, value] of Object.entries(facts()))
        writes.push({ unitId: u, key, value, source: 'import' as const, asOf: today, recordedBy: null });
    await writeFacts(db, writes, now);
    const policies = Array.from({ length: POLICIES }, (_, i) => ({
      region_code: '350206',
      org_id: org.id,
      org_path: '/1/',
      title: `湖里区政策事项 ${i + 1}（虚构）`,
      doc_number: `厦湖政〔2026〕${i + 1}号`,
      issuer: '湖里区人民政府',
      effective_from: '2020-01-01',
      effective_to: null,
      materials: '[]',
      clauses: JSON.stringify([2, 3, 4, 5, 6].map((n) => ({ article: `第${n}条`, text: `条款${n}` }))),
      criteria: JSON.stringify(policyCriteria(i)),
      max_amount_fen: null,
      superseded_by: null,
      decide_org_id: null,
      created_by: null,
      updated_at: now,
    }));
    const ids = await db
      .insertInto('policies')
      .values(policies)
      .returning(['id', 'title', 'clauses', 'criteria'])
      .execute();
    await db
      .insertInto('policy_versions')
      .values(
        ids.map((p) => ({
          policy_id: p.id,
          version: 1,
          title: p.title,
          clauses: JSON.stringify(p.clauses),
          criteria: JSON.stringify(p.criteria),
          created_by: null,
        })),
      )
      .execute();
  });
  await sql`analyze`.execute(db);
  // a warm-up full match (the first run compiles the criteria and warms the caches), then the timed ones
  // the first one also finds every eligible pair newly eligible: the worst case of push detection
  const first = await db.transaction().execute((trx) => matchAll(trx, today, systemNow()));
  const runs: number[] = [];
  const detects: number[] = [];
  let figures: Awaited<ReturnType<typeof matchAll>> = {
    enterprises: 0,
    policies: 0,
    stored: 0,
    eligiblePairs: 0,
    pushes: 0,
  };
  for (let r = 0; r < 3; r++) {
    const t = await time(() => db.transaction().execute((trx) => matchAll(trx, today, systemNow())));
    runs.push(t.ms);
    detects.push(t.value.ms?.detect ?? 0);
    figures = t.value;
  }
  runs.sort((a, b) => a - b);
  detects.sort((a, b) => a - b);
  const matchMs = runs[1]!;
  const counts = await db
    .selectFrom('policy_matches')
    .select([
      sql<number>`count(*) filter (where result = 'eligible')::int`.as('eligible'),
      sql<number>`count(*) filter (where result = 'unknown')::int`.as('unknown'),
    ])
    .executeTakeFirstOrThrow();
  // the incremental re-match: one enterprise's fact changes, its matches are redone in the same transaction
  let k = 0;
  const incremental = await measure(20, () =>
    db.transaction().execute(async (trx) => {
      const unit = 1 + ((k++ * 7919) % ENTERPRISES);
      await writeFacts(
        trx,
        [
          {
            unitId: unit,
            key: 'employees',
            value: 10 + (k % 300),
            source: 'staff',
            asOf: today,
            recordedBy: null,
          },
        ],
        systemNow(),
      );
      await rematchEnterprise(trx, unit, '350206', today, systemNow());
    }),
  );
  const result = {
    enterprises: figures.enterprises,
    policies: figures.policies,
    engine,
    matchSeconds: Math.round(matchMs) / 1000,
    eligiblePairs: figures.eligiblePairs,
    storedPairs: figures.stored,
    unknownPairs: counts.unknown,
    incrementalMs: incremental.medianMs,
    incrementalMaxMs: incremental.maxMs,
    ...figures.ms,
    pushDetectMs: detects[1],
    firstPushDetectMs: first.ms?.detect,
    firstPushes: first.pushes,
  };
  if (write)
    writeSection(
      `policies:${engine}`,
      `### 政策云配：全量匹配与单个企业的增量匹配 — ${engine === 'pglite' ? '内嵌 PGlite' : 'PostgreSQL'} (${today})

Machine: ${machine()}. Command: \`npm run bench:policies -- --engine=${engine}\`.
Load average at the end of the run: ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores${(os.loadavg()[0] ?? 0) > os.cpus().length ? ' (other work shared the machine: the figures are stretched)' : ' (a quiet machine)'}.
Data (generated, deterministic): ${figures.enterprises} enterprises with their facts (6–20% of each fact missing on purpose),
${figures.policies} policies in force with 2–6 criteria each (loaded in ${round(load.ms)} ms).

| what | result |
|---|---|
| full match (every enterprise × every policy, stored), median of 3 after a warm-up | ${round(matchMs)} ms |
| of which: reading facts and policies / deciding every pair / writing the stored pairs / detecting pushes | ${figures.ms?.read} / ${figures.ms?.decide} / ${figures.ms?.write} / ${figures.ms?.detect} ms |
| pairs decided | ${figures.enterprises * figures.policies} |
| pairs stored (eligible + unknown; a plain ineligible pair is not stored, decision 0018) | ${figures.stored} |
| eligible / unknown | ${counts.eligible} / ${counts.unknown} |
| incremental re-match of one enterprise after a fact changes (write + re-match, median / max of 20) | ${incremental.medianMs} / ${incremental.maxMs} ms |
| push detection in a full match (eligible pairs before vs after, recording the newly eligible; decision 0023), median of 3, nothing new | ${detects[1]} ms |
| push detection in the first full match, every eligible pair new (${first.pushes} pushes recorded) | ${first.ms?.detect} ms |
`,
    );
  console.log(JSON.stringify(result));
} finally {
  await database.drop();
}
