import { addDays } from '@honglian/domain';
import { InAppChannel } from '../modules/compliance/channels.ts';
import { deliverPolicyPushes } from '../modules/policies/pushes.ts';
import { createPolicy, setFacts } from '../modules/policies/service.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import { contextOf } from './development.ts';

/**
 * Demo policies for enterprises (issue 13): 湖里's items of the kinds seed 000 names (招商, 人才, 科技创新,
 * MicroLED/信创/新能源/新材料, 台胞 services), as clearly fictional documents (文号 marked 演示), kept by the
 * district and decided by the 市场监督管理局 (the demo `handler`). The demo enterprise (鹭岛智造) keeps
 * its own facts and leaves its R&D spend out on purpose, so its phone page asks for it; the other
 * enterprises of 湖里 have facts recorded by the district, some missing on purpose. All through the
 * module's services, so every match is stored as the matcher stores it.
 */
const CLAUSE_REGION = { article: '第二条', text: '本办法适用于在湖里区注册登记、依法纳税的企业。' };

const POLICIES = [
  {
    title: '湖里区科技创新企业研发费用补助（演示）',
    docNumber: '厦湖工信〔2026〕演1号',
    issuer: '湖里区工业和信息化局',
    benefit: '按上年研发费用的 10% 给予补助，最高 50 万元',
    maxAmountFen: 50_000_000,
    materials: ['研发费用专项审计报告', '高新技术企业证书或科技型中小企业入库证明'],
    clauses: [
      CLAUSE_REGION,
      { article: '第三条', text: '申报企业应为高新技术企业或科技型中小企业。' },
      { article: '第四条', text: '申报企业上年度研发费用不低于 100 万元。' },
    ],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        {
          any: [
            { fact: 'qualifications', op: 'has', value: 'high_tech', clause: '第三条' },
            { fact: 'qualifications', op: 'has', value: 'tech_sme', clause: '第三条' },
          ],
        },
        { fact: 'rdExpenseFen', op: 'gte', value: 100_000_000, clause: '第四条' },
      ],
    },
  },
  {
    title: '湖里区新一代信息技术（MicroLED、信创）产业扶持（演示）',
    docNumber: '厦湖工信〔2026〕演2号',
    issuer: '湖里区工业和信息化局',
    benefit: '按新增设备投资的 8% 给予补助，最高 200 万元',
    maxAmountFen: 200_000_000,
    materials: ['设备购置发票', '项目备案证明'],
    clauses: [
      CLAUSE_REGION,
      { article: '第三条', text: '申报企业主营计算机、通信和其他电子设备制造业（GB/T 4754 C39）。' },
      { article: '第四条', text: '申报企业从业人员不少于 20 人，且注册满一年。' },
    ],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        { fact: 'industryCode', op: 'prefix', value: 'C39', clause: '第三条' },
        { fact: 'employees', op: 'gte', value: 20, clause: '第四条' },
        { fact: 'registeredOn', op: 'yearsSinceGte', value: 1, clause: '第四条' },
      ],
    },
  },
  {
    title: '湖里区新能源、新材料企业落地奖励（演示）',
    docNumber: '厦湖商〔2026〕演3号',
    issuer: '湖里区商务局',
    benefit: '落地三年内按地方财政贡献给予奖励',
    maxAmountFen: null,
    materials: ['营业执照', '纳税证明'],
    clauses: [
      CLAUSE_REGION,
      {
        article: '第三条',
        text: '申报企业属于电气机械和器材制造业（C38）、化学原料和化学制品制造业（C26）或非金属矿物制品业（C30）。',
      },
      { article: '第五条', text: '申报企业注册登记不超过三年。' },
    ],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        {
          any: [
            { fact: 'industryCode', op: 'prefix', value: 'C38', clause: '第三条' },
            { fact: 'industryCode', op: 'prefix', value: 'C26', clause: '第三条' },
            { fact: 'industryCode', op: 'prefix', value: 'C30', clause: '第三条' },
          ],
        },
        { fact: 'registeredOn', op: 'yearsSinceLte', value: 3, clause: '第五条' },
      ],
    },
  },
  {
    title: '湖里区台资企业服务“一件事”补贴（演示）',
    docNumber: '厦湖台〔2026〕演4号',
    issuer: '湖里区台港澳事务办公室',
    benefit: '台资企业首次招用台湾青年，每人补贴 1 万元',
    maxAmountFen: 1_000_000,
    materials: ['劳动合同', '台胞证复印件'],
    clauses: [CLAUSE_REGION, { article: '第三条', text: '申报企业为台资企业。' }],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        { fact: 'qualifications', op: 'has', value: 'taiwan_funded', clause: '第三条' },
      ],
    },
  },
  {
    title: '湖里区专精特新企业奖励（免申即享，演示）',
    docNumber: '厦湖工信〔2026〕演5号',
    issuer: '湖里区工业和信息化局',
    mode: 'automatic' as const,
    benefit: '新认定的专精特新企业一次性奖励 20 万元，无需申报',
    maxAmountFen: 20_000_000,
    materials: [],
    clauses: [CLAUSE_REGION, { article: '第三条', text: '经认定的专精特新中小企业。' }],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        { fact: 'qualifications', op: 'has', value: 'specialized_new', clause: '第三条' },
      ],
    },
  },
  {
    title: '湖里区两新组织党建示范点扶持（演示）',
    docNumber: '湖两新〔2026〕演6号',
    issuer: '中共厦门市湖里区委组织部',
    benefit: '党建工作经费补助 3 万元',
    maxAmountFen: 3_000_000,
    materials: ['党组织成立批复'],
    clauses: [
      CLAUSE_REGION,
      { article: '第三条', text: '企业已建立党组织。' },
      { article: '第四条', text: '企业从业人员 50 人以上。' },
    ],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        { fact: 'hasPartyOrg', op: 'eq', value: true, clause: '第三条' },
        { fact: 'employees', op: 'gte', value: 50, clause: '第四条' },
      ],
    },
  },
  {
    title: '湖里区企业人才公寓配租（演示）',
    docNumber: '厦湖人社〔2026〕演7号',
    issuer: '湖里区人力资源和社会保障局',
    benefit: '按市场租金的 50% 配租人才公寓',
    maxAmountFen: null,
    materials: ['人才名单', '社保缴纳证明'],
    clauses: [
      CLAUSE_REGION,
      { article: '第三条', text: '企业从业人员 10 人以上，上年营业收入 500 万元以上。' },
    ],
    criteria: {
      all: [
        { fact: 'regionCode', op: 'prefix', value: '350206', clause: '第二条' },
        { fact: 'employees', op: 'gte', value: 10, clause: '第三条' },
        { fact: 'annualRevenueFen', op: 'gte', value: 500_000_000, clause: '第三条' },
      ],
    },
  },
];

