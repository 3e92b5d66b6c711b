import { describe, expect, it } from 'vitest';
import { bigrams } from '../cases/similar.ts';
import {
  MATCH_THRESHOLD,
  type MatchDemand,
  type MatchResource,
  matchAll,
  overlapSimilarity,
  scoreMatch,
} from './match.ts';

const demand: MatchDemand = {
  id: 1,
  orgId: 10,
  category: '人才',
  tags: ['电工', '持证'],
  title: '急需持证电工 20 名',
  description: '新产线调试需要高压电工',
  regionCode: '350802',
  quantity: 20,
};
const resource: MatchResource = {
  id: 2,
  orgId: 11,
  category: '人才',
  tags: ['电工', '技能培训'],
  title: '职业技术学院电工实训班学员',
  description: '可派高压电工实习生',
  regionCode: '350802',
  capacity: 30,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
};
const today = '2026-06-01';

describe('matching a demand with a resource', () => {
  it('pairs them on a shared tag, the category, the words and the region, and says so', () => {
    const m = scoreMatch(demand, resource, today)!;
    expect(m.reasons).toEqual([
      '共同标签：电工',
      '同属类别：人才',
      expect.stringMatching(/^描述相近（相似度 0\.\d\d）$/),
      '同一县（市、区）',
      '可提供 30，满足需求 20',
      '有效期至 2026-12-31',
    ]);
    expect(m.score).toBeGreaterThanOrEqual(60);
    expect(m.score).toBeLessThanOrEqual(100);
  });
  it('treats Traditional characters like Simplified, in tags and text', () => {
    const trad = {
      ...resource,
      tags: ['電工'],
      category: '人才',
      title: '職業技術學院電工實訓班',
      description: '',
    };
    expect(scoreMatch(demand, trad, today)?.reasons[0]).toBe('共同标签：电工');
    expect(overlapSimilarity(bigrams('高压电工'), bigrams('高壓電工'))).toBe(1);
  });
  it('never pairs an organization with its own resource', () => {
    expect(scoreMatch(demand, { ...resource, orgId: 10 }, today)).toBeNull();
  });
  it('needs a resource valid today: the last valid day counts, the day after does not', () => {
    expect(scoreMatch(demand, resource, '2026-12-31')).not.toBeNull();
    expect(scoreMatch(demand, resource, '2027-01-01')).toBeNull();
    expect(scoreMatch(demand, { ...resource, validFrom: '2026-06-02' }, today)).toBeNull();
  });
  it('a used-up resource meets nothing; a short one meets part, with a lower score', () => {
    expect(scoreMatch(demand, { ...resource, capacity: 0 }, today)).toBeNull();
    const short = scoreMatch(demand, { ...resource, capacity: 5 }, today)!;
    expect(short.reasons).toContain('可提供 5，只能部分满足需求 20');
    expect(short.score).toBeLessThan(scoreMatch(demand, resource, today)!.score);
  });
  it('does not pair unrelated lists: no tag, other category, other words', () => {
    const loan: MatchResource = {
      ...resource,
      category: '金融',
      tags: ['贷款'],
      title: '科技贷授信额度',
      description: '面向链上企业的低息贷款',
    };
    expect(scoreMatch(demand, loan, today)).toBeNull();
  });
  it('a lone weak evidence below the threshold is not shown', () => {
    const weak: MatchResource = {
      ...resource,
      category: '物流',
      tags: ['电工'],
      title: '仓储',
      description: '',
      regionCode: '440300',
      capacity: null,
      validTo: null,
    };
    const m = scoreMatch(demand, weak, today);
    expect(m).toBeNull();
    expect(20).toBeLessThan(MATCH_THRESHOLD);
  });
  it('matchAll lists the pairs best first', () => {
    const other = { ...resource, id: 3, tags: [], title: '实训学员', description: '' };
    const all = matchAll([demand], [other, resource], today);
    expect(all.map((p) => p.resourceId)).toEqual([2, 3]);
    expect(all[0]!.score).toBeGreaterThan(all[1]!.score);
  });
});
