import { addDays, checkMilestoneWeights } from '@honglian/domain';
import { insertProject } from '../modules/projects/repository.ts';
import { clock } from '../platform/clock.ts';
import type { Executor } from '../platform/context.ts';
import type { GeneratedCity } from './generate.ts';

/**
 * Demo projects from the seeds, dated from the clock's today so their figures read the same on any day:
 * - Xiushui's 书记领航 project (seed 001) led by the county committee, split into sub-projects of its
 *   6 groups (红色网格…红色文化) led by the towns, "月有通报、季有调度、年终有评比": most on schedule,
 *   one lagging (滞后, so the compliance engine's J1 finds it), one ahead;
 * - Jinjiang's 红色勤务员3.0 project (seed 002), its key tasks back-scheduled (倒排节点) and ahead of
 *   time (超时序);
 * - the demo branch's 党建联创 project with its neighbours, lagging.
 * A few dozen rows in all: every test file copies the demo city.
 */

type Plan = Array<[title: string, dayOffset: number, weight: number, doneOffset: number | null]>;

export async function loadDemoProjects(db: Executor, city: GeneratedCity): Promise<{ projects: number }> {
  const today = clock.today();
  const now = clock.now();
  const byKey = (key: string) => {
    const o = city.orgs.find((x) => x.key === key);
    if (!o) throw new Error(`demo org ${key} missing`);
    return o;
  };
  const byName = (name: string) => {
    const o = city.orgs.find((x) => x.name === name);
    if (!o) throw new Error(`demo org ${name} missing`);
    return o;
  };
  let count = 0;
  const create = async (
    org: { id: number; regionCode: string },
    p: {
      title: string;
      kind: 'secretary_led' | 'challenge' | 'joint';
      group?: string;
      leadName?: string;
      description?: string;
      parentId?: number;
      weight?: number;
    },
    plan: Plan,
  ) => {
    if (!checkMilestoneWeights(plan.map((m) => m[2])).ok) throw new Error(`demo project ${p.title}: weights`);
    const id = await insertProject(
      db,
      {
        region_code: org.regionCode,
        org_id: org.id,
        parent_id: p.parentId ?? null,
        weight: p.weight ?? 1,
        title: p.title,
        kind: p.kind,
        group_name: p.group ?? '',
        lead_name: p.leadName ?? '',
        description: p.description ?? '',
        created_by: null,
        updated_at: now,
      },
      plan.map(([title, offset, weight]) => ({ title, plannedOn: addDays(today, offset), weight })),
    );
    const done = plan.flatMap(([title, , , doneOffset], i) =>
      doneOffset === null ? [] : [{ position: i + 1, title, on: addDays(today, doneOffset) }],
    );
    for (const d of done)
      await db
        .updateTable('project_milestones')
        .set({
          completed_on: d.on,
          evidence: `${d.title}：已完成，佐证材料已归档`,
          completed_by_name: '演示数据',
          completed_at: now,
        })
        .where('project_id', '=', id)
        .where('position', '=', d.position)
        .execute();
    count += 1;
    return id;
  };

  // 修水 书记领航 (seed 001): the parent has no milestones; its figures roll up from the towns' sub-projects
  const xiushui = byKey('xiushui');
  const parent = await create(
    xiushui,
    {
      title: '党建引领“一网统管、多元共治”城市社区治理',
      kind: 'secretary_led',
      leadName: '县委书记',
      description:
        '书记领航攻薄弱类项目，细化为“秋收红”城市基层党建子项目，分红色网格、红色阵地、红色物业、红色队伍、红色服务、红色文化6个组团，月有通报、季有调度、年终有评比。',
    },
    [],
  );
  const towns = ['义宁镇', '宁州镇', '渣津镇'].map((t) => byName(`中共修水县${t}委员会`));
  const groups: Array<[group: string, title: string, town: number, plan: Plan, weight: number]> = [
    [
      '红色网格',
      '网格党小组全覆盖',
      0,
      [
        ['划定网格、建立网格党小组', -90, 30, -95],
        ['网格员队伍配齐', -30, 30, -32],
        ['网格事项“一网统管”运行', 30, 40, null],
      ],
      2,
    ],
    [
      '红色阵地',
      '社区党群服务中心提质',
      1,
      [
        ['阵地布局方案', -60, 20, -61],
        ['改造施工', -10, 50, null],
        ['验收开放', 45, 30, null],
      ],
      2,
    ],
    [
      '红色物业',
      '物业企业党建联建',
      2,
      [
        ['物业企业党组织组建', -75, 40, -80],
        ['“小事商议办”议事机制', 5, 30, -3],
        ['业主满意度测评', 60, 30, null],
      ],
      1,
    ],
    [
      '红色队伍',
      '在职党员进社区报到',
      0,
      [
        ['报到名册', -40, 50, -45],
        ['认领服务岗位', 20, 50, null],
      ],
      1,
    ],
    [
      '红色服务',
      '“大事协同办、难事派单办”',
      1,
      [
        ['职能部门派单清单', -20, 40, -22],
        ['派单办理闭环', 40, 60, null],
      ],
      1,
    ],
    [
      '红色文化',
      '秋收起义红色文化进社区',
      2,
      [
        ['红色文化长廊', -50, 60, -55],
        ['擂台比武晒成效', 90, 40, null],
      ],
      1,
    ],
  ];
  for (const [group, title, town, plan, weight] of groups)
    await create(
      towns[town]!,
      { title, kind: 'secretary_led', group, leadName: '镇党委书记', parentId: parent, weight },
      plan,
    );

  // 晋江经济开发区 红色勤务员3.0 (seed 002): back-scheduled tasks, done ahead of time (超时序)
  const zone = byName('中共晋江经济开发区工作委员会');
  await create(
    zone,
    {
      title: '“红色勤务员3.0”行动',
      kind: 'secretary_led',
      leadName: '党组书记',
      description: '党组会议季度专题调度，分解26项重点任务倒排节点，10个攻坚小组按职能认领专项。',
    },
    [
      ['重点任务分解、倒排节点', -120, 15, -125],
      ['攻坚小组认领专项', -60, 20, -70],
      ['红色勤务员包干到企', 15, 25, -5],
      ['上半年专项督查、销号整改', 75, 20, -2],
      ['年度评比', 150, 20, null],
    ],
  );

  // the demo branch (the `secretary` account): a 党建联创 project with its neighbours, lagging
  const branch = byKey('secretary-branch');
  await create(
    branch,
    {
      title: '党建联创“四好园区”共建',
      kind: 'joint',
      leadName: '支部书记',
      description: '与园区相邻企业党支部联创共建，联合开展安全生产培训和惠企政策宣讲。',
    },
    [
      ['签订联创共建协议', -45, 20, -50],
      ['联合安全生产培训', -15, 30, null],
      ['惠企政策宣讲', -3, 20, null],
      ['共建成效评估', 60, 30, null],
    ],
  );
  return { projects: count };
}
