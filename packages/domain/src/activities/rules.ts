/**
 * Pure rules of activities and service hours (issue 14, decision 0020): who gets a place and who waits,
 * when and where a QR check-in is accepted, how check-in/check-out become service minutes, and how
 * approved minutes become points under a region's rule.
 */

export const ACTIVITY_KINDS = {
  volunteer: '志愿服务',
  theme_day: '主题党日',
  study: '学习',
  visit: '慰问',
  council: '议事',
} as const;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

export const ACTIVITY_AUDIENCES = {
  members: '本组织党员',
  residents: '所有居民',
  riders: '骑手（红色骑手队员）',
} as const;
export type ActivityAudience = keyof typeof ACTIVITY_AUDIENCES;

export const TEAM_KINDS = {
  party_members: '党员服务队',
  riders: '红色骑手',
  grid: '网格志愿服务队',
} as const;
export type TeamKind = keyof typeof TEAM_KINDS;

/** How early before the start a QR check-in opens, and how long a QR token lives. */
export const CHECKIN_OPENS_BEFORE_MINUTES = 30;
export const CHECKIN_TOKEN_SECONDS = 300;
/** How far (metres) from the activity's place a QR check-in is accepted. */
export const CHECKIN_RADIUS_METRES = 500;

export type PlaceDecision = { ok: true } | { ok: false; field: string; code: string; message: string };

/** Whether a person asking to join gets a place or a waiting position: decided under the activity's lock. */
export function placeFor(capacity: number, signedUp: number): 'signed_up' | 'waitlisted' {
  return signedUp < capacity ? 'signed_up' : 'waitlisted';
}

/**
 * Who moves up when places free: the first `freed` of the waiting list in order of asking (queued_at,
 * then id). Returns the ids promoted.
 */
export function promote<T extends { id: number; queuedAt: Date }>(
  waiting: readonly T[],
  capacity: number,
  signedUp: number,
): number[] {
  const free = Math.max(0, capacity - signedUp);
  return [...waiting]
    .sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.id - b.id)
    .slice(0, free)
    .map((w) => w.id);
}

/** "报名成功", "候补第N位", "已取消" for a participation. */
export function participationLabel(status: string, waitlistPosition: number | null): string {
  if (status === 'signed_up') return '报名成功';
  if (status === 'waitlisted') return `候补第${waitlistPosition ?? 1}位`;
  return '已取消';
}

/** Great-circle distance in metres (haversine on a 6,371 km sphere). */
export function distanceMetres(a: { lat: number; long: number }, b: { lat: number; long: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLong = (b.long - a.long) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLong / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function hhmm(d: Date): string {
  // Asia/Shanghai wall time, without Intl (the same on every machine)
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${s.slice(5, 10).replace('-', '月')}日 ${s.slice(11, 16)}`;
}

/**
 * A QR check-in's time and place: the token must not have expired; the time must lie between
 * CHECKIN_OPENS_BEFORE_MINUTES before the start and the end; the position, when the activity has one,
 * within `radius` metres. Each refusal names the request's field it is about.
 */
export function checkInDecision(input: {
  now: Date;
  tokenExpiresAt: Date;
  startsAt: Date;
  endsAt: Date;
  place: { lat: number; long: number } | null;
  position: { lat: number; long: number } | null;
  radius?: number;
}): PlaceDecision {
  if (input.now.getTime() > input.tokenExpiresAt.getTime())
    return {
      ok: false,
      field: 'token',
      code: 'activity.token_expired',
      message: '签到码已过期，请组织者刷新签到码后重新扫码',
    };
  const opens = new Date(input.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MINUTES * 60_000);
  if (input.now.getTime() < opens.getTime())
    return {
      ok: false,
      field: 'token',
      code: 'activity.checkin_not_open',
      message: `签到时间未到：活动 ${hhmm(input.startsAt)} 开始，开始前 ${CHECKIN_OPENS_BEFORE_MINUTES} 分钟起可以签到`,
    };
  if (input.now.getTime() > input.endsAt.getTime())
    return {
      ok: false,
      field: 'token',
      code: 'activity.checkin_closed',
      message: `签到时间已过：活动已于 ${hhmm(input.endsAt)} 结束，请联系组织者补登`,
    };
  if (input.place) {
    if (!input.position)
      return {
        ok: false,
        field: 'position',
        code: 'activity.position_required',
        message: '请允许获取位置后再签到：本活动需要在活动地点附近签到',
      };
    const radius = input.radius ?? CHECKIN_RADIUS_METRES;
    const d = distanceMetres(input.place, input.position);
    if (d > radius)
      return {
        ok: false,
        field: 'position',
        code: 'activity.too_far',
        message: `您的位置距活动地点约 ${Math.round(d)} 米，需在 ${radius} 米以内签到`,
      };
  }
  return { ok: true };
}

/**
 * Service minutes of one participation: from check-in to check-out, clipped to the activity's time,
 * rounded down to whole units of `unitMinutes`. No check-out: the activity's end counts (the organizer
 * may adjust it with a reason).
 */
export function serviceMinutes(input: {
  checkedInAt: Date;
  checkedOutAt: Date | null;
  startsAt: Date;
  endsAt: Date;
  unitMinutes: number;
}): number {
  const from = Math.max(input.checkedInAt.getTime(), input.startsAt.getTime());
  const to = Math.min((input.checkedOutAt ?? input.endsAt).getTime(), input.endsAt.getTime());
  const minutes = Math.max(0, Math.floor((to - from) / 60_000));
  const unit = Math.max(1, input.unitMinutes);
  return Math.floor(minutes / unit) * unit;
}

/** Points for approved minutes at `pointsPerHour`, rounded down to a whole point. */
export function pointsForMinutes(minutes: number, pointsPerHour: number): number {
  if (minutes <= 0 || pointsPerHour <= 0) return 0;
  return Math.floor((minutes * pointsPerHour) / 60);
}

/** "2.5 小时" from minutes. */
export function hoursLabel(minutes: number): string {
  const h = Math.round((minutes / 60) * 100) / 100;
  return `${h} 小时`;
}

/** The region's rule: the longest prefix of the region code among the rules ('' is the default). */
export function ruleFor<T extends { regionPrefix: string }>(
  rules: readonly T[],
  regionCode: string,
): T | null {
  return (
    [...rules]
      .filter((r) => regionCode.startsWith(r.regionPrefix))
      .sort((a, b) => b.regionPrefix.length - a.regionPrefix.length)[0] ?? null
  );
}
