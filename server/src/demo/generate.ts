import { addCalendarMonths, addDays, makeCreditCode, makeIdNumber } from '@honglian/domain';
import { clock } from '../platform/clock.ts';

/**
 * Generates a believable (and clearly fictional) set of organizations, units and members drawn from
 * the seed articles: Xiamen (湖里, 火炬高新区, 思明, 同安), Longyan's industry chains, Jinjiang's
 * development zone, Xiushui, Fu'an (青拓 and the stainless-steel chain), Penglai's offshore-equipment
 * chain, Yunfu's riders and Donghu's non-public enterprises.
 *
 * The same code feeds `npm start` (scale 1, a few hundred organizations) and the benchmarks (scale
 * chosen to reach a Xiamen-sized city). Deterministic: the same scale and day give the same data.
 *
 * Membership dates are true to the day the city is generated for (`today`, the clock's by default): a
 * 预备党员 joined within the last year (the probationary period is one year), a 正式党员 joined more
 * than a year ago and became a full member one year after joining (转正日期).
 */
export interface OrgSeed {
  id: number;
  parentId: number | null;
  path: string;
  depth: number;
  name: string;
  type: 'committee' | 'general_branch' | 'branch' | 'joint_branch' | 'temporary_branch' | 'functional';
  regionCode: string;
  unitId: number | null;
  establishedOn: string;
  /** A stable handle for the demo accounts. */
  key?: string;
}

export interface UnitSeed {
  id: number;
  name: string;
  kind:
    | 'enterprise'
    | 'government'
    | 'public_institution'
    | 'community'
    | 'village'
    | 'school'
    | 'social_org';
  creditCode: string | null;
  regionCode: string;
  industry: string | null;
  employees: number | null;
  orgId: number | null;
}

export interface MemberSeed {
  orgId: number;
  regionCode: string;
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  phone: string;
  joinedOn: string;
  stage: 'probationary' | 'full';
  /** 转正日期: one year after joining; null for a 预备党员. */
  fullMemberOn: string | null;
}

export interface GeneratedCity {
  orgs: OrgSeed[];
  units: UnitSeed[];
  members: MemberSeed[];
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文庄洪',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志海峰斌丹宇浩凯晨欣怡婷雪琳梅宁博文嘉俊佳颖慧晓东旭阳振兴荣昌福安鑫源瑞祥泽宏',
];
const INDUSTRIES = [
  '软件和信息技术服务业',
  '电子设备制造业',
  '专用设备制造业',
  '批发和零售业',
  '交通运输和仓储业',
  '建筑业',
  '有色金属冶炼',
  '新能源',
  '文化旅游',
  '物业管理',
];
const ENTERPRISE_WORDS = [
  '智造',
  '科技',
  '新材料',
  '电子',
  '物流',
  '信息',
  '精密',
  '海洋',
  '能源',
  '供应链',
  '医疗器械',
  '光电',
];
const BRAND_WORDS = [
  '鹭岛',
  '嘉禾',
  '筼筜',
  '五缘',
  '海沧',
  '鼓浪',
  '天马',
  '云顶',
  '闽西',
  '汀江',
  '紫云',
  '聚能',
  '恒通',
  '宏远',
  '瑞丰',
  '晋华',
  '东海',
  '蓬瀛',
  '南粤',
  '赣鄱',
  '豫章',
];

interface Builder {
  orgs: OrgSeed[];
  units: UnitSeed[];
  members: MemberSeed[];
  random: () => number;
  creditSerial: number;
  today: string;
}

function pick<T>(b: Builder, list: readonly T[]): T {
  return list[Math.floor(b.random() * list.length)]!;
}

