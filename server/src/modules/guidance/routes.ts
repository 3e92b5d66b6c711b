import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  AddProblemsBody,
  CadreCoverageAnswer,
  CadreCoverageQuery,
  CadreCoverageUnitPage,
  CadreCoverageUnitsQuery,
  CreateGuidanceVisitBody,
  FiledProblem,
  FileProblemBody,
  GuidanceEnterprisePage,
  GuidanceVisitItem,
  GuidanceVisitListQuery,
  GuidanceVisitPage,
  LiaisonCard,
  UpdateGuidanceVisitBody,
  VisitProblemParams,
} from './schemas.ts';
import * as service from './service.ts';

export function guidanceRoutes(app: FastifyInstance, { db }: Database, calendarService: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['党建指导'];

  r.get('/api/v1/guidance/enterprises', {
    schema: {
      tags,
      summary: '我联系的企业：党建工作指导员被选派联系的单位、未整改的合规问题和本年度指导次数',
      response: { 200: GuidanceEnterprisePage, ...problemResponses },
    },
    handler: (req) => service.myEnterprises(db, contextOf(req)),
  });

  r.get('/api/v1/guidance-visits', {
    schema: {
      tags,
      summary: '指导记录：指导员看本人联系企业的记录，选派指导员的上级党委看本辖区的记录',
      querystring: GuidanceVisitListQuery,
      response: { 200: GuidanceVisitPage, ...problemResponses },
    },
    handler: (req) => service.listVisits(db, contextOf(req), req.query),
  });

  r.get('/api/v1/guidance-visits/:id', {
    schema: {
      tags,
      summary: '一条指导记录',
      params: IdParam,
      response: { 200: GuidanceVisitItem, ...problemResponses },
    },
    handler: (req) => service.getVisit(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/guidance-visits', {
    schema: {
      tags,
      summary: '登记一次指导（只能登记本人联系的企业；本年度的指导计入工作覆盖）',
      body: CreateGuidanceVisitBody,
      response: { 201: GuidanceVisitItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      // a problem naming a category is filed into the case loop in the same transaction
      const calendar = req.body.problemList.some((p) => p.categoryId !== undefined)
        ? await calendarService.calendar()
        : undefined;
      const id = await db.transaction().execute((trx) => service.createVisit(trx, ctx, req.body, calendar));
      return reply.code(201).send(await service.getVisit(db, ctx, id));
    },
  });

  r.patch('/api/v1/guidance-visits/:id', {
    schema: {
      tags,
      summary: '修改本人登记的指导记录（如补记整改完成日期）',
      params: IdParam,
      body: UpdateGuidanceVisitBody,
      response: { 200: GuidanceVisitItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateVisit(trx, ctx, req.params.id, req.body));
      return service.getVisit(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/guidance-visits/:id/problems', {
    schema: {
      tags,
      summary: '问题清单：给本人登记的走访或指导记录追加问题（填了诉求分类的同时转为工单）',
      params: IdParam,
      body: AddProblemsBody,
      response: { 200: GuidanceVisitItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      await db
        .transaction()
        .execute((trx) => service.addVisitProblems(trx, calendar, ctx, req.params.id, req.body));
      return service.getVisit(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/guidance-visits/:id/problems/:problemId/case', {
    schema: {
      tags,
      summary: '一键转工单：把走访发现的一个问题转为诉求工单，按分类派单，问题显示工单办理状态',
      params: VisitProblemParams,
      body: FileProblemBody,
      response: { 201: FiledProblem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      const out = await db
        .transaction()
        .execute((trx) =>
          service.fileProblem(trx, calendar, ctx, req.params.id, req.params.problemId, req.body),
        );
      return reply.code(201).send(out);
    },
  });

  r.get('/api/v1/guidance/coverage', {
    schema: {
      tags,
      summary: '挂钩走访覆盖：本季度有挂钩干部的企业中已走访和未走访的个数（附计算公式）',
      querystring: CadreCoverageQuery,
      response: { 200: CadreCoverageAnswer, ...problemResponses },
    },
    handler: (req) => service.cadreCoverage(db, contextOf(req), req.query),
  });

  r.get('/api/v1/guidance/coverage/units', {
    schema: {
      tags,
      summary: '挂钩走访覆盖明细：本季度未走访（或已走访）的挂钩企业名单',
      querystring: CadreCoverageUnitsQuery,
      response: { 200: CadreCoverageUnitPage, ...problemResponses },
    },
    handler: (req) => service.cadreCoverageUnits(db, contextOf(req), req.query),
  });

  r.get('/api/v1/me/liaison-card', {
    schema: {
      tags,
      summary: '服务联系卡：本企业的挂钩干部和党建指导员（手机号已脱敏）及其走访、发现问题的办理情况',
      response: { 200: LiaisonCard, ...problemResponses },
    },
    handler: (req) => service.myLiaisonCard(db, contextOf(req)),
  });
}
