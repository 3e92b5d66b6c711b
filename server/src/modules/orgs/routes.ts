import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import {
  CreateOrgBody,
  DissolveOrgBody,
  ListOrgsQuery,
  MoveOrgBody,
  OrgDetail,
  OrgHistoryItem,
  OrgItem,
  UpdateOrgBody,
} from './schemas.ts';
import * as service from './service.ts';

export function orgRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['党组织'];

  r.get('/api/v1/orgs', {
    schema: {
      tags,
      summary: '列出范围内的党组织（顶层、下级或搜索）',
      querystring: ListOrgsQuery,
      response: { 200: listOf(OrgItem), ...problemResponses },
    },
    handler: (req) => service.listOrgs(db, contextOf(req), req.query),
  });

  r.get('/api/v1/orgs/:id', {
    schema: {
      tags,
      summary: '党组织详情',
      params: IdParam,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: (req) => service.getOrg(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/orgs/:id/history', {
    schema: {
      tags,
      summary: '党组织变更记录',
      params: IdParam,
      response: { 200: listOf(OrgHistoryItem), ...problemResponses },
    },
    handler: (req) => service.orgHistory(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/orgs', {
    schema: {
      tags,
      summary: '新建下级党组织',
      body: CreateOrgBody,
      response: { 201: OrgDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createOrg(trx, ctx, req.body));
      return reply.code(201).send(await service.getOrg(db, ctx, id));
    },
  });

  r.patch('/api/v1/orgs/:id', {
    schema: {
      tags,
      summary: '修改党组织（更名、类型、所在单位）',
      params: IdParam,
      body: UpdateOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateOrg(trx, ctx, req.params.id, req.body));
      return service.getOrg(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/orgs/:id/move', {
    schema: {
      tags,
      summary: '调整隶属关系（连同全部下级组织）',
      params: IdParam,
      body: MoveOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.moveOrg(trx, ctx, req.params.id, req.body.parentId));
      return service.getOrg(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/orgs/:id/dissolve', {
    schema: {
      tags,
      summary: '撤销党组织（保留历史）',
      params: IdParam,
      body: DissolveOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.dissolveOrg(trx, ctx, req.params.id, req.body));
      return service.getOrg(db, ctx, req.params.id);
    },
  });
}
