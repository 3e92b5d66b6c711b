import { addDays, parseIsoDate } from '../calendar/dates.ts';
import type { Figure } from '../dashboard/figures.ts';
import { addMonths, isMonth } from '../dues/ledger.ts';

/**
 * The monthly bulletin (月度通报, issue 15; seeds 001 修水 "月有通报" and 002 晋江 "超时序"): its
 * document number (文号), the day the job issues it, and its text, as pure functions. The server takes
 * the figures from the same queries as the dashboards and stores them; the .docx and the PDF are both
 * drawn from `bulletinSections`, so the two files say the same thing.
 */

/**
 * The default 文号 prefix of an issuing organization: the first character of its place name and
 * 组通 (组织部通报), e.g. 中共厦门市湖里区委员会 → 湖组通, 中共修水县委员会 → 修组通. The county or
 * district is the last place named (a city before it is dropped). Administrators may store another.
 */
export function defaultDocPrefix(orgName: string): string {
  let name = orgName
    .trim()
    .replace(/^中共/, '')
    .replace(/^中国共产党/, '');
  // drop a province and a city named before a district or county
  name = name.replace(/^[\u4e00-\u9fff]{2,3}省/, '');
  const city = /^([\u4e00-\u9fff]{2,4}?市)(?=[\u4e00-\u9fff]{2,}[区县旗])/.exec(name);
  if (city) name = name.slice(city[1]!.length);
  const first = name.charAt(0);
  return `${first || '党'}组通`;
}

/** The issuing body (发文机关) printed in red: 中共厦门市湖里区委员会 → 中共厦门市湖里区委组织部. */
export function defaultIssuerName(orgName: string): string {
  const name = orgName.trim();
  return /委员会$/.test(name) ? name.replace(/委员会$/, '委组织部') : `${name}组织部`;
}

/** A prefix administrators may store: 1–10 Chinese characters or letters, no brackets. */
export function isDocPrefix(value: string): boolean {
  return /^[\u4e00-\u9fffA-Za-z]{1,10}$/.test(value);
}

/** 湖组通〔2026〕3号: the prefix, the year in 六角括号, the number within the year. */
export function formatDocNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  return `${prefix}〔${year}〕${sequence}号`;
}

/** The next number of a year: one more than the highest used (numbers are never reused). */
export function nextDocSequence(used: readonly number[]): number {
  return used.reduce((max, n) => Math.max(max, n), 0) + 1;
}

/**
 * The first working day of a month by the calendar (holidays and 调休 make-up days). 1 January is
 * 元旦 by law (《全国年节及纪念日放假办法》) even in a year whose arrangement is not published yet
 * (a provisional calendar knows only weekends), so it never counts as the first working day.
 */
export function firstWorkingDayOfMonth(month: string, isWorkday: (date: string) => boolean): string {
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  let day = `${month}-01`;
  for (let i = 0; i < 31; i++) {
    const newYear = day.endsWith('-01-01');
    if (!newYear && isWorkday(day)) return day;
    day = addDays(day, 1);
  }
  throw new RangeError(`no working day in ${month}`);
}

/**
 * The month whose bulletin is due on `today`: the previous month, once the first working day of this
 * month has come (a job that missed that day, the server being down, catches up on the next run).
 */
export function bulletinMonthDue(today: string, isWorkday: (date: string) => boolean): string | undefined {
  const month = today.slice(0, 7);
  return today >= firstWorkingDayOfMonth(month, isWorkday) ? addMonths(month, -1) : undefined;
}

/** 2026-12-01 → 2026年12月1日 (the date of an official document). */
export function chineseDate(date: string): string {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  return `${d.year}年${d.month}月${d.day}日`;
}

/** 2026-11 → 2026年11月 */
export function chineseMonth(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

export function bulletinTitle(month: string): string {
  return `关于${chineseMonth(month)}党建工作情况的通报`;
}

/** What a bulletin says, as stored (the figures snapshot): every number in the files comes from here. */
export interface BulletinSnapshot {
  org: { id: number; name: string };
  month: string;
  asOf: string;
  issuer: string;
  docNumber: string;
  issuedOn: string;
  figures: Figure[];
  ranking: Array<{
    rank: number;
    orgId: number;
    name: string;
    orgs: number;
    members: number | null;
    findings: number;
    rate: number;
    duesRate: number | null;
  }>;
  red: Array<{ orgId: number; name: string; rate: number; findings: number }>;
  black: Array<{ orgId: number; name: string; rate: number; findings: number }>;
  lagging: {
    total: number;
    items: Array<{
      id: number;
      title: string;
      orgName: string;
      progress: number;
      plannedProgress: number;
      aheadPoints: number;
    }>;
  };
  ahead: { total: number; items: Array<{ id: number; title: string; orgName: string; aheadPoints: number }> };
  problems: {
    total: number;
    items: Array<{
      id: number;
      orgName: string;
      rule: string;
      message: string;
      deadline: string | null;
      escalated: boolean;
    }>;
  };
}

export interface BulletinTable {
  columns: string[];
  rows: string[][];
}
export interface BulletinSection {
  heading: string;
  paragraphs: string[];
  table?: BulletinTable;
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));
const points = (n: number) => num(Math.abs(n));

/** A figure's value with its unit: 23条, 96.5%, 12,000元 is written 12000元; none → 无数据. */
export function figureText(value: number | null, unit: string): string {
  if (value === null) return '无数据';
  return `${num(value)}${unit}`;
}

