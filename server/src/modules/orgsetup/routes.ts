import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, Ok, problemResponses } from '../../platform/schemas.ts';
import {
  AssignInstructorBody,
  CommitteeMemberInput,
  CoverageAnswer,
  CoverageQuery,
  CoverageUnitItem,
  CoverageUnitsQuery,
  CreatePartyWorkerBody,
  CreateTermBody,
  EndAssignmentBody,
  FindingsPage,
  FindingsQuery,
  InstructorItem,
  InstructorListQuery,
  InstructorPage,
  PartyWorkerItem,
  PartyWorkerListQuery,
  TermMemberParams,
  TermsAnswer,
  UpdatePartyWorkerBody,
  UpdateTermBody,
} from './schemas.ts';
import * as service from './service.ts';

export function orgSetupRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['组织设置'];

  r.get('/api/v1/orgs/:id/findings', {
    schema: {
      tags,
      summary:
        '规则检查：本组织及全部下级组织不符合 O1、O3、O4、O5 的情况（保存的检查结果随变更重算；按 cursor 翻页）',
      params: IdParam,
      querystring: FindingsQuery,
      response: { 200: FindingsPage, ...problemResponses },
    },
    handler: (req) => service.listFindings(db, contextOf(req), req.params.id, req.query),
  });

  r.get('/api/v1/orgs/:id/terms', {
    schema: {
      tags,
      summary: '班子与任期：本届和历届班子及其成员',
      params: IdParam,
      response: { 200: TermsAnswer, ...problemResponses },
    },
    handler: (req) => service.listTerms(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/orgs/:id/terms', {
    schema: {
      tags,
      summary: '登记换届：新一届班子及其成员（上一届随之结束）',
      params: IdParam,
      body: CreateTermBody,
      response: { 201: TermsAnswer, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.createTerm(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(await service.listTerms(db, ctx, req.params.id));
    },
  });

  r.patch('/api/v1/org-terms/:id', {
    schema: {
      tags,
      summary: '更正本届班子的选举日期、任期或类型',
      params: IdParam,
      body: UpdateTermBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateTerm(trx, ctx, req.params.id, req.body));
      return { ok: true as const };
    },
  });

  r.post('/api/v1/org-terms/:id/members', {
    schema: {
      tags,
      summary: '增补本届班子成员',
      params: IdParam,
      body: CommitteeMemberInput,
      response: { 201: Ok, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.addCommitteeMember(trx, ctx, req.params.id, req.body));
      return reply.code(201).send({ ok: true as const });
    },
  });

  r.delete('/api/v1/org-terms/:id/members/:memberRowId', {
    schema: {
      tags,
      summary: '移除本届班子成员',
      params: TermMemberParams,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.removeCommitteeMember(trx, ctx, req.params.id, req.params.memberRowId));
      return { ok: true as const };
    },
  });

  r.get('/api/v1/coverage', {
    schema: {
      tags,
      summary: '两个覆盖：按地区或行业统计组织覆盖率和工作覆盖率（每个数字附计算公式）',
      querystring: CoverageQuery,
      response: { 200: CoverageAnswer, ...problemResponses },
    },
    handler: (req) => service.coverage(db, contextOf(req), req.query),
  });

  r.get('/api/v1/coverage/units', {
    schema: {
      tags,
      summary: '两个覆盖明细：某个数字背后的单位',
      querystring: CoverageUnitsQuery,
      response: { 200: listOf(CoverageUnitItem), ...problemResponses },
    },
    handler: (req) => service.coverageUnits(db, contextOf(req), req.query),
  });

  r.get('/api/v1/instructor-assignments', {
    schema: {
      tags,
      summary: '党建工作指导员选派情况（手机号已脱敏）',
      querystring: InstructorListQuery,
      response: { 200: InstructorPage, ...problemResponses },
    },
    handler: (req) => service.listInstructors(db, contextOf(req), req.query),
  });

  r.post('/api/v1/instructor-assignments', {
    schema: {
      tags,
      summary: '选派党建工作指导员到一个或多个单位',
      body: AssignInstructorBody,
      response: { 201: z.object({ items: z.array(InstructorItem) }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const ids = await db.transaction().execute((trx) => service.assignInstructor(trx, ctx, req.body));
      const items = await Promise.all(ids.map((id) => service.getInstructor(db, ctx, id)));
      return reply.code(201).send({ items });
    },
  });

  r.post('/api/v1/instructor-assignments/:id/end', {
    schema: {
      tags,
      summary: '结束党建工作指导员的选派',
      params: IdParam,
      body: EndAssignmentBody,
      response: { 200: InstructorItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.endAssignment(trx, ctx, req.params.id, req.body));
      return service.getInstructor(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/party-workers', {
    schema: {
      tags,
      summary: '党务工作者信息库（手机号已脱敏）',
      querystring: PartyWorkerListQuery,
      response: { 200: listOf(PartyWorkerItem), ...problemResponses },
    },
    handler: (req) => service.listPartyWorkers(db, contextOf(req), req.query),
  });

  r.get('/api/v1/party-workers/:id', {
    schema: {
      tags,
      summary: '党务工作者详情（维护人员可见完整手机号，查看留痕）',
      params: IdParam,
      response: { 200: PartyWorkerItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      return db.transaction().execute((trx) => service.getPartyWorker(trx, ctx, req.params.id));
    },
  });

  r.post('/api/v1/party-workers', {
    schema: {
      tags,
      summary: '登记党务工作者',
      body: CreatePartyWorkerBody,
      response: { 201: PartyWorkerItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createPartyWorker(trx, ctx, req.body));
      return reply.code(201).send(await service.getPartyWorkerAfterChange(db, ctx, id));
    },
  });

  r.patch('/api/v1/party-workers/:id', {
    schema: {
      tags,
      summary: '修改党务工作者信息',
      params: IdParam,
      body: UpdatePartyWorkerBody,
      response: { 200: PartyWorkerItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updatePartyWorker(trx, ctx, req.params.id, req.body));
      return service.getPartyWorkerAfterChange(db, ctx, req.params.id);
    },
  });

  r.delete('/api/v1/party-workers/:id', {
    schema: {
      tags,
      summary: '删除党务工作者记录',
      params: IdParam,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.deletePartyWorker(trx, ctx, req.params.id));
      return { ok: true as const };
    },
  });
}
