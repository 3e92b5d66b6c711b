import { describe, expect, it } from 'vitest';
import {
  checkInDecision,
  distanceMetres,
  participationLabel,
  placeFor,
  pointsForMinutes,
  promote,
  ruleFor,
  serviceMinutes,
} from './rules.ts';

const at = (s: string) => new Date(`${s}+08:00`);

describe('places and the waiting list', () => {
  it('gives a place up to the capacity and a waiting position after it', () => {
    expect(placeFor(3, 0)).toBe('signed_up');
    expect(placeFor(3, 2)).toBe('signed_up');
    expect(placeFor(3, 3)).toBe('waitlisted');
    expect(placeFor(1, 5)).toBe('waitlisted');
  });

  it('promotes as many as places are free, in order of asking (then id)', () => {
    const waiting = [
      { id: 7, queuedAt: at('2026-12-01T10:00:02') },
      { id: 5, queuedAt: at('2026-12-01T10:00:01') },
      { id: 9, queuedAt: at('2026-12-01T10:00:01') },
    ];
    expect(promote(waiting, 3, 2)).toEqual([5]);
    expect(promote(waiting, 3, 1)).toEqual([5, 9]);
    expect(promote(waiting, 10, 0)).toEqual([5, 9, 7]);
    expect(promote(waiting, 3, 3)).toEqual([]);
    // over capacity (the capacity was lowered): nobody moves up
    expect(promote(waiting, 3, 4)).toEqual([]);
  });

  it('labels a status for the phone', () => {
    expect(participationLabel('signed_up', null)).toBe('报名成功');
    expect(participationLabel('waitlisted', 2)).toBe('候补第2位');
    expect(participationLabel('cancelled', null)).toBe('已取消');
  });
});

describe('QR check-in: time window and distance', () => {
  const base = {
    startsAt: at('2026-12-05T09:00:00'),
    endsAt: at('2026-12-05T11:00:00'),
    place: { lat: 24.5096, long: 118.1425 },
    position: { lat: 24.5096, long: 118.1425 },
  };

  it('opens 30 minutes before the start and closes at the end', () => {
    const tokenExpiresAt = at('2026-12-05T12:00:00');
    expect(checkInDecision({ ...base, tokenExpiresAt, now: at('2026-12-05T08:30:00') }).ok).toBe(true);
    const early = checkInDecision({ ...base, tokenExpiresAt, now: at('2026-12-05T08:29:59') });
    expect(early).toMatchObject({ ok: false, field: 'token', code: 'activity.checkin_not_open' });
    expect(!early.ok && early.message).toContain('12月05日 09:00');
    expect(checkInDecision({ ...base, tokenExpiresAt, now: at('2026-12-05T11:00:00') }).ok).toBe(true);
    expect(checkInDecision({ ...base, tokenExpiresAt, now: at('2026-12-05T11:00:01') })).toMatchObject({
      ok: false,
      field: 'token',
      code: 'activity.checkin_closed',
    });
  });

  it('refuses an expired token, naming the token', () => {
    const now = at('2026-12-05T09:10:00');
    expect(checkInDecision({ ...base, now, tokenExpiresAt: now }).ok).toBe(true);
    expect(checkInDecision({ ...base, now, tokenExpiresAt: new Date(now.getTime() - 1000) })).toMatchObject({
      ok: false,
      field: 'token',
      code: 'activity.token_expired',
    });
  });

  it('accepts within the radius and refuses beyond it, naming the position and the distance', () => {
    const now = at('2026-12-05T09:10:00');
    const tokenExpiresAt = at('2026-12-05T09:15:00');
    // 0.0044° of latitude ≈ 489 m; 0.0046° ≈ 511 m
    const near = { lat: 24.5096 + 0.0044, long: 118.1425 };
    const far = { lat: 24.5096 + 0.0046, long: 118.1425 };
    expect(distanceMetres(base.place, near)).toBeLessThan(500);
    expect(distanceMetres(base.place, far)).toBeGreaterThan(500);
    expect(checkInDecision({ ...base, now, tokenExpiresAt, position: near }).ok).toBe(true);
    const refused = checkInDecision({ ...base, now, tokenExpiresAt, position: far });
    expect(refused).toMatchObject({ ok: false, field: 'position', code: 'activity.too_far' });
    expect(!refused.ok && refused.message).toContain('511 米');
    expect(checkInDecision({ ...base, now, tokenExpiresAt, position: null })).toMatchObject({
      ok: false,
      field: 'position',
    });
    // an activity without coordinates checks time only
    expect(checkInDecision({ ...base, now, tokenExpiresAt, place: null, position: null }).ok).toBe(true);
  });
});

describe('service hours and points', () => {
  const activity = { startsAt: at('2026-12-05T09:00:00'), endsAt: at('2026-12-05T11:00:00') };

  it('counts check-in to check-out within the activity, rounded down to the unit', () => {
    const minutes = (inAt: string, outAt: string | null, unitMinutes = 30) =>
      serviceMinutes({
        ...activity,
        checkedInAt: at(inAt),
        checkedOutAt: outAt ? at(outAt) : null,
        unitMinutes,
      });
    expect(minutes('2026-12-05T09:00:00', '2026-12-05T10:29:59')).toBe(60);
    expect(minutes('2026-12-05T09:00:00', '2026-12-05T10:30:00')).toBe(90);
    // early arrival and late stay count only the activity's time
    expect(minutes('2026-12-05T08:40:00', '2026-12-05T12:00:00')).toBe(120);
    // no check-out: until the end
    expect(minutes('2026-12-05T10:00:00', null)).toBe(60);
    expect(minutes('2026-12-05T09:00:00', '2026-12-05T09:29:00')).toBe(0);
    expect(minutes('2026-12-05T09:00:00', '2026-12-05T09:29:00', 1)).toBe(29);
    // checked out before checking in (clock skew): nothing, never negative
    expect(minutes('2026-12-05T10:00:00', '2026-12-05T09:00:00')).toBe(0);
  });

  it('turns minutes into whole points at the region’s rate', () => {
    expect(pointsForMinutes(60, 10)).toBe(10);
    expect(pointsForMinutes(90, 10)).toBe(15);
    expect(pointsForMinutes(30, 15)).toBe(7);
    expect(pointsForMinutes(0, 10)).toBe(0);
    expect(pointsForMinutes(120, 0)).toBe(0);
  });

  it('takes the longest matching region prefix, the national default last', () => {
    const rules = [
      { regionPrefix: '', pointsPerHour: 10 },
      { regionPrefix: '4453', pointsPerHour: 20 },
      { regionPrefix: '445302', pointsPerHour: 25 },
    ];
    expect(ruleFor(rules, '445302')?.pointsPerHour).toBe(25);
    expect(ruleFor(rules, '445381')?.pointsPerHour).toBe(20);
    expect(ruleFor(rules, '350206')?.pointsPerHour).toBe(10);
    expect(ruleFor([], '350206')).toBeNull();
  });
});
