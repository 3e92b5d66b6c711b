import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import * as compounds from './compounds.ts';
import {
  Compound,
  CompoundBody,
  CompoundListQuery,
  CompoundOption,
  CompoundPatch,
  Inspection,
  InspectionBody,
  InspectionListQuery,
  OrgQuery,
  PublishBody,
  PublishedDetail,
  PublishedSummary,
  Ranking,
  RankingQuery,
  ReportCompoundsQuery,
} from './schemas.ts';
import * as service from './service.ts';

/** 红色物业 (issue 14 item 9, decision 0025). */
export function propertyRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['红色物业'];

  r.get('/api/v1/property/compounds', {
    schema: {
      tags,
      summary: '小区及其物业企业（本人管理范围内）',
      querystring: CompoundListQuery,
      response: { 200: listOf(Compound), ...problemResponses },
    },
    handler: (req) => compounds.listCompounds(db, contextOf(req), req.query),
  });

  r.post('/api/v1/property/compounds', {
    schema: {
      tags,
      summary: '登记小区（所属社区、户数、物业企业）',
      body: CompoundBody,
      response: { 201: Compound, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const c = await db.transaction().execute((trx) => compounds.createCompound(trx, ctx, req.body));
      return reply.code(201).send(c);
    },
  });

  r.get('/api/v1/property/compounds/:id', {
    schema: { tags, summary: '一个小区', params: IdParam, response: { 200: Compound, ...problemResponses } },
    handler: (req) => compounds.getCompound(db, contextOf(req), req.params.id),
  });

  r.patch('/api/v1/property/compounds/:id', {
    schema: {
      tags,
      summary: '修改小区（名称、户数、物业企业、地址）',
      params: IdParam,
      body: CompoundPatch,
      response: { 200: Compound, ...problemResponses },
    },
    handler: (req) =>
      db
        .transaction()
        .execute((trx) => compounds.updateCompound(trx, contextOf(req), req.params.id, req.body)),
  });

  r.get('/api/v1/property/report-compounds', {
    schema: {
      tags,
      summary: '登记诉求时可选的小区（诉求所在区域及其所在社区的小区）',
      querystring: ReportCompoundsQuery,
      response: { 200: listOf(CompoundOption), ...problemResponses },
    },
    handler: (req) => compounds.compoundsForReport(db, contextOf(req), req.query.orgId),
  });

  r.get('/api/v1/property/inspections', {
    schema: {
      tags,
      summary: '检查考评记录',
      querystring: InspectionListQuery,
      response: { 200: listOf(Inspection), ...problemResponses },
    },
    handler: (req) => service.listInspections(db, contextOf(req), req.query),
  });

  r.post('/api/v1/property/inspections', {
    schema: {
      tags,
      summary: '登记检查考评（小区、日期、得分 0–100、发现的问题、检查人）',
      body: InspectionBody,
      response: { 201: z.object({ id: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const row = await db.transaction().execute((trx) => service.recordInspection(trx, ctx, req.body));
      return reply.code(201).send(row);
    },
  });

  r.get('/api/v1/property/ranking', {
    schema: {
      tags,
      summary: '季度物业服务企业评星排名（由工单和检查考评数据计算，逐项说明）',
      querystring: RankingQuery,
      response: { 200: Ranking, ...problemResponses },
    },
    handler: (req) => service.ranking(db, contextOf(req), req.query),
  });

  r.get('/api/v1/property/lists', {
    schema: {
      tags,
      summary: '已发布的物业红黑榜（本组织及下级组织发布的）',
      querystring: OrgQuery,
      response: { 200: listOf(PublishedSummary), ...problemResponses },
    },
    handler: (req) => service.listPublished(db, contextOf(req), req.query.orgId),
  });

  r.post('/api/v1/property/lists', {
    schema: {
      tags,
      summary: '发布物业红黑榜（冻结该季度排名的快照、发布人和时间）',
      body: PublishBody,
      response: { 201: z.object({ id: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const row = await db.transaction().execute((trx) => service.publish(trx, ctx, req.body));
      return reply.code(201).send(row);
    },
  });

  r.get('/api/v1/property/lists/:id', {
    schema: {
      tags,
      summary: '一期已发布的物业红黑榜（含各企业的得分说明）',
      params: IdParam,
      response: { 200: PublishedDetail, ...problemResponses },
    },
    handler: (req) => service.getPublished(db, contextOf(req), req.params.id),
  });
}
