import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import {
  CaseDetail,
  CaseItem,
  CategoryItem,
  CreateCaseBody,
  ListCasesQuery,
  MeasuresAnswer,
  MeasuresQuery,
  NotificationItem,
  PointsAnswer,
  SimilarItem,
  SimilarQuery,
  TransitionBody,
} from './schemas.ts';
import * as service from './service.ts';

export function caseRoutes(app: FastifyInstance, { db }: Database, calendarService: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['诉求工单'];

  r.get('/api/v1/case-categories', {
    schema: {
      tags,
      summary: '诉求分类与派单规则',
      response: { 200: listOf(CategoryItem), ...problemResponses },
    },
    handler: (req) => service.listCategories(db, contextOf(req)),
  });

  r.get('/api/v1/cases', {
    schema: {
      tags,
      summary: '工单台账（超期在前）；q 按标题和内容检索，简繁体均可',
      querystring: ListCasesQuery,
      response: { 200: listOf(CaseItem), ...problemResponses },
    },
    handler: (req) => service.listCases(db, contextOf(req), req.query as service.ListQuery),
  });

  r.get('/api/v1/cases/export.xlsx', {
    schema: {
      tags,
      summary: '导出工单台账（Excel）',
      querystring: ListCasesQuery.omit({ page: true, pageSize: true }),
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const buffer = await service.exportCases(db, contextOf(req), req.query as service.ListQuery);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('工单台账.xlsx')}`)
        .send(buffer as never);
    },
  });

  r.get('/api/v1/cases/similar', {
    schema: {
      tags,
      summary: '登记时提示相似的在办工单（同类 250 米内，或文字相近）',
      querystring: SimilarQuery,
      response: { 200: listOf(SimilarItem), ...problemResponses },
    },
    handler: (req) => service.similarCases(db, contextOf(req), req.query),
  });

  r.get('/api/v1/cases/measures', {
    schema: {
      tags,
      summary: '工单统计（按单位、分类或月份），每项附定义',
      querystring: MeasuresQuery,
      response: { 200: MeasuresAnswer, ...problemResponses },
    },
    handler: (req) => service.measures(db, contextOf(req), req.query),
  });

  r.post('/api/v1/cases', {
    schema: {
      tags,
      summary: '提交诉求（点单、随手拍、窗口登记）；支持 Idempotency-Key',
      body: CreateCaseBody,
      response: { 201: CaseDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      const key = req.headers['idempotency-key'];
      const { id, replay } = await db
        .transaction()
        .execute((trx) =>
          service.fileCase(
            trx,
            calendar,
            { ctx, submitActor: `user:${ctx.actor.userId}` },
            req.body,
            typeof key === 'string' && key.length <= 200 ? key : undefined,
          ),
        );
      if (replay) reply.header('idempotent-replay', 'true');
      return reply.code(201).send(await service.getCase(db, calendar, ctx, id));
    },
  });

  r.get('/api/v1/cases/:id', {
    schema: {
      tags,
      summary: '工单详情（过程、时限、可办理的动作）',
      params: IdParam,
      response: { 200: CaseDetail, ...problemResponses },
    },
    handler: async (req) =>
      service.getCase(db, await calendarService.calendar(), contextOf(req), req.params.id),
  });

  r.get('/api/v1/cases/:id/attachments/:attachmentId', {
    schema: {
      tags,
      summary: '工单照片',
      params: IdParam.extend({ attachmentId: IdParam.shape.id }),
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const file = await service.getAttachment(db, contextOf(req), req.params.id, req.params.attachmentId);
      return reply
        .type(file.content_type)
        .header('cache-control', 'private, max-age=3600')
        .send(file.data as never);
    },
  });

  r.post('/api/v1/cases/:id/transitions', {
    schema: {
      tags,
      summary: '办理工单：受理、派单、签收、退单、挂起、延期、回单、回访、评价、督办、合并、归档',
      params: IdParam,
      body: TransitionBody,
      response: { 200: CaseDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      await db
        .transaction()
        .execute((trx) => service.transitionCase(trx, calendar, ctx, req.params.id, req.body));
      return service.getCase(db, calendar, ctx, req.params.id);
    },
  });

  r.get('/api/v1/points/me', {
    schema: { tags: ['积分'], summary: '我的积分', response: { 200: PointsAnswer, ...problemResponses } },
    handler: (req) => service.myPoints(db, contextOf(req)),
  });

  r.get('/api/v1/notifications', {
    schema: {
      tags: ['诉求工单'],
      summary: '提醒、催办与督办通知',
      response: { 200: listOf(NotificationItem), ...problemResponses },
    },
    handler: (req) => service.notifications(db, contextOf(req)),
  });
}