const INDUSTRY_CODES: Record<string, string> = {
  电子设备制造业: 'C3976',
  软件和信息技术服务业: 'I6510',
  批发和零售业: 'F5191',
  交通运输和仓储业: 'G5434',
  建筑业: 'E4710',
  房地产业: 'K7010',
  租赁和商务服务业: 'L7212',
  科学研究和技术服务业: 'M7320',
};

export async function loadDemoPolicies(db: Executor): Promise<{ policies: number; enterprises: number }> {
  const district = await contextOf(db, 'district');
  const enterprise = await contextOf(db, 'enterprise');
  if (!district || !enterprise) return { policies: 0, enterprises: 0 };
  const decide = await db
    .selectFrom('orgs')
    .innerJoin('users', 'users.org_id', 'orgs.id')
    .select(['orgs.id', 'orgs.path'])
    .where('users.username', '=', 'handler')
    .executeTakeFirst();
  const huli = district.actor.bindings[0]!;
  for (const p of POLICIES) {
    await createPolicy(db, district, {
      regionCode: '350206',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      status: 'effective',
      mode: 'apply',
      ...p,
      ...(decide && p.mode !== 'automatic' ? { decideOrgId: decide.id } : {}),
    });
  }
  // the demo enterprise keeps its own facts: its R&D spend is left out on purpose
  const own = await db
    .selectFrom('orgs')
    .select('unit_id')
    .where('id', '=', enterprise.actor.orgId ?? 0)
    .executeTakeFirst();
  if (own?.unit_id)
    await setFacts(db, enterprise, own.unit_id, {
      facts: {
        regionCode: '350206',
        industryCode: 'C3976',
        employees: 120,
        annualRevenueFen: 8_000_000_000,
        registeredOn: '2018-06-18',
        qualifications: ['high_tech', 'sme'],
        hasPartyOrg: true,
      },
    });
  // the district records the other enterprises of 湖里; every fourth leaves a fact out
  const units = await db
    .selectFrom('units')
    .innerJoin('orgs', 'orgs.id', 'units.org_id')
    .select(['units.id', 'units.industry', 'units.employees'])
    .where('units.kind', '=', 'enterprise')
    .where('orgs.path', 'like', `${huli.orgPath}%`)
    .where('units.id', '<>', own?.unit_id ?? 0)
    .orderBy('units.id')
    .execute();
  let i = 0;
  for (const u of units) {
    i++;
    const employees = u.employees ?? 5 + ((i * 37) % 400);
    const facts: Record<string, unknown> = {
      regionCode: '350206',
      industryCode: INDUSTRY_CODES[u.industry ?? ''] ?? ['C3976', 'C3841', 'C2662', 'I6520'][i % 4],
      employees,
      annualRevenueFen: employees * (300_000 + ((i * 7919) % 900_000)) * 100,
      rdExpenseFen: employees * ((i * 104_729) % 20_000) * 100,
      registeredOn: `${2010 + (i % 16)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      qualifications: [
        'sme',
        ...(i % 5 === 0 ? ['high_tech'] : []),
        ...(i % 7 === 0 ? ['specialized_new'] : []),
        ...(i % 6 === 0 ? ['tech_sme'] : []),
        ...(i % 9 === 0 ? ['taiwan_funded'] : []),
      ],
      hasPartyOrg: i % 3 !== 0,
    };
    if (i % 4 === 0)
      delete facts[['rdExpenseFen', 'qualifications', 'employees', 'registeredOn'][(i / 4) % 4]!];
    await setFacts(db, district, u.id, { facts });
  }
  // every enterprise was told yesterday what it qualifies for, within its cap (decision 0023), so today's
  // cap is free for what a visitor makes eligible; the inbox only, as the demo city has no outside channel
  const yesterday = addDays(clock.today(), -1);
  await clock.at(new Date(`${yesterday}T10:00:00+08:00`), () =>
    deliverPolicyPushes(db, [new InAppChannel()]),
  );
  // delivered here, so the delivery job the matching queued has nothing left to do: not left in the queue
  await db.deleteFrom('jobs').where('name', '=', 'policies.push').where('state', '=', 'queued').execute();
  return { policies: POLICIES.length, enterprises: units.length + 1 };
}
