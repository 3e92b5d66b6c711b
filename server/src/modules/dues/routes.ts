import { DUES_CATEGORIES, type DuesCategory, FLAT_GROUPS, type FlatGroup } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { contextOf } from '../../platform/http.ts';
import {
  DateString,
  IdParam,
  NullableTimestamp,
  Pagination,
  problemResponses,
} from '../../platform/schemas.ts';
import { importPayments, ledgerWorkbook, paymentTemplate } from './excel.ts';
import * as repo from './repository.ts';
import * as service from './service.ts';

const categories = Object.keys(DUES_CATEGORIES) as [DuesCategory, ...DuesCategory[]];
const Category = z.enum(categories, {
  message: '党费类别应为 on_job、annual_salary、self_employed、retiree 或 flat',
});
const Fen = z
  .number({ message: '金额应为整数（单位：分）' })
  .int('金额应为整数（单位：分）')
  .min(0, '金额不能为负');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const Year = z.coerce.number().int().min(2000, '年份不能早于 2000').max(2100, '年份不能晚于 2100');
const FlatGroupEnum = z.enum(Object.keys(FLAT_GROUPS) as [FlatGroup, ...FlatGroup[]], {
  message: '定额交纳对象应为 farmer、student、unemployed、relief 或 subsistence',
});
// payroll (从工资中扣缴) and advance (党组织垫交) are accepted here only to be refused citing D12
const Method = z.enum(['cash', 'transfer', 'bank', 'other', 'payroll', 'advance']);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Quote = z
  .object({
    monthlyFen: z.number(),
    rate: z.string().nullable(),
    rule: z.object({ id: z.string(), source: z.string(), article: z.string() }),
  })
  .meta({ id: 'DuesQuote' });

