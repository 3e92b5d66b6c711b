import { type CalendarOverride, officialCalendarYear, WorkCalendar } from '@honglian/domain';
import { VersionedCache } from './cache.ts';
import { clock } from './clock.ts';
import type { Executor } from './context.ts';

/**
 * The working-day calendar of the product: the official arrangement from the chinese-days package
 * plus the corrections administrators store in `calendar_overrides`. Every deadline asks this. It is
 * kept in memory (`VersionedCache`): a correction made by any process bumps `cache_versions.calendar` in
 * the correction's transaction, and every process of a deployment uses it within a second.
 */
export class CalendarService {
  private readonly cache: VersionedCache<{ calendar: WorkCalendar; overrides: CalendarOverride[] }>;

  constructor(private readonly db: Executor) {
    this.cache = new VersionedCache('calendar', async (db) => {
      const rows = await db.selectFrom('calendar_overrides').select(['day', 'kind']).orderBy('day').execute();
      const overrides = rows.map((r) => ({ date: r.day, kind: r.kind }));
      const thisYear = Number(clock.today().slice(0, 4));
      const years = [];
      for (let y = 2004; y <= thisYear + 2; y++) years.push(officialCalendarYear(y));
      return { calendar: new WorkCalendar(years, overrides), overrides };
    });
  }

  async overrides(): Promise<CalendarOverride[]> {
    return (await this.cache.get(this.db)).overrides;
  }

  /** A calendar covering the official years 2004–(next year) with the stored overrides. */
  async calendar(): Promise<WorkCalendar> {
    return (await this.cache.get(this.db)).calendar;
  }

  /** Records a change to `calendar_overrides` in its transaction: every process re-reads within a second. */
  async changed(trx: Executor): Promise<void> {
    await this.cache.bump(trx);
  }

  /** Call after a change committed in this process (re-read on next use, without waiting). */
  invalidate(): void {
    this.cache.invalidate();
  }
}
