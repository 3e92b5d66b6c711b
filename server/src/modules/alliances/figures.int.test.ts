import { ALLIANCE_FIGURE_KEYS, ALLIANCE_FIGURES } from '@honglian/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

/**
 * The alliance figures (issue 12 item 8; docs/decisions/0028): each figure of an alliance equals the
 * list behind it (its total, or the mean of its values), agrees with the alliance's own pages, and the
 * region's totals are the sums over the alliances the caller sees; outside, as missing.
 */
let t: TestApp;
let chain: Session;
let leader: Session;
let member: Session;
let admin: Session;
let district: Session;
let jintong: number;

const get = (s: Session, url: string) => t.as(s, { method: 'GET', url });
const post = (s: Session, url: string, payload: unknown) =>
  t.as(s, { method: 'POST', url, payload: payload as never });
type Figure = { key: string; value: number | null; label: string; definition: string; unit: string };
const figureValue = (figures: Figure[], key: string) => figures.find((f) => f.key === key)!.value;

beforeAll(async () => {
  t = await createTestApp();
  [chain, leader, member, admin, district] = (await Promise.all(
    ['chain', 'chain-leader', 'chain-member', 'admin', 'district'].map((u) => t.login(u)),
  )) as Session[] as [Session, Session, Session, Session, Session];
  jintong = (await get(chain, '/api/v1/alliances')).json().items[0].id;
  // one demand through the whole loop, so that met demands and ratings have rows
  const items = (await get(chain, `/api/v1/alliances/${jintong}/list-items?pageSize=100`)).json().items;
  const demand = items.find((i: { title: string }) => i.title.includes('铜箔新产线'));
  const resource = items.find((i: { title: string }) => i.title.includes('电工实训'));
  const caseId = (
    await post(chain, `/api/v1/alliances/${jintong}/list-items/${demand.id}/dispatch`, {
      resourceId: resource.id,
    })
  ).json().caseId;
  for (const body of [
    { action: 'sign' },
    { action: 'start' },
    { action: 'reply', reply: '已派持证电工到岗', evidence: '签到表' },
  ])
    await post(leader, `/api/v1/cases/${caseId}/transitions`, body);
  const rated = await post(member, `/api/v1/cases/${caseId}/transitions`, {
    action: 'rate',
    rating: 'satisfied',
  });
  expect(rated.statusCode, rated.body).toBe(200);
});
afterAll(() => t.close());

describe('an alliance’s figures', () => {
  it('each figure states its definition and equals the list behind it', async () => {
    const res = await get(member, `/api/v1/alliances/${jintong}/figures`);
    expect(res.statusCode, res.body).toBe(200);
    const figures: Figure[] = res.json().figures;
    expect(figures.map((f) => f.key)).toEqual(ALLIANCE_FIGURE_KEYS);
    for (const f of figures) {
      expect(f.definition).toBe(ALLIANCE_FIGURES[f.key as keyof typeof ALLIANCE_FIGURES].definition);
      const list = (await get(member, `/api/v1/alliances/${jintong}/figures/${f.key}`)).json();
      if (f.key === 'demandWorkdays') {
        const values = list.items.map((r: { value: number }) => r.value);
        const mean = values.length
          ? Math.round((values.reduce((a: number, b: number) => a + b, 0) / values.length) * 10) / 10
          : null;
        expect(f.value).toBe(mean);
      } else expect(f.value, f.key).toBe(list.total);
    }
  });

  it('agrees with the alliance’s own pages', async () => {
    const figures: Figure[] = (await get(chain, `/api/v1/alliances/${jintong}/figures`)).json().figures;
    const detail = (await get(chain, `/api/v1/alliances/${jintong}`)).json();
    expect(figureValue(figures, 'members')).toBe(detail.members.length);
    expect(figureValue(figures, 'members')).toBe(detail.memberCount);
    const projects = (await get(chain, `/api/v1/projects?allianceId=${jintong}&topLevel=true`)).json();
    expect(figureValue(figures, 'projects')).toBe(projects.total);
    const challenges = (await get(chain, `/api/v1/challenges?allianceId=${jintong}`)).json();
    expect(figureValue(figures, 'challenges')).toBe(challenges.total);
    expect(figureValue(figures, 'projectsOnSchedule')).toBe(
      projects.items.filter(
        (p: { milestoneCount: number; aheadPoints: number }) => p.milestoneCount > 0 && p.aheadPoints >= 0,
      ).length,
    );
    const done = (
      await get(chain, `/api/v1/alliances/${jintong}/list-items?kind=demand&status=done&pageSize=100`)
    ).json();
    expect(figureValue(figures, 'demandsMet')).toBe(done.total);
    // the demo's storage demand met last month, and the test's own
    expect(figureValue(figures, 'demandsMet')).toBe(2);
    expect(figureValue(figures, 'casesSatisfied')).toBe(2);
    expect(figureValue(figures, 'demandWorkdays')).not.toBeNull();
    // the demo: one joint meeting held, its resolution done two days before it was due
    expect(figureValue(figures, 'meetingsHeld')).toBe(1);
    expect(figureValue(figures, 'resolutionsOnTime')).toBe(1);
    expect(figureValue(figures, 'challenges')).toBe(1);
  });

  it('is as missing outside, and names a wrong figure', async () => {
    expect((await get(district, `/api/v1/alliances/${jintong}/figures`)).statusCode).toBe(404);
    expect((await get(district, `/api/v1/alliances/${jintong}/figures/members`)).statusCode).toBe(404);
    const bad = await get(chain, `/api/v1/alliances/${jintong}/figures/nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('key');
  });
});

describe('the region’s figures', () => {
  it('totals are the sums over the alliances the caller sees', async () => {
    const all = (await get(admin, '/api/v1/alliance-figures')).json();
    expect(all.total).toBe(all.items.length);
    expect(all.total).toBeGreaterThan(1);
    for (const f of all.totals as Figure[]) {
      if (ALLIANCE_FIGURES[f.key as keyof typeof ALLIANCE_FIGURES].aggregate !== 'count') continue;
      const sum = all.items.reduce(
        (s: number, a: { figures: Figure[] }) => s + (figureValue(a.figures, f.key) ?? 0),
        0,
      );
      expect(f.value, f.key).toBe(sum);
    }
    const one = all.items.find((a: { allianceId: number }) => a.allianceId === jintong);
    const alone = (await get(admin, `/api/v1/alliances/${jintong}/figures`)).json().figures;
    expect(one.figures).toEqual(alone);
  });

  it('the office and a member see their alliance; the district outside sees none', async () => {
    for (const s of [chain, member]) {
      const mine = (await get(s, '/api/v1/alliance-figures')).json();
      expect(mine.items.map((a: { allianceId: number }) => a.allianceId)).toEqual([jintong]);
    }
    const none = (await get(district, '/api/v1/alliance-figures')).json();
    expect(none.total).toBe(0);
    expect(figureValue(none.totals, 'members')).toBe(0);
  });
});
