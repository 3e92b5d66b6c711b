import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { inScope, scopePaths } from '../../platform/access.ts';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { DateString, listOf, Pagination, problemResponses, Timestamp } from '../../platform/schemas.ts';

const AuditItem = z
  .object({
    id: z.number(),
    at: Timestamp,
    actorId: z.number().nullable(),
    actorName: z.string(),
    tokenId: z.number().nullable().describe('请求由接口令牌认证时，该令牌的编号'),
    action: z.string(),
    actionLabel: z.string(),
    entityType: z.string(),
    entityTypeLabel: z.string(),
    entityId: z.string().nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEvent' });

export function auditRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/audit', {
    schema: {
      tags: ['审计'],
      summary: '审计日志（范围内的变更与敏感数据读取）',
      querystring: Pagination.extend({
        actorId: z.coerce.number().int().positive().optional(),
        entityType: z.string().max(50).optional(),
        entityId: z.string().max(100).optional(),
        action: z.string().max(50).optional(),
        from: DateString.optional(),
        to: DateString.optional(),
      }),
      response: { 200: listOf(AuditItem), ...problemResponses },
    },
    handler: async (req) => {
      const scope = scopePaths(contextOf(req).actor, 'audit.read');
      const { page, pageSize, actorId, entityType, entityId, action, from, to } = req.query;
      let q = db.selectFrom('audit_events').where((eb) => inScope(eb, 'org_path', scope));
      if (actorId) q = q.where('actor_id', '=', actorId);
      if (entityType) q = q.where('entity_type', '=', entityType);
      if (entityId) q = q.where('entity_id', '=', entityId);
      if (action) q = q.where('action', '=', action);
      // dates are Asia/Shanghai calendar days
      if (from) q = q.where('at', '>=', sql<Date>`(${from}::date)::timestamp at time zone 'Asia/Shanghai'`);
      if (to) q = q.where('at', '<', sql<Date>`(${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
      const [rows, count] = await Promise.all([
        q
          .selectAll()
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((e) => ({
          id: e.id,
          at: e.at,
          actorId: e.actor_id,
          actorName: e.actor_name,
          tokenId: e.token_id,
          action: e.action,
          actionLabel: AUDIT_ACTION_LABELS[e.action] ?? e.action,
          entityType: e.entity_type,
          entityTypeLabel: AUDIT_ENTITY_LABELS[e.entity_type] ?? e.entity_type,
          entityId: e.entity_id,
          ip: e.ip,
          requestId: e.request_id,
          before: e.before,
          after: e.after,
        })),
        total: count.n,
      };
    },
  });
}
