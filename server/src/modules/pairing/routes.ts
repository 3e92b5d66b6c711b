import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import { xlsxAttachment } from '../../platform/xlsx.ts';
import { exportLedger } from './export.ts';
import {
  DetailQuery,
  ExportQuery,
  Figure,
  FigureBody,
  Overview,
  OverviewQuery,
  Pairing,
  PairingBody,
  PairingDetail,
  PairingListQuery,
  PairingPatch,
  ProblemCase,
  ProblemParams,
  ProjectLink,
  ProjectLinkBody,
  PurchaseBody,
  Team,
  TeamBody,
  TeamQuery,
  VisitBody,
  VisitResult,
} from './schemas.ts';
import * as service from './service.ts';

/** 组团帮扶 (issue 14 item 8, decision 0026). */
export function pairingRoutes(app: FastifyInstance, { db }: Database, calendarService: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['组团帮扶'];

  r.get('/api/v1/pairing-teams', {
    schema: {
      tags,
      summary: '帮扶组团（一片区一团队）：片区、牵头单位、结对数',
      querystring: TeamQuery,
      response: { 200: listOf(Team), ...problemResponses },
    },
    handler: (req) => service.listTeams(db, contextOf(req), req.query),
  });

  r.post('/api/v1/pairing-teams', {
    schema: {
      tags,
      summary: '建立帮扶组团（片区党组织、组团名称、牵头单位）',
      body: TeamBody,
      response: { 201: Team, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const team = await db.transaction().execute((trx) => service.createTeam(trx, ctx, req.body));
      return reply.code(201).send(team);
    },
  });

  r.get('/api/v1/pairings', {
    schema: {
      tags,
      summary: '结对帮扶关系及当年数据（帮扶单位、结对村任一方在本人范围内；默认只列当年在结对期内的）',
      querystring: PairingListQuery,
      response: { 200: listOf(Pairing), ...problemResponses },
    },
    handler: (req) => service.listPairings(db, contextOf(req), req.query),
  });

  r.get('/api/v1/pairings/overview', {
    schema: {
      tags,
      summary: '一年的组团帮扶汇总：合计（等于各结对之和）、村集体经济收入未达目标的村、各村目标与实际',
      querystring: OverviewQuery,
      response: { 200: Overview, ...problemResponses },
    },
    handler: (req) => service.overview(db, contextOf(req), req.query),
  });

  r.get('/api/v1/pairings/export', {
    schema: {
      tags,
      summary: '导出一年的结对帮扶台账（Excel）',
      querystring: ExportQuery,
      response: { 200: z.any(), ...problemResponses },
    },
    handler: async (req, reply) => {
      const { name, buffer } = await exportLedger(db, contextOf(req), req.query);
      return xlsxAttachment(reply, `${name}.xlsx`, 'pairings.xlsx').send(buffer);
    },
  });

  r.post('/api/v1/pairings', {
    schema: {
      tags,
      summary: '建立结对（1+1：帮扶单位与村，按年，同一年双方各只结对一个）',
      body: PairingBody,
      response: { 201: PairingDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const p = await db.transaction().execute((trx) => service.createPairing(trx, ctx, req.body));
      return reply.code(201).send(p);
    },
  });

  r.get('/api/v1/pairings/:id', {
    schema: {
      tags,
      summary: '一个结对：逐年数据、走访及发现的问题、帮扶项目、消费帮扶和认领亩田',
      params: IdParam,
      querystring: DetailQuery,
      response: { 200: PairingDetail, ...problemResponses },
    },
    handler: (req) => service.getPairing(db, contextOf(req), req.params.id, req.query.year),
  });

  r.patch('/api/v1/pairings/:id', {
    schema: {
      tags,
      summary: '修改结对（结束年份、所属组团、备注）',
      params: IdParam,
      body: PairingPatch,
      response: { 200: PairingDetail, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.updatePairing(trx, contextOf(req), req.params.id, req.body)),
  });

  r.post('/api/v1/pairings/:id/visits', {
    schema: {
      tags,
      summary: '登记走访（日期、走访人员、做了什么、发现的问题）',
      params: IdParam,
      body: VisitBody,
      response: { 201: VisitResult, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const v = await db
        .transaction()
        .execute((trx) => service.recordVisit(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(v);
    },
  });

  r.post('/api/v1/pairings/:id/problems/:problemId/case', {
    schema: {
      tags,
      summary: '走访发现的问题转为工单（在村所在区域进入诉求闭环，由村的派单人员受理派单）',
      params: ProblemParams,
      response: { 200: ProblemCase, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      return db
        .transaction()
        .execute((trx) => service.problemToCase(trx, calendar, ctx, req.params.id, req.params.problemId));
    },
  });

  r.post('/api/v1/pairings/:id/purchases', {
    schema: {
      tags,
      summary: '登记消费帮扶：采购农产品或认领亩田（数量、单位、金额（分）、购买单位、日期）',
      params: IdParam,
      body: PurchaseBody,
      response: { 201: z.object({ id: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const row = await db
        .transaction()
        .execute((trx) => service.recordPurchase(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(row);
    },
  });

  r.post('/api/v1/pairings/:id/projects', {
    schema: {
      tags,
      summary: '关联帮扶项目（项目库中的项目，节点和进度在项目中维护）',
      params: IdParam,
      body: ProjectLinkBody,
      response: { 201: ProjectLink, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const row = await db
        .transaction()
        .execute((trx) => service.linkProject(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(row);
    },
  });

  r.put('/api/v1/pairings/:id/figures', {
    schema: {
      tags,
      summary: '填报年度目标和实际数（村集体经济收入、帮扶资金；实际数须注明来源和日期）',
      params: IdParam,
      body: FigureBody,
      response: { 200: Figure, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.setFigure(trx, contextOf(req), req.params.id, req.body)),
  });
}
