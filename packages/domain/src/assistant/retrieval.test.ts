import { describe, expect, it } from 'vitest';
import {
  arabicNumerals,
  Bm25Index,
  conceptTerms,
  foldSynonym,
  parseDuesQuestion,
  retrievalTerms,
  yuan,
} from './retrieval.ts';

describe('retrieval terms', () => {
  it('drops question words and punctuation and folds synonyms on both sides', () => {
    expect(retrievalTerms(['怎么', '缴纳', '党费', '？', ' ', '吗'])).toEqual(['交纳', '党费']);
    expect(foldSynonym('支委会')).toBe('支部委员会');
    expect(foldSynonym('支部委员会')).toBe('支部委员会');
    expect(foldSynonym('党员')).toBe('党员');
  });

  it('writes Chinese numerals before a unit as digits', () => {
    expect(arabicNumerals('连续六个月未交')).toBe('连续6个月未交');
    expect(arabicNumerals('年满十八岁')).toBe('年满18岁');
    expect(arabicNumerals('不少于五个工作日')).toBe('不少于5个工作日');
    expect(arabicNumerals('二十天')).toBe('20天');
    expect(arabicNumerals('超过一百人')).toBe('超过100人');
    expect(arabicNumerals('三百二十人')).toBe('320人');
    expect(arabicNumerals('一百零五人')).toBe('105人');
    expect(arabicNumerals('三会一课')).toBe('三会一课');
  });

  it('tags how-often questions and clauses with one concept', () => {
    expect(conceptTerms('支部委员会会议一般每月1次', 'clause')).toEqual(['频次']);
    expect(conceptTerms('支委会多久开一次', 'question')).toEqual(['频次']);
    expect(conceptTerms('预备期多长', 'question')).toEqual([]);
  });
});

describe('Bm25Index', () => {
  const index = new Bm25Index([
    { key: 'a', terms: ['党费', '交纳', '比例', '在职', '党员'] },
    { key: 'b', terms: ['党费', '减免', '审批', '上级', '党委', '党员'] },
    { key: 'c', terms: ['预备期', '一年', '延长', '党员'] },
  ]);

  it('ranks the clause with the rarer shared words first', () => {
    const hits = index.search(['党费', '减免']);
    expect(hits.map((h) => h.key)).toEqual(['b', 'a']);
    expect(hits[0]!.matched.sort()).toEqual(['党费', '减免']);
  });

  it('counts a repeated query word once', () => {
    expect(index.search(['预备期', '预备期'])[0]!.score).toBeCloseTo(index.search(['预备期'])[0]!.score);
  });

  it('finds nothing for words no clause has', () => {
    expect(index.search(['护照'])).toEqual([]);
    expect(index.has('护照')).toBe(false);
  });

  it('measures coverage by information: a word no clause has counts at the highest weight', () => {
    expect(index.coverage(['党费', '减免'], ['党费', '减免'])).toBe(1);
    expect(index.coverage(['护照', '党费'], ['党费'])).toBeLessThan(0.5);
    expect(index.coverage([], [])).toBe(0);
  });
});

describe('parseDuesQuestion (D1–D3 by the rule engine)', () => {
  it('computes on-job dues at each boundary of D1 (upper bounds inclusive)', () => {
    expect(parseDuesQuestion('月工资3000元交多少党费')).toMatchObject({
      category: 'on_job',
      baseFen: 300000,
      monthlyFen: 1500,
      rate: '0.005',
      ruleId: 'D1',
    });
    expect(parseDuesQuestion('月工资3000.01元交多少党费')).toMatchObject({ monthlyFen: 3000, rate: '0.01' });
    expect(parseDuesQuestion('每月收入1.2万元党费多少')).toMatchObject({ baseFen: 1200000, rate: '0.02' });
    expect(parseDuesQuestion('月薪5千块党费')).toMatchObject({ baseFen: 500000, rate: '0.01' });
  });

  it('computes retirees by D3', () => {
    expect(parseDuesQuestion('退休金5000元党费交多少')).toMatchObject({ rate: '0.005', ruleId: 'D3' });
    expect(parseDuesQuestion('养老金5000.01元党费')).toMatchObject({ rate: '0.01', ruleId: 'D3' });
  });

  it('does not compute when it is not such a question', () => {
    expect(parseDuesQuestion('党费怎么计算')).toBeNull();
    expect(parseDuesQuestion('月工资4500元')).toBeNull();
    expect(parseDuesQuestion('党费0元')).toBeNull();
    expect(parseDuesQuestion('年薪50万元党费多少')).toBeNull();
    expect(parseDuesQuestion('党费99999999999999元')).toBeNull();
  });

  it('writes fen as yuan with two decimals', () => {
    expect(yuan(4500)).toBe('45.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123456)).toBe('1234.56');
  });
});
