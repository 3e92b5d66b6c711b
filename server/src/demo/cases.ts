import { addDays, type WorkCalendar } from '@honglian/domain';
import { sql } from 'kysely';
import {
  applyDueRating,
  type FileInput,
  fileCase,
  type TransitionBodyInput,
  transitionCase,
} from '../modules/cases/service.ts';
import { CalendarService } from '../platform/calendar.ts';
import { clock } from '../platform/clock.ts';
import type { Executor, RequestContext } from '../platform/context.ts';
import { contextOf } from './development.ts';

/**
 * A year of case history for 湖里 (issue 10), drawn from the seeds' figures: 湖里's 亲清一家人 handled
 * enterprise requests with a satisfaction above 97% (seed 000), riders report what they see on their
 * rounds as part-time grid workers (seed 004), grid workers patrol, the 12345 hotline registers calls.
 * Every case is made through the real services (fileCase, transitionCase, applyDueRating) as the demo's
 * own users, each step "as of" its moment in the past 12 months (`clock.at`), so 工单台账, 工单统计 and the
 * measures show what the services themselves recorded: about 97% satisfied, a few answered late, a few
 * rated 不满意 with their reasons and sent back, and the last days' cases still open in the queues.
 */
interface Plan {
  category: string;
  reporter: 'resident' | 'enterprise' | 'grid' | 'district';
  channel: FileInput['channel'];
  title: string;
  description: string;
  attributes?: Record<string, string>;
  address?: string;
}

const PLANS: Plan[] = [
  {
    category: 'QYYG',
    reporter: 'enterprise',
    channel: 'mobile',
    title: '春节后一线操作工缺口较大',
    description: '节后返岗率不足七成，急需招聘SMT操作工，请协助对接招聘会和技能培训。',
    attributes: { HEADCOUNT: '30' },
  },
  {
    category: 'ZCZX',
    reporter: 'enterprise',
    channel: 'mobile',
    title: '咨询研发费用补助申报条件',
    description: '公司今年研发投入增加，想了解区级研发费用补助的申报条件和截止时间。',
  },
  {
    category: 'ZZBL',
    reporter: 'enterprise',
    channel: 'mobile',
    title: '新厂区消防验收进度咨询',
    description: '新租厂房装修已完工，消防验收材料提交后两周没有回音，影响投产。',
  },
  {
    category: 'FJDC',
    reporter: 'resident',
    channel: 'mobile',
    title: '地铁口共享单车堆满人行道',
    description: '送餐路过地铁站B出口，共享单车横七竖八堵住盲道，行人只能走机动车道。',
    address: '湖里区殿前街道地铁站B出口',
  },
  {
    category: 'ZDJY',
    reporter: 'resident',
    channel: 'mobile',
    title: '夜市摊贩占用消防通道',
    description: '晚上九点后小区门口摆满夜宵摊，消防通道被占，电动车也进不去。',
    attributes: { KIND: 'vendor' },
    address: '湖里区兴隆社区兴隆路与华荣路交叉口',
  },
  {
    category: 'DLPS',
    reporter: 'resident',
    channel: 'mobile',
    title: '路面坑洼，骑手雨天易摔',
    description: '配送路线上有一段路面坑洼，下雨积水看不清，已经有骑手摔倒。',
    address: '湖里区江头街道吕岭路辅道',
  },
  {
    category: 'YDAQ',
    reporter: 'resident',
    channel: 'mobile',
    title: '楼道飞线给电动车充电',
    description: '城中村出租楼有人从三楼窗口拉电线下来给电动车充电，存在火灾隐患。',
    attributes: { FLOOR: '3' },
    address: '湖里区禾山街道后坑社区',
  },
  {
    category: 'HJWS',
    reporter: 'grid',
    channel: 'grid',
    title: '背街小巷垃圾堆放',
    description: '网格巡查发现兴隆社区背街小巷建筑垃圾和生活垃圾混堆，已有异味。',
    address: '湖里区兴隆社区第一网格',
  },
  {
    category: 'SPAQ',
    reporter: 'district',
    channel: 'console',
    title: '12345转办：小吃店后厨卫生差',
    description: '市民来电反映某小吃店后厨油污严重、食材落地存放，要求检查。',
  },
  {
    category: 'QYYG',
    reporter: 'district',
    channel: 'console',
    title: '12345转办：企业欠薪纠纷',
    description: '员工来电反映所在企业拖欠两个月工资，请求协调。',
  },
];

