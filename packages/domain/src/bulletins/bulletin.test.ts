import { describe, expect, it } from 'vitest';
import { officialCalendarYear, WorkCalendar } from '../calendar/workdays.ts';
import { figure } from '../dashboard/figures.ts';
import {
  type BulletinSnapshot,
  bulletinMonthDue,
  bulletinSections,
  bulletinTitle,
  changeText,
  chineseDate,
  defaultDocPrefix,
  defaultIssuerName,
  firstWorkingDayOfMonth,
  formatDocNumber,
  isDocPrefix,
  monthEnded,
  nextDocSequence,
} from './bulletin.ts';

const cal = new WorkCalendar([2025, 2026, 2027].map(officialCalendarYear));
const isWorkday = (d: string) => cal.isWorkday(d);

describe('文号', () => {
  it('derives the prefix from the place named last, after a city', () => {
    expect(defaultDocPrefix('中共厦门市湖里区委员会')).toBe('湖组通');
    expect(defaultDocPrefix('中共修水县委员会')).toBe('修组通');
    expect(defaultDocPrefix('中共晋江市委员会')).toBe('晋组通');
    expect(defaultDocPrefix('中共江西省九江市修水县委员会')).toBe('修组通');
  });
  it('names the issuing body of a committee as its organization department', () => {
    expect(defaultIssuerName('中共厦门市湖里区委员会')).toBe('中共厦门市湖里区委组织部');
    expect(defaultIssuerName('某某工委')).toBe('某某工委组织部');
  });
  it('writes 文号 with 六角括号 and numbers a year from 1 without reuse', () => {
    expect(formatDocNumber('湖组通', 2026, 3)).toBe('湖组通〔2026〕3号');
    expect(nextDocSequence([])).toBe(1);
    expect(nextDocSequence([1, 2, 3])).toBe(4);
    // a gap (a number whose bulletin failed) is not filled again
    expect(nextDocSequence([1, 5])).toBe(6);
    expect(() => formatDocNumber('湖组通', 2026, 0)).toThrow();
    expect(isDocPrefix('湖组通')).toBe(true);
    expect(isDocPrefix('湖组〔通')).toBe(false);
    expect(isDocPrefix('')).toBe(false);
  });
});

describe('每月第一个工作日', () => {
  it('skips weekends and holidays, and takes a 调休 Sunday', () => {
    // 2026-01-04 is a Sunday made a working day (调休) after 元旦
    expect(firstWorkingDayOfMonth('2026-01', isWorkday)).toBe('2026-01-04');
    expect(firstWorkingDayOfMonth('2026-10', isWorkday)).toBe('2026-10-08'); // 国庆
    expect(firstWorkingDayOfMonth('2026-05', isWorkday)).toBe('2026-05-06'); // 劳动节
    expect(firstWorkingDayOfMonth('2026-08', isWorkday)).toBe('2026-08-03'); // starts on a Saturday
    expect(firstWorkingDayOfMonth('2026-12', isWorkday)).toBe('2026-12-01'); // a plain Tuesday
  });
  it('never takes 1 January, even in a year whose arrangement is not published (2027)', () => {
    expect(cal.isProvisional('2027-01-01')).toBe(true);
    expect(cal.isWorkday('2027-01-01')).toBe(true); // a provisional year only knows weekends
    expect(firstWorkingDayOfMonth('2027-01', isWorkday)).toBe('2027-01-04');
  });
  it('is due on that day and after (catching up), for last month', () => {
    expect(bulletinMonthDue('2027-01-01', isWorkday)).toBeUndefined();
    expect(bulletinMonthDue('2027-01-03', isWorkday)).toBeUndefined();
    expect(bulletinMonthDue('2027-01-04', isWorkday)).toBe('2026-12');
    expect(bulletinMonthDue('2027-01-20', isWorkday)).toBe('2026-12');
    expect(bulletinMonthDue('2026-10-07', isWorkday)).toBeUndefined();
    expect(bulletinMonthDue('2026-10-08', isWorkday)).toBe('2026-09');
    expect(bulletinMonthDue('2026-12-01', isWorkday)).toBe('2026-11');
  });
  it('knows when a month has ended', () => {
    expect(monthEnded('2026-11', '2026-11-30')).toBe(false);
    expect(monthEnded('2026-11', '2026-12-01')).toBe(true);
    expect(monthEnded('2026-12', '2027-01-01')).toBe(true);
    expect(monthEnded('2026-12', '2026-12-31')).toBe(false);
  });
});

