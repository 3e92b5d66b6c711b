import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, keysetListOf, listOf, Ok, problemResponses } from '../../platform/schemas.ts';
import {
  CommentBody,
  DeadlineBody,
  EscalateBody,
  FindingDetail,
  FindingItem,
  FindingsQuery,
  OrgQuery,
  OverrideBody,
  OverrideParams,
  Overview,
  PublishBody,
  PublishedList,
  RemindersList,
  RemindersQuery,
  ResolveBody,
  RuleItem,
  SweepBody,
  SweepResult,
} from './schemas.ts';
import * as service from './service.ts';

export function complianceRoutes(app: FastifyInstance, { db }: Database, calendar: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['合规监测'];

  r.get('/api/v1/compliance/overview', {
    schema: {
      tags,
      summary: '合规监测总览：按规则、按下级组织的未整改问题，擂台比武排名和红黑榜（每个指标附口径）',
      querystring: OrgQuery,
      response: { 200: Overview, ...problemResponses },
    },
    handler: (req) => service.overview(db, contextOf(req), req.query.orgId),
  });

  r.get('/api/v1/compliance/findings', {
    schema: {
      tags,
      summary: '问题清单（组织子树内，可按规则、状态、级别筛选；按 cursor 翻页时从上次的位置读起）',
      querystring: FindingsQuery,
      response: { 200: keysetListOf(FindingItem), ...problemResponses },
    },
    handler: (req) => service.listFindings(db, contextOf(req), req.query),
  });

  r.get('/api/v1/compliance/findings/:id', {
    schema: {
      tags,
      summary: '问题详情：依据、原因、起始时间、责任人和督办记录',
      params: IdParam,
      response: { 200: FindingDetail, ...problemResponses },
    },
    handler: (req) => service.getFinding(db, contextOf(req), req.params.id),
  });

  const action = (
    path: string,
    summary: string,
    body: z.ZodType,
    run: (trx: never, ctx: never, id: number, body: never) => Promise<unknown>,
  ) =>
    r.post(`/api/v1/compliance/findings/:id/${path}`, {
      schema: { tags, summary, params: IdParam, body, response: { 200: FindingDetail, ...problemResponses } },
      handler: async (req) => {
        const ctx = contextOf(req);
        const id = (req.params as { id: number }).id;
        await db.transaction().execute((trx) => run(trx as never, ctx as never, id, req.body as never));
        return service.getFinding(db, ctx, id);
      },
    });
  action('comments', '督办意见（或支部的整改说明）', CommentBody, (trx, ctx, id, body: { body: string }) =>
    service.comment(trx, ctx, id, body.body),
  );
  action('deadline', '限期整改', DeadlineBody, (trx, ctx, id, body) =>
    service.setDeadline(trx, ctx, id, body),
  );
  action('escalate', '提级督办（上级党组织接手督办）', EscalateBody, (trx, ctx, id, body: { body: string }) =>
    service.escalateByHand(trx, ctx, id, body.body),
  );
  action(
    'resolve',
    '人工销号（数据仍显示问题时，下次检查会重新发现）',
    ResolveBody,
    (trx, ctx, id, body: { body: string }) => service.resolveByHand(trx, ctx, id, body.body),
  );

  r.post('/api/v1/compliance/sweep', {
    schema: {
      tags,
      summary: '立即对一个组织子树开展合规检查（与每日检查相同），并发送到期提醒',
      body: SweepBody,
      response: { 200: SweepResult, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const workCalendar = await calendar.calendar();
      return db
        .transaction()
        .execute((trx) => service.runSweep(trx, ctx, req.body.orgId, workCalendar, req.log));
    },
  });

  r.get('/api/v1/compliance/lists', {
    schema: {
      tags,
      summary: '已发布的红黑榜',
      querystring: OrgQuery,
      response: { 200: listOf(PublishedList), ...problemResponses },
    },
    handler: (req) => service.listPublished(db, contextOf(req), req.query.orgId),
  });

  r.post('/api/v1/compliance/lists', {
    schema: {
      tags,
      summary: '发布红黑榜（保存当前排名的快照、发布人和时间）',
      body: PublishBody,
      response: { 201: z.object({ id: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.publishList(trx, ctx, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.get('/api/v1/compliance/rules', {
    schema: {
      tags,
      summary: '检查规则（依据、条款、版本、参数和地方参数）',
      response: { 200: listOf(RuleItem), ...problemResponses },
    },
    handler: (req) => service.listRules(db, contextOf(req)),
  });

  r.put('/api/v1/compliance/rules/:code/overrides/:regionPrefix', {
    schema: {
      tags,
      summary: '设置地方参数（只能修改参数，不能删除或停用全国规则）',
      params: OverrideParams,
      body: OverrideBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.setOverride(trx, ctx, req.params.code, req.params.regionPrefix, req.body));
      return { ok: true as const };
    },
  });

  r.delete('/api/v1/compliance/rules/:code/overrides/:regionPrefix', {
    schema: {
      tags,
      summary: '删除地方参数（恢复全国参数）',
      params: OverrideParams,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.deleteOverride(trx, ctx, req.params.code, req.params.regionPrefix));
      return { ok: true as const };
    },
  });

  r.get('/api/v1/me/reminders', {
    schema: {
      tags: ['个人'],
      summary: '我的提醒（站内消息）',
      querystring: RemindersQuery,
      response: { 200: RemindersList, ...problemResponses },
    },
    handler: (req) => service.myReminders(db, contextOf(req), req.query),
  });

  r.post('/api/v1/me/reminders/:id/read', {
    schema: {
      tags: ['个人'],
      summary: '标记一条提醒为已读',
      params: IdParam,
      response: { 200: z.object({ updated: z.number() }), ...problemResponses },
    },
    handler: (req) => service.markRead(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/me/reminders/read-all', {
    schema: {
      tags: ['个人'],
      summary: '全部标记为已读',
      response: { 200: z.object({ updated: z.number() }), ...problemResponses },
    },
    handler: (req) => service.markRead(db, contextOf(req), 'all'),
  });
}
