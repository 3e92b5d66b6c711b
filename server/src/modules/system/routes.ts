import { PERMISSIONS, ROLES } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../platform/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { ProblemSchema } from '../../platform/schemas.ts';

export function systemRoutes(app: FastifyInstance, database: Database, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['系统'],
      summary: '健康检查',
      response: {
        200: z.object({
          status: z.literal('ok'),
          database: z.enum(['pglite', 'postgres']),
          version: z.string(),
          demo: z.boolean(),
        }),
        503: ProblemSchema.extend({ database: z.string() }),
      },
    },
    handler: async (_req, reply) => {
      if (!(await database.ping())) {
        return reply.code(503).type('application/problem+json; charset=utf-8').send({
          type: '/api/docs/errors#database_unavailable',
          title: '数据库暂时不可用',
          status: 503,
          code: 'database_unavailable',
          database: database.engine,
        });
      }
      return { status: 'ok' as const, database: database.engine, version: config.version, demo: config.demo };
    },
  });

  r.get('/api/v1/catalogue/permissions', {
    schema: {
      tags: ['系统'],
      summary: '权限目录',
      response: {
        200: z.object({
          items: z.array(z.object({ name: z.string(), label: z.string(), group: z.string() })),
        }),
      },
    },
    handler: async () => ({
      items: Object.entries(PERMISSIONS).map(([name, p]) => ({ name, label: p.label, group: p.group })),
    }),
  });

  r.get('/api/v1/catalogue/roles', {
    schema: {
      tags: ['系统'],
      summary: '角色目录',
      response: {
        200: z.object({
          items: z.array(z.object({ code: z.string(), label: z.string(), permissions: z.array(z.string()) })),
        }),
      },
    },
    handler: async () => ({
      items: Object.entries(ROLES).map(([code, r]) => ({
        code,
        label: r.label,
        permissions: [...r.permissions],
      })),
    }),
  });

  const CodeLabel = z.object({ code: z.string(), label: z.string() });
  r.get('/api/v1/catalogue/audit', {
    schema: {
      tags: ['系统'],
      summary: '审计日志的操作类型与对象类型',
      response: { 200: z.object({ actions: z.array(CodeLabel), entityTypes: z.array(CodeLabel) }) },
    },
    handler: async () => ({
      actions: Object.entries(AUDIT_ACTION_LABELS).map(([code, label]) => ({ code, label })),
      entityTypes: Object.entries(AUDIT_ENTITY_LABELS).map(([code, label]) => ({ code, label })),
    }),
  });
}
