import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { HomeAnswer, RegionDashboard, RegionQuery } from './schemas.ts';
import * as service from './service.ts';

export function dashboardRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['工作台'];

  r.get('/api/v1/dashboard/region', {
    schema: {
      tags,
      summary:
        '区域工作台：某党组织及其下级某月的指标（党组织、党员、问题、工单、党费、项目），近六个月趋势和下级组织对比；每个指标附口径和明细地址',
      querystring: RegionQuery,
      response: { 200: RegionDashboard, ...problemResponses },
    },
    handler: (req) => service.regionDashboard(db, contextOf(req), req.query),
  });

  r.get('/api/v1/me/home', {
    schema: {
      tags,
      summary: '我的工作台：按角色列出本周待办、待我办理的工单和本人的事项，每个数字附口径和明细地址',
      response: { 200: HomeAnswer, ...problemResponses },
    },
    handler: (req) => service.myHome(db, contextOf(req)),
  });
}
