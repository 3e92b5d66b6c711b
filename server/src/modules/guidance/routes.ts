import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  CreateGuidanceVisitBody,
  GuidanceEnterprisePage,
  GuidanceVisitItem,
  GuidanceVisitListQuery,
  GuidanceVisitPage,
  UpdateGuidanceVisitBody,
} from './schemas.ts';
import * as service from './service.ts';

export function guidanceRoutes(app: FastifyInstance, { db }: Database) {
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
      const id = await db.transaction().execute((trx) => service.createVisit(trx, ctx, req.body));
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
}
