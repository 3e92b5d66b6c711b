import { isIsoDate, officialCalendarYear } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { type Actor, holdsEveryOrg } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { contextOf } from '../../platform/http.ts';
import { DateString, NullableTimestamp, Ok, problemResponses } from '../../platform/schemas.ts';

const CalendarYearResponse = z
  .object({
    year: z.number(),
    provisional: z.boolean().describe('该年度尚无官方安排时为 true：只按周末计算'),
    holidays: z.array(z.string()),
    makeupWorkdays: z.array(z.string()),
    overrides: z.array(
      z.object({
        date: z.string(),
        kind: z.enum(['holiday', 'workday']),
        note: z.string(),
        updatedBy: z.string().nullable(),
        updatedAt: NullableTimestamp,
      }),
    ),
  })
  .meta({ id: 'CalendarYear' });

/**
 * The calendar is national: one correction changes every deadline of every organization. So only an
 * administrator holding calendar.manage over every organization (not the top of one tree) corrects it.
 */
async function assertNationalCalendarAdmin(db: Database['db'], actor: Actor) {
  if (!(await holdsEveryOrg(db, actor, 'calendar.manage')))
    throw new AppError('forbidden', {
      detail: '工作日历的校正适用于全部党组织，只有管理全部党组织的系统管理员可以校正',
    });
}

export function calendarRoutes(app: FastifyInstance, { db }: Database, calendar: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['工作日历'];

  r.get('/api/v1/calendar/:year', {
    config: { public: true },
    schema: {
      tags,
      summary: '某年的法定节假日与调休上班日（含管理员校正）',
      params: z.object({
        year: z.coerce
          .number({ message: '年份应为数字' })
          .int('年份应为整数')
          .min(2004, '年份不能早于 2004')
          .max(2199, '年份不能晚于 2199'),
      }),
      response: { 200: CalendarYearResponse, ...problemResponses },
    },
    handler: async (req) => {
      const { year } = req.params;
      const official = officialCalendarYear(year);
      const overrides = await db
        .selectFrom('calendar_overrides')
        .leftJoin('users', 'users.id', 'calendar_overrides.updated_by')
        .select([
          'calendar_overrides.day',
          'calendar_overrides.kind',
          'calendar_overrides.note',
          'calendar_overrides.updated_at',
          'users.display_name',
        ])
        .where('calendar_overrides.day', '>=', `${year}-01-01`)
        .where('calendar_overrides.day', '<=', `${year}-12-31`)
        .orderBy('calendar_overrides.day')
        .execute();
      const holidays = new Set(official.holidays);
      const workdays = new Set(official.makeupWorkdays);
      for (const o of overrides) {
        holidays.delete(o.day);
        workdays.delete(o.day);
        if (o.kind === 'holiday') holidays.add(o.day);
        // a weekday marked as workday is a workday anyway; only weekend workdays are 调休 days
        else if ([0, 6].includes(new Date(`${o.day}T00:00:00Z`).getUTCDay())) workdays.add(o.day);
      }
      return {
        year,
        provisional: official.provisional,
        holidays: [...holidays].sort(),
        makeupWorkdays: [...workdays].sort(),
        overrides: overrides.map((o) => ({
          date: o.day,
          kind: o.kind,
          note: o.note,
          updatedBy: o.display_name,
          updatedAt: o.updated_at,
        })),
      };
    },
  });

  r.put('/api/v1/calendar/days/:date', {
    schema: {
      tags,
      summary: '校正某一天（放假或上班），优先于官方数据',
      params: z.object({ date: DateString }),
      body: z.object({
        kind: z.enum(['holiday', 'workday'], { message: '类型应为 holiday（放假）或 workday（上班）' }),
        note: z.string().trim().max(200).default(''),
      }),
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await assertNationalCalendarAdmin(db, ctx.actor);
      const { date } = req.params;
      if (!isIsoDate(date)) throw new AppError('validation');
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('calendar_overrides')
          .selectAll()
          .where('day', '=', date)
          .executeTakeFirst();
        await trx
          .insertInto('calendar_overrides')
          .values({ day: date, kind: req.body.kind, note: req.body.note, updated_by: ctx.actor.userId })
          .onConflict((oc) =>
            oc.column('day').doUpdateSet({
              kind: req.body.kind,
              note: req.body.note,
              updated_by: ctx.actor.userId,
              updated_at: sql`now()`,
            }),
          )
          .execute();
        await audit(trx, ctx, {
          action: 'calendar.set',
          entityType: 'calendar',
          entityId: date,
          orgPath: ctx.actor.bindings[0]?.orgPath ?? null,
          before: before ?? null,
          after: { date, kind: req.body.kind, note: req.body.note },
        });
        await calendar.changed(trx);
      });
      calendar.invalidate();
      return { ok: true as const };
    },
  });

  r.delete('/api/v1/calendar/days/:date', {
    schema: {
      tags,
      summary: '撤销对某一天的校正，恢复官方数据',
      params: z.object({ date: DateString }),
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await assertNationalCalendarAdmin(db, ctx.actor);
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .deleteFrom('calendar_overrides')
          .where('day', '=', req.params.date)
          .returningAll()
          .executeTakeFirst();
        if (!before) throw new AppError('not_found', { detail: '该日期没有校正记录' });
        await audit(trx, ctx, {
          action: 'calendar.reset',
          entityType: 'calendar',
          entityId: req.params.date,
          orgPath: ctx.actor.bindings[0]?.orgPath ?? null,
          before,
        });
        await calendar.changed(trx);
      });
      calendar.invalidate();
      return { ok: true as const };
    },
  });
}
