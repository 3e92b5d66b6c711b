import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { todayInShanghai } from '@honglian/domain';
import { describe, expect, it } from 'vitest';
import { shiftedClock, testTodayFrom } from './clock.ts';

describe('the one clock', () => {
  it('runs on the real date when no test day is set', () => {
    const c = shiftedClock(undefined);
    expect(c.today()).toBe(todayInShanghai(new Date()));
    expect(Math.abs(c.now().getTime() - Date.now())).toBeLessThan(1000);
    expect(c.fixedToday).toBeUndefined();
  });

  it.each(['2026-12-31', '2027-01-01', '2026-10-03', '2028-02-29'])(
    'moves the date to %s and keeps the time of day running',
    (day) => {
      const c = shiftedClock(day);
      expect(c.today()).toBe(day);
      expect(c.month()).toBe(day.slice(0, 7));
      const shift = c.now().getTime() - Date.now();
      expect(Math.abs(shift % 86_400_000)).toBeLessThan(1000);
    },
  );

  it('runs work as of a past instant, for everything it awaits, and only there', async () => {
    const c = shiftedClock('2027-01-01');
    const past = new Date('2026-03-15T10:30:00+08:00');
    const seen = await c.at(past, async () => {
      await Promise.resolve();
      const inner = await c.at(new Date('2026-04-01T09:00:00+08:00'), async () => c.today());
      return { now: c.now().toISOString(), today: c.today(), month: c.month(), inner, after: c.today() };
    });
    expect(seen).toEqual({
      now: past.toISOString(),
      today: '2026-03-15',
      month: '2026-03',
      inner: '2026-04-01',
      after: '2026-03-15',
    });
    expect(c.today()).toBe('2027-01-01');
  });

  it('keeps each of several overlapping runs at its own instant until it ends, and again after all have ended', async () => {
    const c = shiftedClock('2027-01-01');
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const long = c.at(new Date('2026-05-01T09:00:00+08:00'), async () => {
      await gate;
      await new Promise((r) => setTimeout(r, 5));
      return c.today();
    });
    // a short run ends while the long one waits: the long one keeps its day
    expect(await c.at(new Date('2026-06-01T09:00:00+08:00'), async () => c.today())).toBe('2026-06-01');
    release();
    expect(await long).toBe('2026-05-01');
    expect(c.today()).toBe('2027-01-01');
    // a run after all have ended (the store was let go) fixes time again
    expect(await c.at(new Date('2026-07-01T09:00:00+08:00'), async () => c.today())).toBe('2026-07-01');
    // a run whose work fails lets go too
    await expect(
      c.at(new Date('2026-08-01T09:00:00+08:00'), async () => {
        throw new Error('失败');
      }),
    ).rejects.toThrow('失败');
    expect(c.today()).toBe('2027-01-01');
  });

  it('refuses a day that does not exist', () => {
    expect(() => shiftedClock('2027-02-29')).toThrow(/HONGLIAN_TEST_TODAY/);
  });

  it('honours HONGLIAN_TEST_TODAY only in a test process', () => {
    expect(testTodayFrom({ NODE_ENV: 'test', HONGLIAN_TEST_TODAY: '2027-01-01' })).toBe('2027-01-01');
    expect(testTodayFrom({ NODE_ENV: 'production', HONGLIAN_TEST_TODAY: '2027-01-01' })).toBeUndefined();
    expect(testTodayFrom({ HONGLIAN_TEST_TODAY: '2027-01-01' })).toBeUndefined();
    expect(testTodayFrom({ NODE_ENV: 'test', HONGLIAN_TEST_TODAY: ' ' })).toBeUndefined();
  });
});

describe('time comes from one place', () => {
  it('no source file reads the real clock except platform/clock.ts and the web date helper', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const allowed = new Set([
      'server/src/platform/clock.ts',
      'server/src/platform/clock.unit.test.ts',
      // the pages' today: the server's business date when known, else the browser's clock in Shanghai
      'web/src/components/format.ts',
    ]);
    // SQL's current_date is the database's real date: pass clock.today() as a parameter instead
    const realClock = /new Date\(\)|Date\.now\(\)|dayjs\(\)|todayInShanghai\(\)|current_date/i;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(rel);
        } else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !allowed.has(rel)) {
          readFileSync(path.join(root, rel), 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (realClock.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
            });
        }
      }
    };
    for (const dir of ['server/src', 'packages/domain/src', 'web/src', 'e2e', 'bench']) walk(dir);
    // business time: clock.now() / clock.today(); elapsed infrastructure time: systemNow()
    expect(offenders).toEqual([]);
  });
});