function date(b: Builder, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(b.random() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(b.random() * 12);
  const d = 1 + Math.floor(b.random() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function addOrg(
  b: Builder,
  parent: OrgSeed | null,
  name: string,
  type: OrgSeed['type'],
  regionCode: string,
  extra: { unitId?: number | null; key?: string } = {},
): OrgSeed {
  const id = b.orgs.length + 1;
  const org: OrgSeed = {
    id,
    parentId: parent?.id ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
    depth: parent ? parent.depth + 1 : 0,
    name,
    type,
    regionCode,
    unitId: extra.unitId ?? null,
    establishedOn: date(b, 1995, 2024),
    ...(extra.key ? { key: extra.key } : {}),
  };
  b.orgs.push(org);
  return org;
}

function addUnit(
  b: Builder,
  name: string,
  kind: UnitSeed['kind'],
  regionCode: string,
  orgId: number | null,
  industry?: string,
): UnitSeed {
  const id = b.units.length + 1;
  let creditCode: string | null = null;
  if (kind === 'enterprise' || kind === 'social_org') {
    // 91 = enterprise registered with market regulation (51 = social organization), then the region,
    // then a 9-character organization code made from a serial number (fictional)
    const head = kind === 'enterprise' ? '91' : '51';
    const serial = String(b.creditSerial++).padStart(8, '0');
    creditCode = makeCreditCode(`${head}${regionCode}${serial}0`.slice(0, 17));
  }
  const unit: UnitSeed = {
    id,
    name,
    kind,
    creditCode,
    regionCode,
    industry: industry ?? (kind === 'enterprise' ? pick(b, INDUSTRIES) : null),
    employees:
      kind === 'enterprise'
        ? 10 + Math.floor(b.random() * 600)
        : kind === 'social_org'
          ? 30 + Math.floor(b.random() * 80)
          : null,
    orgId,
  };
  b.units.push(unit);
  return unit;
}

function addMembers(b: Builder, org: OrgSeed, count: number) {
  for (let i = 0; i < count; i++) {
    const birth = date(b, 1950, 2003);
    const seq = 1 + Math.floor(b.random() * 998);
    const idNumber = makeIdNumber(org.regionCode, birth, seq);
    const gender = seq % 2 === 1 ? 'male' : 'female';
    // the draws keep their order (name, phone, joining day, stage): the same seed gives the same people
    const name = pick(b, SURNAMES) + pick(b, GIVEN) + (b.random() < 0.6 ? pick(b, GIVEN) : '');
    // 170 numbers are a virtual-operator range: fictional on purpose
    const phone = `170${String(Math.floor(b.random() * 1e8)).padStart(8, '0')}`;
    const drawnJoin = date(b, Math.max(Number(birth.slice(0, 4)) + 18, 1975), 2025);
    const stage = b.random() < 0.06 ? 'probationary' : 'full';
    const joinedOn = membershipJoinedOn(b.today, stage, drawnJoin, seq);
    b.members.push({
      orgId: org.id,
      regionCode: org.regionCode,
      name,
      idNumber,
      gender,
      birthDate: birth,
      phone,
      joinedOn,
      stage,
      fullMemberOn: stage === 'full' ? addCalendarMonths(joinedOn, 12) : null,
    });
  }
}

/**
 * The day a generated member joined, true to `today`: a 预备党员 within the last 11 months (spread by
 * `seq`, drawing nothing more from the generator so the rest of the city stays the same); a 正式党员 on
 * the drawn day, moved back whole years while that is less than 13 months ago (a full member became one
 * a year after joining).
 */
export function membershipJoinedOn(
  today: string,
  stage: 'probationary' | 'full',
  drawn: string,
  seq: number,
): string {
  if (stage === 'probationary') return addDays(today, -(20 + ((seq * 37) % 310)));
  const latest = addCalendarMonths(today, -13);
  let joined = drawn;
  while (joined > latest) joined = addCalendarMonths(joined, -12);
  return joined;
}

/** An enterprise with its own branch (or a 党委 when it is large), its members. */
function enterpriseWithBranch(
  b: Builder,
  parent: OrgSeed,
  regionCode: string,
  name: string,
  opts: { committee?: boolean; key?: string; industry?: string; members?: number } = {},
) {
  const unit = addUnit(b, name, 'enterprise', regionCode, parent.id, opts.industry);
  const org = addOrg(
    b,
    parent,
    `${name}${opts.committee ? '委员会' : '支部委员会'}`
      .replace('有限公司委员会', '有限公司党委')
      .replace('有限公司支部委员会', '有限公司党支部'),
    opts.committee ? 'committee' : 'branch',
    regionCode,
    {
      unitId: unit.id,
      ...(opts.key ? { key: opts.key } : {}),
    },
  );
  if (opts.committee) {
    for (let i = 1; i <= 3; i++)
      addMembers(
        b,
        addOrg(b, org, `${name.replace('有限公司', '')}第${'一二三'[i - 1]}党支部`, 'branch', regionCode, {
          unitId: unit.id,
        }),
        8 + Math.floor(b.random() * 20),
      );
  } else {
    addMembers(b, org, opts.members ?? 3 + Math.floor(b.random() * 25));
  }
  return { unit, org };
}

function companyName(b: Builder, city: string): string {
  return `${city}${pick(b, BRAND_WORDS)}${pick(b, ENTERPRISE_WORDS)}有限公司`;
}

function communities(
  b: Builder,
  street: OrgSeed,
  regionCode: string,
  names: string[],
  scale: number,
  keys: Record<string, string> = {},
) {
  for (const n of names) {
    const unit = addUnit(b, `${n}社区居民委员会`, 'community', regionCode, street.id);
    const committee = addOrg(b, street, `中共${n}社区委员会`, 'committee', regionCode, {
      unitId: unit.id,
      ...(keys[n] ? { key: keys[n] } : {}),
    });
    const grids = Math.max(1, Math.round(2 * scale));
    for (let g = 1; g <= grids; g++) {
      const grid = addOrg(b, committee, `${n}社区第${g}网格党支部`, 'branch', regionCode, {
        unitId: unit.id,
        ...(keys[`${n}网格${g}`] ? { key: keys[`${n}网格${g}`] } : {}),
      });
      addMembers(b, grid, 8 + Math.floor(b.random() * 30));
    }
  }
}

function nonPublicEnterprises(b: Builder, parent: OrgSeed, regionCode: string, city: string, count: number) {
  for (let i = 0; i < count; i++) {
    if (b.random() < 0.15) {
      // small enterprises share a joint branch (联合党支部), at most 5 units (O2)
      const joint = addOrg(
        b,
        parent,
        `${city}${pick(b, BRAND_WORDS)}片区非公企业联合党支部`,
        'joint_branch',
        regionCode,
      );
      for (let u = 0; u < 3; u++) addUnit(b, companyName(b, city), 'enterprise', regionCode, joint.id);
      addMembers(b, joint, 4 + Math.floor(b.random() * 8));
    } else {
      enterpriseWithBranch(b, parent, regionCode, companyName(b, city));
    }
  }
}

/**
 * `scale` multiplies the demo's counts (1 = the demo: about 230 organizations and 3,000 members);
 * `targetOrgs` then adds non-public enterprise committees under Xiamen until the city has exactly that
 * many organizations (16,116 for Xiamen in seed 003).
 */
export function generateCity(
  scale = 1,
  options: { targetOrgs?: number; seed?: number; today?: string } = {},
): GeneratedCity {
  const seed = options.seed ?? 20_261_123;
  const b: Builder = {
    orgs: [],
    units: [],
    members: [],
    random: rng(seed),
    creditSerial: 1_000 + (seed % 1000),
    today: options.today ?? clock.today(),
  };
  const n = (base: number) => Math.max(1, Math.round(base * scale));

  // 厦门 (seed 003 厦门党建e家, seed 000 湖里 亲清一家人)
  const xiamen = addOrg(b, null, '中共厦门市委员会', 'committee', '350200', { key: 'xiamen' });
  const huli = addOrg(b, xiamen, '中共厦门市湖里区委员会', 'committee', '350206', { key: 'huli' });
  const huliNonPublic = addOrg(
    b,
    huli,
    '中共厦门市湖里区非公有制经济组织和社会组织工作委员会',
    'committee',
    '350206',
    { key: 'huli-liangxin' },
  );
  enterpriseWithBranch(b, huliNonPublic, '350206', '厦门鹭岛智造科技有限公司', {
    key: 'secretary-branch',
    industry: '电子设备制造业',
    members: 12,
  });
  nonPublicEnterprises(b, huliNonPublic, '350206', '厦门', n(12));
  const huliOrgans = addOrg(b, huli, '中共厦门市湖里区直属机关工作委员会', 'committee', '350206');
  for (const dept of ['市场监督管理局', '城市管理局', '工业和信息化局', '人力资源和社会保障局']) {
    const unit = addUnit(b, `厦门市湖里区${dept}`, 'government', '350206', huliOrgans.id);
    const org = addOrg(b, huliOrgans, `厦门市湖里区${dept}机关党支部`, 'branch', '350206', {
      unitId: unit.id,
      ...(dept === '市场监督管理局' ? { key: 'handler' } : {}),
    });
    addMembers(b, org, 15 + Math.floor(b.random() * 20));
  }
  for (const [street, names] of [
    ['殿前街道', ['兴隆', '高殿', '寨上']],
    ['江头街道', ['江头', '吕岭', '古楼']],
    ['禾山街道', ['枋湖', '后坑', '禾山']],
  ] as const) {
    const s = addOrg(b, huli, `中共厦门市湖里区${street}工作委员会`, 'committee', '350206');
    communities(b, s, '350206', [...names], scale, { 兴隆: 'resident-community', 兴隆网格1: 'grid' });
  }
  const torch = addOrg(b, xiamen, '中共厦门火炬高技术产业开发区工作委员会', 'committee', '350206', {
    key: 'torch',
  });
  const torchNonPublic = addOrg(b, torch, '中共厦门火炬高新区非公有制企业委员会', 'committee', '350206');
  enterpriseWithBranch(b, torchNonPublic, '350206', '厦门天马显示科技有限公司', {
    committee: true,
    industry: '电子设备制造业',
  });
  nonPublicEnterprises(b, torchNonPublic, '350206', '厦门', n(15));
  for (const [district, code, streets] of [
    ['思明区', '350203', ['鹭江街道', '厦港街道']],
    ['同安区', '350212', ['大同街道', '莲花镇']],
  ] as const) {
    const d = addOrg(b, xiamen, `中共厦门市${district}委员会`, 'committee', code);
    for (const s of streets) {
      const so = addOrg(
        b,
        d,
        `中共厦门市${district}${s}${s.endsWith('镇') ? '委员会' : '工作委员会'}`,
        'committee',
        code,
      );
      if (s === '莲花镇') {
        for (const v of ['上陵', '军营', '白交祠']) {
          const unit = addUnit(b, `${v}村民委员会`, 'village', code, so.id);
          addMembers(
            b,
            addOrg(b, so, `中共厦门市同安区莲花镇${v}村支部委员会`, 'branch', code, { unitId: unit.id }),
            20 + Math.floor(b.random() * 30),
          );
        }
      } else {
        communities(b, so, code, s === '鹭江街道' ? ['大同', '新填地'] : ['大学', '顶澳仔'], scale);
      }
    }
    nonPublicEnterprises(b, d, code, '厦门', n(8));
  }

  // 龙岩 (seed 000): industry-chain Party committees
  const longyan = addOrg(b, null, '中共龙岩市委员会', 'committee', '350800', { key: 'longyan' });
  for (const [chain, chainKey] of [
    ['金铜产业链综合党委', 'chain'],
    ['锂电新材料产业链党委', ''],
    ['新型显示产业链党委', ''],
    ['机械装备产业链党委', ''],
  ] as const) {
    const c = addOrg(
      b,
      longyan,
      `中共龙岩市${chain.replace('党委', '委员会')}`,
      'functional',
      '350800',
      chainKey ? { key: chainKey } : {},
    );
    if (chain.startsWith('金铜'))
      enterpriseWithBranch(b, c, '350800', '龙岩紫云金铜矿业有限公司', {
        committee: true,
        industry: '有色金属冶炼',
      });
    for (let i = 0; i < n(6); i++) enterpriseWithBranch(b, c, '350802', companyName(b, '龙岩'));
  }

  // 晋江经济开发区 (seed 002): 红色勤务员, 四好园区
  const jinjiang = addOrg(b, null, '中共晋江市委员会', 'committee', '350582', { key: 'jinjiang' });
  const zone = addOrg(b, jinjiang, '中共晋江经济开发区工作委员会', 'committee', '350582');
  nonPublicEnterprises(b, zone, '350582', '晋江', n(14));

  // 修水 (seed 001): 小事商议办、大事协同办、难事派单办
  const xiushui = addOrg(b, null, '中共修水县委员会', 'committee', '360424', { key: 'xiushui' });
  for (const town of ['义宁镇', '宁州镇', '渣津镇']) {
    const t = addOrg(b, xiushui, `中共修水县${town}委员会`, 'committee', '360424');
    for (let v = 1; v <= n(3); v++) {
      const unit = addUnit(b, `${town.replace('镇', '')}第${v}村民委员会`, 'village', '360424', t.id);
      addMembers(
        b,
        addOrg(b, t, `中共修水县${town}${town.replace('镇', '')}第${v}村支部委员会`, 'branch', '360424', {
          unitId: unit.id,
        }),
        15 + Math.floor(b.random() * 25),
      );
    }
  }

  // 福安 (seed 001): 不锈钢新材料产业链党委, 青拓, project temporary branches
  const fuan = addOrg(b, null, '中共福安市委员会', 'committee', '350981', { key: 'fuan' });
  const steel = addOrg(b, fuan, '中共福安市不锈钢新材料产业链委员会', 'functional', '350981');
  enterpriseWithBranch(b, steel, '350981', '青拓集团有限公司', { committee: true, industry: '有色金属冶炼' });
  for (let i = 0; i < n(8); i++) enterpriseWithBranch(b, steel, '350981', companyName(b, '福安'));
  for (let i = 1; i <= n(2); i++)
    addMembers(
      b,
      addOrg(b, steel, `福安湾坞不锈钢产业园第${i}期项目临时党支部`, 'temporary_branch', '350981'),
      5 + Math.floor(b.random() * 6),
    );

  // 蓬莱 (seed 004): 海工装备产业链党建联盟, 企业家之声
  const penglai = addOrg(b, null, '中共烟台市蓬莱区委员会', 'committee', '370614', { key: 'penglai' });
  const marine = addOrg(b, penglai, '中共烟台市蓬莱区海工装备产业链委员会', 'functional', '370614');
  enterpriseWithBranch(b, marine, '370614', '蓬莱巨涛海洋工程重工有限公司', {
    committee: true,
    industry: '专用设备制造业',
  });
  enterpriseWithBranch(b, marine, '370614', '烟台港集团蓬莱港有限公司', { industry: '交通运输和仓储业' });
  for (let i = 0; i < n(6); i++) enterpriseWithBranch(b, marine, '370614', companyName(b, '蓬莱'));

  // 云浮 (seed 004): riders and couriers as part-time grid workers
  const yunfu = addOrg(b, null, '中共云浮市委员会', 'committee', '445300', { key: 'yunfu' });
  const yuncheng = addOrg(b, yunfu, '中共云浮市云城区委员会', 'committee', '445302');
  const newGroups = addOrg(b, yuncheng, '中共云浮市云城区新就业群体委员会', 'functional', '445302');
  for (const [name, kind] of [
    ['云浮市快递行业', 'social_org'],
    ['云浮市外卖配送行业', 'social_org'],
    ['云浮市网约车行业', 'social_org'],
  ] as const) {
    const unit = addUnit(b, `${name}协会`, kind, '445302', newGroups.id);
    addMembers(
      b,
      addOrg(b, newGroups, `${name}党支部`, 'branch', '445302', { unitId: unit.id }),
      6 + Math.floor(b.random() * 18),
    );
  }

  // 东湖 (seed 004): 110 instructors for 754 non-public organizations
  const donghu = addOrg(b, null, '中共南昌市东湖区委员会', 'committee', '360102', { key: 'donghu' });
  const dhNonPublic = addOrg(
    b,
    donghu,
    '中共南昌市东湖区非公有制经济组织和社会组织工作委员会',
    'committee',
    '360102',
  );
  nonPublicEnterprises(b, dhNonPublic, '360102', '南昌', n(14));

  // 福州 (seed 000): the power company's 党建联盟 of 28 Party organizations from power, water, gas,
  // transport, banks and government departments; 下藤社区 and 仓山供电服务中心 as the seed names them, the
  // other units fictional (generic department names, 榕城-named companies and banks)
  const fuzhou = addOrg(b, null, '中共福州市委员会', 'committee', '350100', { key: 'fuzhou' });
  const cangshan = addOrg(b, fuzhou, '中共福州市仓山区委员会', 'committee', '350104');
  const power = addOrg(b, fuzhou, '中共国网福州供电公司委员会', 'committee', '350100', { key: 'fz-power' });
  const organs = addOrg(b, fuzhou, '中共福州市直属机关工作委员会', 'committee', '350100');
  const stateOwned = addOrg(b, fuzhou, '中共福州市国有企业工作委员会', 'committee', '350100');
  const finance = addOrg(b, fuzhou, '中共福州市金融工作委员会', 'committee', '350100');
  const water = addOrg(b, stateOwned, '中共榕城水务集团有限公司委员会', 'committee', '350100');
  const gas = addOrg(b, stateOwned, '中共榕城燃气有限公司委员会', 'committee', '350100');
  const bus = addOrg(b, stateOwned, '中共榕城公交集团有限公司委员会', 'committee', '350100');
  const fzAlliance: Array<[OrgSeed, string, OrgSeed['type']]> = [
    [power, '国网福州供电公司仓山供电服务中心党支部', 'branch'],
    [power, '国网福州供电公司鼓楼供电服务中心党支部', 'branch'],
    [power, '国网福州供电公司台江供电服务中心党支部', 'branch'],
    [power, '国网福州供电公司晋安供电服务中心党支部', 'branch'],
    [power, '国网福州供电公司营销服务中心党支部', 'branch'],
    [power, '国网福州供电公司运维检修党支部', 'branch'],
    [cangshan, '中共仓山区下藤社区委员会', 'committee'],
    [cangshan, '中共仓山区上藤社区委员会', 'committee'],
    [cangshan, '中共仓山区建新镇委员会', 'committee'],
    [cangshan, '仓山区住房和城乡建设局党支部', 'branch'],
    [cangshan, '仓山区城市管理局党支部', 'branch'],
    [cangshan, '仓山区市场监督管理局党支部', 'branch'],
    [cangshan, '仓山区发展和改革局党支部', 'branch'],
    [water, '榕城水务集团仓山供水营业所党支部', 'branch'],
    [water, '榕城水务集团管网抢修党支部', 'branch'],
    [gas, '榕城燃气有限公司客户服务党支部', 'branch'],
    [gas, '榕城燃气有限公司安检维修党支部', 'branch'],
    [bus, '榕城公交集团第三分公司党支部', 'branch'],
    [bus, '榕城公交集团仓山营运党支部', 'branch'],
    [stateOwned, '榕城轨道交通运营有限公司党支部', 'branch'],
    [stateOwned, '闽江通信福州分公司党支部', 'branch'],
    [organs, '福州市交通运输局党支部', 'branch'],
    [organs, '福州市住房和城乡建设局党支部', 'branch'],
    [organs, '福州市城市管理委员会党支部', 'branch'],
    [organs, '福州市12345便民服务平台党支部', 'branch'],
    [finance, '榕城银行福州分行党支部', 'branch'],
    [finance, '榕城农村商业银行仓山支行党支部', 'branch'],
    [finance, '闽都村镇银行党支部', 'branch'],
  ];
  for (const [parent, name, type] of fzAlliance) {
    const org = addOrg(b, parent, name, type, parent.regionCode);
    addMembers(b, org, 5 + Math.floor(b.random() * 20));
  }

  // a city-sized tree: more non-public enterprise committees under Xiamen, up to the exact count
  if (options.targetOrgs) {
    let k = 1;
    while (b.orgs.length < options.targetOrgs) {
      const region = pick(b, ['350203', '350205', '350206', '350211', '350212', '350213']);
      const extra = addOrg(b, xiamen, `中共厦门市第${k}片区非公有制企业工作委员会`, 'committee', region);
      for (let i = 0; i < 40 && b.orgs.length < options.targetOrgs; i++) {
        enterpriseWithBranch(b, extra, region, companyName(b, '厦门'));
      }
      k++;
    }
    b.orgs.length = Math.min(b.orgs.length, options.targetOrgs);
    const kept = new Set(b.orgs.map((o) => o.id));
    b.members = b.members.filter((m) => kept.has(m.orgId));
    b.units = b.units.map((u) => (u.orgId !== null && !kept.has(u.orgId) ? { ...u, orgId: null } : u));
  }
  return { orgs: b.orgs, units: b.units, members: b.members };
}