const REPLIES: Record<string, string> = {
  QYYG: '已联系区人社局就业服务中心，为企业安排专场招聘会一场并推送职业技能培训名额。',
  ZCZX: '已电话告知申报条件、材料清单和截止时间，并将企业纳入惠企政策推送名单。',
  ZZBL: '已协调消防部门现场复核，验收意见书已出具，企业可按计划投产。',
  FJDC: '已通知共享单车运营企业现场清理调度，并在该出口增设停放点位和巡查频次。',
  ZDJY: '执法队员现场劝导摊贩入驻规范经营点，消防通道已清空，将持续巡查。',
  DLPS: '市政养护单位已对坑洼路面完成修补，并加设警示标志。',
  YDAQ: '已拆除飞线，督促房东安装集中充电设施，并对住户开展用电安全宣传。',
  HJWS: '网格内商议后由物业和保洁队当日清运，已设置垃圾分类投放点。',
  SPAQ: '执法人员现场检查，责令限期整改后厨卫生，复查已合格。',
};

const UNSATISFIED_REASONS = [
  '只是口头答复，问题没有实际解决',
  '清理后第二天又恢复原样，希望长效管理',
  '答复内容与反映的问题不符',
  '处理时间太长，影响了企业正常生产',
  '没有联系我本人了解情况',
  '整改不彻底，仍有安全隐患',
];

/** The handling units' own clerks, beside the `handler` account of 市场监管 (demo users as well). */
const UNIT_CLERKS = [
  { username: 'handler-cg', dept: '城市管理局' },
  { username: 'handler-rs', dept: '人力资源和社会保障局' },
  { username: 'handler-gx', dept: '工业和信息化局' },
];

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How many closed-loop cases the year holds; the last days add a few still open. */
export const DEMO_CASE_COUNT = 42;
const OPEN_RECENT = 6;

function at(day: string, hour: number, minute = 0): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
}

export async function loadDemoCases(db: Executor): Promise<{ cases: number }> {
  const calendar = await new CalendarService(db).calendar();
  const huli = await db
    .selectFrom('orgs')
    .select('id')
    .where('name', '=', '中共厦门市湖里区委员会')
    .executeTakeFirst();
  if (!huli) return { cases: 0 };
  const clerks = await unitClerks(db);
  const ctx = {
    resident: await contextOf(db, 'resident'),
    enterprise: await contextOf(db, 'enterprise'),
    grid: await contextOf(db, 'grid'),
    district: await contextOf(db, 'district'),
    handler: await contextOf(db, 'handler'),
  };
  if (!ctx.resident || !ctx.enterprise || !ctx.grid || !ctx.district || !ctx.handler) return { cases: 0 };
  const categories = await db
    .selectFrom('case_categories')
    .innerJoin('case_routes', 'case_routes.category_id', 'case_categories.id')
    .innerJoin('orgs', 'orgs.id', 'case_routes.handler_org_id')
    .select(['case_categories.id', 'case_categories.code', 'case_categories.complete_days', 'orgs.name'])
    .execute();
  const category = new Map(categories.map((c) => [c.code, c]));
  /** Who handles a case routed to an org: its clerk (市场监管's is `handler`, the grid's is `grid`). */
  const handlerOf = (code: string): RequestContext => {
    const unit = category.get(code)!.name;
    if (unit.includes('市场监督管理局')) return ctx.handler!;
    if (code === 'HJWS') return ctx.grid!;
    return clerks.find((c) => unit.includes(c.dept))!.ctx;
  };

  const today = clock.today();
  const total = DEMO_CASE_COUNT + OPEN_RECENT;
  let made = 0;
  for (let i = 0; i < total; i++) {
    const plan = PLANS[i % PLANS.length]!;
    const cat = category.get(plan.category);
    if (!cat) continue;
    const recent = i >= DEMO_CASE_COUNT;
    // spread over the past 12 months, oldest first; the last ones in the last three days
    const daysAgo = recent
      ? 3 - Math.floor((i - DEMO_CASE_COUNT) / 3)
      : 362 - Math.floor((i * 355) / DEMO_CASE_COUNT);
    const filedAt = at(addDays(today, -daysAgo), 8 + (i % 9), (i * 7) % 60);
    if (filedAt.getTime() > clock.now().getTime()) continue;
    const reporter = ctx[plan.reporter]!;
    const { id } = await clock.at(filedAt, () =>
      fileCase(
        db,
        calendar,
        { ctx: reporter, submitActor: `demo:${reporter.actor.username}` },
        {
          categoryId: cat.id,
          title: plan.title,
          description: plan.description,
          channel: plan.channel,
          orgId: plan.reporter === 'district' ? huli.id : undefined,
          address: plan.address,
          attributes: plan.attributes,
          ...(plan.reporter === 'district'
            ? { reporterName: `${'王李张刘陈'[i % 5]}先生`, reporterPhone: `1705920${String(1000 + i)}` }
            : {}),
        },
      ),
    );
    made++;
    const handler = handlerOf(plan.category);
    const step = (when: Date, who: RequestContext, body: TransitionBodyInput) =>
      clock.at(when, () => transitionCase(db, calendar, who, id, body));
    // the last days' cases stay in the queues: waiting to be signed, signed, in progress
    const stop = recent ? (i - DEMO_CASE_COUNT) % 3 : 3;
    if (stop === 0) continue;
    await step(new Date(filedAt.getTime() + 40 * MINUTE), handler, { action: 'sign' });
    if (stop === 1) continue;
    await step(new Date(filedAt.getTime() + HOUR), handler, { action: 'start' });
    await step(new Date(filedAt.getTime() + 2 * HOUR), handler, {
      action: 'contact',
      comment: '已电话联系反映人，约定现场查看',
    });
    if (stop === 2) continue;
    // answered within the time limit, except every 45th (answered late: the measures show it)
    const late = i % 45 === 17;
    const days = late ? cat.complete_days + 6 : Math.max(1, Math.min(3, cat.complete_days - 1));
    const repliedAt = at(addDays(filedAt.toISOString().slice(0, 10), days), 16, 30);
    const reply = REPLIES[plan.category] ?? '已按规定办理并答复。';
    await step(repliedAt, handler, { action: 'reply', reply, evidence: '现场照片及处理记录已存档' });
    await rate(db, calendar, i, id, plan, ctx.district, reporter, repliedAt, handler);
  }
  // the reporters were told of each answer when it was given, and read it when they rated the case
  await sql`
    update notifications n set created_at = r.at, delivered_at = r.at,
      read_at = case when c.state = 'closed' then c.closed_at end
    from cases c, lateral (select max(e.at) as at from case_events e
      where e.case_id = c.id and e.action = 'reply') r
    where c.id = n.case_id and n.delivered_at is null and r.at is not null`.execute(db);
  return { cases: made };
}