export function duesRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['党费'];
  const ctxOf = contextOf;

  r.post('/api/v1/dues/quote', {
    config: { public: true },
    schema: {
      tags,
      summary: '按类别和基数测算月交党费（依据 D1–D4，注明条款）',
      body: z.object({
        category: Category,
        baseFen: Fen.max(1_000_000_000_000, '基数超出允许范围'),
        /** D4: whose flat amount it is (for `flat`) */
        flatGroup: FlatGroupEnum.optional(),
        /** the region whose flat amounts apply (D4 regional parameters); national ones when absent */
        regionCode: z
          .string()
          .regex(/^\d{6}$/, '地区代码应为6位数字')
          .optional(),
      }),
      response: { 200: Quote, ...problemResponses },
    },
    handler: (req) => service.quoteFor(db, req.body),
  });

  r.get('/api/v1/dues/bases', {
    schema: {
      tags,
      summary: '某组织（含下级）党员某年的党费基数',
      querystring: Pagination.extend({ orgId: z.coerce.number().int().positive(), year: Year }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              memberId: z.number(),
              name: z.string(),
              orgName: z.string(),
              category: z.string().nullable(),
              categoryLabel: z.string().nullable(),
              flatGroup: z.string().nullable(),
              baseFen: z.number().nullable(),
              monthlyFen: z.number().nullable(),
              rate: z.string().nullable(),
              ruleId: z.string().nullable(),
              adjustment: z.string().nullable(),
              reducedFen: z.number().nullable(),
              adjustmentUntil: z.string().nullable(),
              adjustmentReason: z.string().nullable(),
              approvedBy: z.string().nullable(),
              confirmedAt: NullableTimestamp,
            }),
          ),
          total: z.number(),
          withBase: z.number(),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const org = await service.orgFor(db, ctxOf(req), req.query.orgId);
      const { rows, total, withBase } = await repo.listBases(db, org.path, req.query.year, {
        limit: req.query.pageSize,
        offset: (req.query.page - 1) * req.query.pageSize,
      });
      return {
        items: rows.map((b) => ({
          memberId: b.member_id,
          name: b.name,
          orgName: b.org_name,
          category: b.category,
          categoryLabel: b.category ? (DUES_CATEGORIES[b.category as DuesCategory] ?? b.category) : null,
          flatGroup: b.flat_group,
          baseFen: b.base_fen,
          monthlyFen: b.monthly_fen,
          rate: b.rate,
          ruleId: b.rule_id,
          adjustment: b.adjustment,
          reducedFen: b.reduced_fen,
          adjustmentUntil: b.adjustment_until,
          adjustmentReason: b.adjustment_reason,
          approvedBy: b.adjustment_approved_by,
          confirmedAt: b.confirmed_at,
        })),
        total,
        withBase,
      };
    },
  });

  r.put('/api/v1/dues/bases/:id', {
    schema: {
      tags,
      summary: '核定党员某年的党费类别与基数（id 为党员 id）',
      params: IdParam,
      body: z.object({ year: Year, category: Category, baseFen: Fen, flatGroup: FlatGroupEnum.optional() }),
      response: { 200: Quote.extend({ year: z.number() }), ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.setBase(trx, ctxOf(req), req.params.id, req.body)),
  });

  r.put('/api/v1/dues/bases/:id/adjustment', {
    schema: {
      tags,
      summary: '登记经上级党委批准的减交或免交（D5；id 为党员 id）',
      params: IdParam,
      body: z.object({
        year: Year,
        kind: z.enum(['none', 'reduced', 'exempt']),
        reducedFen: Fen.optional(),
        untilMonth: Month.optional(),
        reason: z.string().trim().max(500).optional(),
      }),
      response: { 200: z.object({ ok: z.literal(true) }), ...problemResponses },
    },
    handler: async (req) => {
      await db
        .transaction()
        .execute((trx) => service.setAdjustment(trx, ctxOf(req), req.params.id, req.body));
      return { ok: true as const };
    },
  });

  r.post('/api/v1/dues/ledger/generate', {
    schema: {
      tags,
      summary: '一次生成某组织（含全部下级）某月的党费台账；重复生成不会重复记账',
      body: z.object({ orgId: z.number().int().positive(), month: Month }),
      response: {
        200: z.object({
          month: z.string(),
          generated: z.number(),
          alreadyGenerated: z.number(),
          withoutBase: z.number(),
        }),
        ...problemResponses,
      },
    },
    handler: (req) =>
      db
        .transaction()
        .execute((trx) => service.generateLedger(trx, ctxOf(req), req.body.orgId, req.body.month)),
  });

  r.get('/api/v1/dues/ledger', {
    schema: {
      tags,
      summary: '某月党费台账',
      querystring: Pagination.extend({
        orgId: z.coerce.number().int().positive(),
        month: Month,
        status: z.enum(['unpaid', 'partial', 'paid', 'exempt']).optional(),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.number(),
              memberId: z.number(),
              name: z.string(),
              orgName: z.string(),
              month: z.string(),
              dueFen: z.number(),
              paidFen: z.number(),
              status: z.string(),
            }),
          ),
          total: z.number(),
          dueFen: z.number(),
          paidFen: z.number(),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const org = await service.orgFor(db, ctxOf(req), req.query.orgId);
      let q = repo.ledgerQuery(db, org.path, req.query.month);
      if (req.query.status) q = q.where('l.status', '=', req.query.status);
      const [rows, totals] = await Promise.all([
        q
          .select([
            'l.id',
            'l.member_id',
            'm.name',
            'o.name as org_name',
            'l.month',
            'l.due_fen',
            'l.paid_fen',
            'l.status',
          ])
          .orderBy('o.path')
          .orderBy('m.id')
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize)
          .execute(),
        q
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.coalesce(eb.fn.sum<number>('l.due_fen'), eb.lit(0)).as('due'),
            eb.fn.coalesce(eb.fn.sum<number>('l.paid_fen'), eb.lit(0)).as('paid'),
          ])
          .executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((l) => ({
          id: l.id,
          memberId: l.member_id,
          name: l.name,
          orgName: l.org_name,
          month: l.month,
          dueFen: l.due_fen,
          paidFen: l.paid_fen,
          status: l.status,
        })),
        total: Number(totals.n),
        dueFen: Number(totals.due),
        paidFen: Number(totals.paid),
      };
    },
  });

  r.get('/api/v1/dues/ledger/export.xlsx', {
    schema: {
      tags,
      summary: '导出某月党费收缴明细（Excel）',
      querystring: z.object({ orgId: z.coerce.number().int().positive(), month: Month }),
    },
    handler: async (req, reply) => {
      const file = await ledgerWorkbook(db, ctxOf(req), req.query.orgId, req.query.month);
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .send(file.buffer);
    },
  });

  r.post('/api/v1/dues/payments', {
    schema: {
      tags,
      summary: '登记一笔党费（按月交纳或自愿多交）',
      body: z.object({
        memberId: z.number().int().positive(),
        month: Month,
        amountFen: Fen.min(1, '金额应大于 0'),
        paidOn: DateString,
        // special (特殊党费) is accepted here only to be refused citing D12
        kind: z.enum(['regular', 'voluntary', 'special']).default('regular'),
        method: Method.optional(),
        note: z.string().trim().max(200).optional(),
      }),
      response: { 201: z.object({ id: z.number(), notice: z.string().nullable() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const result = await db
        .transaction()
        .execute((trx) => service.recordPayment(trx, ctxOf(req), req.body));
      return reply.code(201).send(result);
    },
  });

  r.post('/api/v1/dues/payments/bulk', {
    schema: {
      tags,
      summary: '批量登记某月已交（所选党员或全部未交党员按应交金额）',
      body: z.object({
        orgId: z.number().int().positive(),
        month: Month,
        memberIds: z.array(z.number().int().positive()).max(5000).optional(),
        paidOn: DateString,
        method: Method.optional(),
      }),
      response: { 200: z.object({ paid: z.number() }), ...problemResponses },
    },
    handler: (req) => db.transaction().execute((trx) => service.bulkPay(trx, ctxOf(req), req.body)),
  });

  r.get('/api/v1/dues/payments/template.xlsx', {
    schema: { tags, summary: '党费缴纳导入模板（Excel）' },
    handler: async (_req, reply) =>
      reply
        .type(XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('党费缴纳导入模板.xlsx')}`,
        )
        .send(await paymentTemplate()),
  });

  // the upload is the .xlsx itself as the request body; its parser lives only inside this plugin
  app.register(async (scope) => {
    scope.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/dues/payments/import', {
      schema: {
        tags,
        summary: '从 Excel 或银行代收明细导入党费缴纳：逐行报告错误；mode=all 时有错误则一行也不写入',
        querystring: z.object({ mode: z.enum(['all', 'good_rows']).default('all') }),
        response: {
          200: z.object({
            imported: z.number(),
            goodRows: z.number(),
            errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
          }),
          ...problemResponses,
        },
      },
      handler: async (req) => {
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError('unsupported_media_type', { detail: `请以 ${XLSX} 上传 Excel 文件` });
        }
        const body = req.body;
        return db.transaction().execute((trx) => importPayments(trx, contextOf(req), body, req.query.mode));
      },
    });
  });

  r.get('/api/v1/dues/arrears', {
    schema: {
      tags,
      summary: '连续未交党费的党员（5 个月提醒，6 个月形成问题线索，由支部研究处理）',
      querystring: z.object({
        orgId: z.coerce.number().int().positive(),
        minMonths: z.coerce.number().int().min(1).max(120).default(1),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              memberId: z.number(),
              name: z.string(),
              orgId: z.number(),
              orgName: z.string(),
              months: z.number(),
              owedFen: z.number(),
              firstMonth: z.string(),
              lastMonth: z.string(),
              level: z.enum(['none', 'warning', 'finding']),
            }),
          ),
          total: z.number(),
          rule: z.object({
            id: z.string(),
            source: z.string(),
            article: z.string(),
            warnAt: z.number(),
            findingAt: z.number(),
          }),
        }),
        ...problemResponses,
      },
    },
    handler: (req) => service.arrears(db, ctxOf(req), req.query.orgId, req.query.minMonths),
  });

  const Totals = { dueFen: z.number(), paidFen: z.number() };
  r.get('/api/v1/dues/summary', {
    schema: {
      tags,
      summary: '党费收缴统计：按月（全年）和按下级组织（某月），金额精确到分',
      querystring: z.object({
        orgId: z.coerce.number().int().positive(),
        year: Year,
        month: Month.optional(),
      }),
      response: {
        200: z.object({
          org: z.object({ id: z.number(), name: z.string() }),
          year: z.number(),
          months: z.array(
            z.object({
              month: z.string(),
              members: z.number(),
              paidMembers: z.number(),
              voluntaryFen: z.number(),
              ...Totals,
            }),
          ),
          yearTotal: z.object({ voluntaryFen: z.number(), ...Totals }),
          month: z.string(),
          children: z.array(
            z.object({
              orgId: z.number(),
              orgName: z.string(),
              members: z.number(),
              paidMembers: z.number(),
              ...Totals,
            }),
          ),
        }),
        ...problemResponses,
      },
    },
    handler: (req) =>
      service.summary(
        db,
        ctxOf(req),
        req.query.orgId,
        req.query.year,
        req.query.month ?? service.currentMonth(),
      ),
  });

  r.get('/api/v1/me/dues', {
    schema: {
      tags,
      summary: '本人的党费：基数、最近 12 个月台账与欠交金额',
      response: {
        200: z.object({
          member: z.object({ id: z.number(), name: z.string() }),
          bases: z.array(
            z.object({
              year: z.number(),
              category: z.string(),
              categoryLabel: z.string(),
              baseFen: z.number(),
              monthlyFen: z.number(),
              rate: z.string().nullable(),
              ruleId: z.string(),
              adjustment: z.string(),
              reducedFen: z.number().nullable(),
              confirmedAt: NullableTimestamp,
            }),
          ),
          ledger: z.array(
            z.object({ month: z.string(), dueFen: z.number(), paidFen: z.number(), status: z.string() }),
          ),
          owedFen: z.number(),
        }),
        ...problemResponses,
      },
    },
    handler: (req) => service.myDues(db, ctxOf(req)),
  });

  r.post('/api/v1/me/dues/confirm', {
    schema: {
      tags,
      summary: '党员确认本人某年的党费核定金额',
      body: z.object({ year: Year }),
      response: { 200: z.object({ ok: z.literal(true) }), ...problemResponses },
    },
    handler: async (req) => {
      await db.transaction().execute((trx) => service.confirmMyBase(trx, ctxOf(req), req.body.year));
      return { ok: true as const };
    },
  });
}
