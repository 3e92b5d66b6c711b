import { type CalendarOverride, officialCalendarYear, WorkCalendar } from '@honglian/domain';
import { clock } from './clock.ts';
import type { Executor } from './context.ts';

/**
 * The working-day calendar of the product: the official arrangement from the chinese-days package
 * plus the corrections administrators store in `calendar_overrides`. Every deadline asks this.
 */
export class CalendarService {
  private cached: { calendar: WorkCalendar; overrides: CalendarOverride[] } | undefined;

  constructor(private readonly db: Executor) {}

  async overrides(): Promise<CalendarOverride[]> {
    if (!this.cached) await this.calendar();
    return this.cached!.overrides;
  }

  /** A calendar covering the official years 2004–(next year) with the stored overrides. */
  async calendar(): Promise<WorkCalendar> {
    if (this.cached) return this.cached.calendar;
    const rows = await this.db
      .selectFrom('calendar_overrides')
      .select(['day', 'kind'])
      .orderBy('day')
      .execute();
    const overrides = rows.map((r) => ({ date: r.day, kind: r.kind }));
    const thisYear = Number(clock.today().slice(0, 4));
    const years = [];
    for (let y = 2004; y <= thisYear + 2; y++) years.push(officialCalendarYear(y));
    this.cached = { calendar: new WorkCalendar(years, overrides), overrides };
    return this.cached.calendar;
  }

  /** Call after a change to `calendar_overrides` (the service re-reads on next use). */
  invalidate(): void {
    this.cached = undefined;
  }
}
