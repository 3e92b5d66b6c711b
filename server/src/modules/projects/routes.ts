import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  CompleteMilestoneBody,
  CreateProjectBody,
  MilestoneParams,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
} from './schemas.ts';
import * as service from './service.ts';

export function projectRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['项目'];

  r.get('/api/v1/projects', {
    schema: {
      tags,
      summary:
        '项目列表（书记领航、揭榜挂帅、党建联创）：实际进度、计划进度和超时序/滞后百分点；lagging=true 只列滞后项目',
      querystring: ProjectListQuery,
      response: { 200: ProjectPage, ...problemResponses },
    },
    handler: (req) => service.listProjects(db, contextOf(req), req.query),
  });

  r.get('/api/v1/projects/:id', {
    schema: {
      tags,
      summary:
        '一个项目：progress 为已完成节点权重之和，plannedProgress 为计划在今天及以前完成的节点权重之和，aheadPoints 为两者之差（正为超时序，负为滞后）；上级项目按子项目权重汇总',
      params: IdParam,
      response: { 200: ProjectDetail, ...problemResponses },
    },
    handler: (req) => service.getProject(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/projects', {
    schema: {
      tags,
      summary:
        '新建项目：节点权重为整数、合计 100；不设节点的为上级项目，进度由子项目（parentProjectId 指向它）按权重汇总',
      body: CreateProjectBody,
      response: { 201: ProjectDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createProject(trx, ctx, req.body));
      return reply.code(201).send(await service.getProject(db, ctx, id));
    },
  });

  r.post('/api/v1/projects/:id/milestones/:milestoneId/complete', {
    schema: {
      tags,
      summary: '登记节点完成：完成日期不晚于今天，须有完成佐证',
      params: MilestoneParams,
      body: CompleteMilestoneBody,
      response: { 200: ProjectDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) =>
          service.completeMilestone(trx, ctx, req.params.id, req.params.milestoneId, req.body),
        );
      return service.getProject(db, ctx, req.params.id);
    },
  });
}