/** The change from last month, from the figure's trend: 较上月增加3条 / 减少1.2个百分点 / 持平. */
export function changeText(f: Pick<Figure, 'value' | 'unit' | 'trend'>): string | undefined {
  const t = f.trend;
  if (!t || t.length < 2 || f.value === null) return undefined;
  const prev = t[t.length - 2]!.value;
  if (prev === null) return undefined;
  const delta = Math.round((f.value - prev) * 100) / 100;
  const unit = f.unit === '%' ? '个百分点' : f.unit;
  if (delta === 0) return '与上月持平';
  return `较上月${delta > 0 ? '增加' : '减少'}${num(Math.abs(delta))}${unit}`;
}

const NEXT_STEPS = [
  '（一）压实责任。各级党组织书记要切实履行第一责任人职责，对本通报指出的问题逐条对照、限期整改，整改情况纳入年终评比。',
  '（二）紧盯滞后。对进度滞后的项目，牵头单位要倒排节点、挂图作战，下月通报仍滞后的，约谈项目负责人。',
  '（三）抓好常态。严格落实“三会一课”、主题党日和党费收缴制度，合规监测发现的问题做到即知即改、动态清零。',
  '（四）比学赶超。红榜单位总结推广经验做法，黑榜单位认真查找原因、制定整改措施，形成“月有通报、季有调度、年终有评比”的工作闭环。',
];

/** The sections of the bulletin (一、… 六、), built only from the snapshot. */
export function bulletinSections(s: BulletinSnapshot): BulletinSection[] {
  const sections: BulletinSection[] = [];

  const overall = s.figures.map((f) => {
    const change = changeText(f);
    return `${f.label}${figureText(f.value, f.unit)}${change ? `，${change}` : ''}。`;
  });
  sections.push({
    heading: '一、总体情况',
    paragraphs: [
      `截至${chineseDate(s.asOf)}，${s.org.name}${overall.length ? '：' : '暂无可通报的数据。'}`,
      ...overall,
    ],
    table: {
      columns: ['指标', '本月', '较上月'],
      rows: s.figures.map((f) => [f.label, figureText(f.value, f.unit), changeText(f) ?? '—']),
    },
  });

  sections.push({
    heading: '二、排名情况',
    paragraphs: s.ranking.length
      ? [`按问题率（未整改问题数 ÷ 党组织数）从低到高，${s.ranking.length}个下级党组织排名如下：`]
      : ['本月无下级党组织参与排名。'],
    ...(s.ranking.length
      ? {
          table: {
            columns: ['名次', '党组织', '党组织数', '党员数', '未整改问题', '问题率', '党费收缴率'],
            rows: s.ranking.map((r) => [
              String(r.rank),
              r.name,
              String(r.orgs),
              r.members === null ? '—' : String(r.members),
              String(r.findings),
              num(r.rate),
              r.duesRate === null ? '—' : `${num(r.duesRate)}%`,
            ]),
          },
        }
      : {}),
  });

  const list = (rows: BulletinSnapshot['red']) =>
    rows.map((r) => `${r.name}（问题率${num(r.rate)}，未整改问题${r.findings}条）`).join('；');
  sections.push({
    heading: '三、红黑榜',
    paragraphs: [
      s.red.length ? `红榜：${list(s.red)}。` : '红榜：本月无。',
      s.black.length ? `黑榜：${list(s.black)}。` : '黑榜：本月无。',
    ],
  });

  const lag = s.lagging.items.map(
    (p, i) =>
      `${i + 1}. ${p.orgName}“${p.title}”：实际进度${num(p.progress)}%，计划进度${num(p.plannedProgress)}%，滞后${points(p.aheadPoints)}个百分点。`,
  );
  const ahead = s.ahead.items.map((p) => `${p.orgName}“${p.title}”超时序${points(p.aheadPoints)}个百分点`);
  sections.push({
    heading: '四、滞后项目',
    paragraphs: [
      s.lagging.total
        ? `在建项目中进度滞后${s.lagging.total}个${s.lagging.total > s.lagging.items.length ? `（列出滞后最多的${s.lagging.items.length}个）` : ''}：`
        : '本月无进度滞后的在建项目。',
      ...lag,
      ...(ahead.length ? [`进度超时序的项目${s.ahead.total}个，其中${ahead.join('；')}。`] : []),
    ],
  });

  sections.push({
    heading: '五、存在的问题',
    paragraphs: s.problems.total
      ? [
          `逾期未整改的问题${s.problems.total}条${s.problems.total > s.problems.items.length ? `（列出${s.problems.items.length}条）` : ''}：`,
          ...s.problems.items.map(
            (p, i) =>
              `${i + 1}. ${p.orgName}：${p.message}（${p.rule}${p.deadline ? `，整改期限${chineseDate(p.deadline)}` : ''}${p.escalated ? '，已提级督办' : ''}）。`,
          ),
        ]
      : ['本月无逾期未整改的问题。'],
  });

  sections.push({ heading: '六、下步工作要求', paragraphs: NEXT_STEPS });
  return sections;
}

/** The paragraphs of the document in order (header, 文号, title, salutation, sections, signature). */
export function bulletinHead(s: BulletinSnapshot) {
  return {
    issuer: s.issuer,
    docNumber: s.docNumber,
    title: bulletinTitle(s.month),
    salutation: '各党（工）委、党组织：',
    intro: `现将${chineseMonth(s.month)}党建工作情况通报如下。`,
    signature: s.issuer,
    date: chineseDate(s.issuedOn),
  };
}

/** The day after a month's last day (a bulletin is taken as of the last day and issued after it). */
export function monthEnded(month: string, today: string): boolean {
  return today > addDays(`${addMonths(month, 1)}-01`, -1);
}