describe('通报正文', () => {
  const snapshot: BulletinSnapshot = {
    org: { id: 5, name: '中共厦门市湖里区委员会' },
    month: '2026-11',
    asOf: '2026-11-30',
    issuer: '中共厦门市湖里区委组织部',
    docNumber: '湖组通〔2026〕3号',
    issuedOn: '2026-12-01',
    figures: [
      figure('members', 1203, '/members', [
        { month: '2026-10', value: 1200 },
        { month: '2026-11', value: 1203 },
      ]),
      figure('duesRate', 95.5, '/dues', [
        { month: '2026-10', value: 97 },
        { month: '2026-11', value: 95.5 },
      ]),
      figure('findingsOpen', 4, '/compliance'),
      figure('casesOnTime', null, '/cases/stats', [
        { month: '2026-10', value: 90 },
        { month: '2026-11', value: null },
      ]),
    ],
    ranking: [
      {
        rank: 1,
        orgId: 7,
        name: '殿前街道党工委',
        orgs: 10,
        members: 300,
        findings: 0,
        rate: 0,
        duesRate: 98.2,
      },
      {
        rank: 2,
        orgId: 8,
        name: '江头街道党工委',
        orgs: 8,
        members: null,
        findings: 2,
        rate: 0.25,
        duesRate: null,
      },
    ],
    red: [{ orgId: 7, name: '殿前街道党工委', rate: 0, findings: 0 }],
    black: [],
    lagging: {
      total: 1,
      items: [
        {
          id: 1,
          title: '红色网格',
          orgName: '义宁镇党委',
          progress: 20,
          plannedProgress: 50,
          aheadPoints: -30,
        },
      ],
    },
    ahead: { total: 1, items: [{ id: 2, title: '红色勤务员3.0', orgName: '晋江市委', aheadPoints: 11.37 }] },
    problems: {
      total: 1,
      items: [
        {
          id: 9,
          orgName: '某支部',
          rule: 'O6',
          message: '本季度未召开支部党员大会',
          deadline: '2026-11-20',
          escalated: true,
        },
      ],
    },
  };

  it('has the six sections in order, every number from the snapshot', () => {
    const s = bulletinSections(snapshot);
    expect(s.map((x) => x.heading)).toEqual([
      '一、总体情况',
      '二、排名情况',
      '三、红黑榜',
      '四、滞后项目',
      '五、存在的问题',
      '六、下步工作要求',
    ]);
    const text = s.flatMap((x) => x.paragraphs).join('\n');
    expect(text).toContain('截至2026年11月30日，中共厦门市湖里区委员会：');
    expect(text).toContain('党员1203人，较上月增加3人。');
    expect(text).toContain('党费收缴率95.5%，较上月减少1.5个百分点。');
    expect(text).toContain('未整改问题4条。');
    expect(text).toContain('按时办结率无数据。'.replace('按时办结率', s[0]!.table!.rows[3]![0]!));
    expect(text).toContain('红榜：殿前街道党工委（问题率0，未整改问题0条）。');
    expect(text).toContain('黑榜：本月无。');
    expect(text).toContain('1. 义宁镇党委“红色网格”：实际进度20%，计划进度50%，滞后30个百分点。');
    expect(text).toContain('晋江市委“红色勤务员3.0”超时序11.37个百分点');
    expect(text).toContain('1. 某支部：本季度未召开支部党员大会（O6，整改期限2026年11月20日，已提级督办）。');
    expect(s[1]!.table!.rows).toEqual([
      ['1', '殿前街道党工委', '10', '300', '0', '0', '98.2%'],
      ['2', '江头街道党工委', '8', '—', '2', '0.25', '—'],
    ]);
    expect(s[0]!.table!.rows[0]).toEqual(['党员', '1203人', '较上月增加3人']);
  });

  it('says so when a section is empty', () => {
    const s = bulletinSections({
      ...snapshot,
      figures: [],
      ranking: [],
      red: [],
      lagging: { total: 0, items: [] },
      ahead: { total: 0, items: [] },
      problems: { total: 0, items: [] },
    });
    const text = s.flatMap((x) => x.paragraphs).join('\n');
    expect(text).toContain('暂无可通报的数据');
    expect(text).toContain('本月无下级党组织参与排名');
    expect(text).toContain('本月无进度滞后的在建项目');
    expect(text).toContain('本月无逾期未整改的问题');
    expect(s[1]!.table).toBeUndefined();
  });

  it('writes dates, titles and changes the official way', () => {
    expect(chineseDate('2027-01-04')).toBe('2027年1月4日');
    expect(bulletinTitle('2026-11')).toBe('关于2026年11月党建工作情况的通报');
    expect(
      changeText({
        value: 5,
        unit: '件',
        trend: [
          { month: 'a', value: 5 },
          { month: 'b', value: 5 },
        ],
      }),
    ).toBe('与上月持平');
    expect(changeText({ value: 5, unit: '件' })).toBeUndefined();
    expect(
      changeText({
        value: 5,
        unit: '件',
        trend: [
          { month: 'a', value: null },
          { month: 'b', value: 5 },
        ],
      }),
    ).toBeUndefined();
  });
});