/**
 * The reporter rates a day later (a hotline call is rated by the dispatcher's return visit); the rating
 * takes effect when its change window ends. About one in thirty is 不满意 with its reason: the case goes
 * back to its unit (发回重办, 督办 raised), which answers again.
 */
async function rate(
  db: Executor,
  calendar: WorkCalendar,
  i: number,
  id: number,
  plan: Plan,
  dispatcher: RequestContext,
  reporter: RequestContext,
  repliedAt: Date,
  handler: RequestContext,
) {
  const ratedAt = new Date(repliedAt.getTime() + 18 * HOUR);
  const unsatisfied = i % 30 === 11;
  const rating = unsatisfied ? 'unsatisfied' : i % 9 === 4 ? 'basic' : 'satisfied';
  const comment = unsatisfied
    ? UNSATISFIED_REASONS[Math.floor(i / 30) % UNSATISFIED_REASONS.length]
    : undefined;
  const rater = plan.reporter === 'district' ? dispatcher : reporter;
  if (plan.reporter === 'district')
    await clock.at(new Date(ratedAt.getTime() - 10 * MINUTE), () =>
      transitionCase(db, calendar, dispatcher, id, { action: 'visit' }),
    );
  await clock.at(ratedAt, () =>
    transitionCase(db, calendar, rater, id, { action: 'rate', rating, ...(comment ? { comment } : {}) }),
  );
  const effective = new Date(ratedAt.getTime() + 31 * MINUTE);
  await clock.at(effective, () => applyDueRating(db, calendar, id));
  if (unsatisfied) {
    const again = new Date(effective.getTime() + 2 * 24 * HOUR);
    await clock.at(again, () =>
      transitionCase(db, calendar, handler, id, {
        action: 'reply',
        reply: `（重办）${REPLIES[plan.category] ?? ''}已再次上门核实并落实长效措施。`,
        evidence: '重办记录及复查照片已存档',
      }),
    );
  }
}

async function unitClerks(db: Executor): Promise<Array<{ dept: string; ctx: RequestContext }>> {
  // the demo password, already hashed for the `handler` account (hashing again costs a tenth of a second)
  const { password_hash: passwordHash } = await db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', 'handler')
    .executeTakeFirstOrThrow();
  const out: Array<{ dept: string; ctx: RequestContext }> = [];
  for (const clerk of UNIT_CLERKS) {
    const org = await db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', `厦门市湖里区${clerk.dept}机关党支部`)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('users')
      .values({
        username: clerk.username,
        display_name: `湖里区${clerk.dept} 办理员`,
        password_hash: passwordHash,
        org_id: org.id,
        updated_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((u) =>
        db.insertInto('role_bindings').values({ user_id: u.id, role: 'handler', org_id: org.id }).execute(),
      );
    out.push({ dept: clerk.dept, ctx: (await contextOf(db, clerk.username))! });
  }
  return out;
}
