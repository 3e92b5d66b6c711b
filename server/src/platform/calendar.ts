import { type CalendarOverride, officialCalendarYear, WorkCalendar } from '@honglian/domain';
import { sql } from 'kysely';
import { clock, systemNow } from './clock.ts';
import type { Executor } from './context.ts';

/** How often a process asks whether another one changed the calendar (issue 11: within a second). */
const VERSION_CHECK_MS = 1000;

/**
 * The working-day calendar of the product: the official arrangement from the chinese-days package
 * plus the corrections administrators store in `calendar_overrides`. Every deadline asks this. It is
 * kept in memory; a correction made by any process bumps `cache_versions.calendar` (`changed`, in the
 * correction's transaction; migration 0106), and each process compares its copy's version at most once a
 * second, so every process of a deployment uses a correction within a second of it.
 */
export class CalendarService {
  private cached: { calendar: WorkCalendar; overrides: CalendarOverride[]; version: number } | undefined;
  private checkedAt = 0;

  constructor(private readonly db: Executor) {}

  async overrides(): Promise<CalendarOverride[]> {
    await this.calendar();
    return this.cached!.overrides;
  }

  private async version(): Promise<number> {
    const row = await sql<{
      version: number;
    }>`select version from cache_versions where name = 'calendar'`.execute(this.db);
    return Number(row.rows[0]?.version ?? 0);
  }

  /** A calendar covering the official years 2004–(next year) with the stored overrides. */
  async calendar(): Promise<WorkCalendar> {
    const now = systemNow().getTime();
    if (this.cached && now - this.checkedAt < VERSION_CHECK_MS) return this.cached.calendar;
    const version = await this.version();
    this.checkedAt = now;
    if (this.cached && this.cached.version === version) return this.cached.calendar;
    const rows = await this.db
      .selectFrom('calendar_overrides')
      .select(['day', 'kind'])
      .orderBy('day')
      .execute();
    const overrides = rows.map((r) => ({ date: r.day, kind: r.kind }));
    const thisYear = Number(clock.today().slice(0, 4));
    const years = [];
    for (let y = 2004; y <= thisYear + 2; y++) years.push(officialCalendarYear(y));
    this.cached = { calendar: new WorkCalendar(years, overrides), overrides, version };
    return this.cached.calendar;
  }

  /** Records a change to `calendar_overrides` in its transaction: every process re-reads within a second. */
  async changed(trx: Executor): Promise<void> {
    await sql`update cache_versions set version = version + 1 where name = 'calendar'`.execute(trx);
  }

  /** Call after a change committed in this process (re-read on next use, without waiting). */
  invalidate(): void {
    this.cached = undefined;
    this.checkedAt = 0;
  }
}
