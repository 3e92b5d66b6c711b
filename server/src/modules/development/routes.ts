import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { sendStoredFile } from '../../platform/files.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  DevelopmentList,
  EvidenceBody,
  EvidenceCreated,
  ListQuery,
  MyProgress,
  RecordDetail,
  StartBody,
  StepBody,
} from './schemas.ts';
import * as service from './service.ts';

export function developmentRoutes(app: FastifyInstance, { db }: Database, calendarService: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['发展党员'];

  r.get('/api/v1/development', {
    schema: {
      tags,
      summary: '发展党员流程看板：按阶段列出范围内的记录，附下一个期限和是否超期',
      querystring: ListQuery,
      response: { 200: DevelopmentList, ...problemResponses },
    },
    handler: async (req) =>
      service.listRecords(db, contextOf(req), await calendarService.calendar(), req.query),
  });

  r.get('/api/v1/development/mine', {
    schema: {
      tags,
      summary: '本人的发展阶段、流动党员活动证和组织关系转接状态（手机页面）',
      response: { 200: MyProgress, ...problemResponses },
    },
    handler: async (req) => service.myProgress(db, contextOf(req), await calendarService.calendar()),
  });

  r.get('/api/v1/development/:id', {
    schema: {
      tags,
      summary: '发展党员记录详情：步骤、适用的规则版本、全部期限',
      params: IdParam,
      response: { 200: RecordDetail, ...problemResponses },
    },
    handler: async (req) =>
      service.getRecord(db, contextOf(req), await calendarService.calendar(), req.params.id),
  });

  r.post('/api/v1/development', {
    schema: {
      tags,
      summary: '登记入党申请，开始发展党员记录（已登记人员传 memberId，新申请人传 applicant）',
      body: StartBody,
      response: { 201: RecordDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.startRecord(trx, ctx, req.body));
      return reply.code(201).send(await service.getRecord(db, ctx, await calendarService.calendar(), id));
    },
  });

  r.post('/api/v1/development/:id/steps', {
    schema: {
      tags,
      summary: '登记发展步骤（按步骤日期适用的规则检查；不符合规定时答 422 development.rule 并注明依据）',
      params: IdParam,
      body: StepBody,
      response: { 201: RecordDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      await db
        .transaction()
        .execute((trx) => service.recordStep(trx, ctx, calendar, req.params.id, req.body));
      return reply.code(201).send(await service.getRecord(db, ctx, calendar, req.params.id));
    },
  });

  r.post('/api/v1/development/:id/files', {
    schema: {
      tags,
      summary: '上传发展材料（base64，约 1.5 MB 以内），登记步骤时以 evidenceFileId 引用',
      params: IdParam,
      body: EvidenceBody,
      response: { 201: EvidenceCreated, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const file = await db
        .transaction()
        .execute((trx) => service.uploadEvidence(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(file);
    },
  });

  r.get('/api/v1/development/files/:id', {
    schema: {
      tags,
      summary: '下载发展材料',
      params: IdParam,
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const file = await service.evidenceFile(db, contextOf(req), req.params.id);
      return sendStoredFile(reply, {
        name: file.name,
        content: file.content as Buffer,
        claimedType: file.content_type,
      });
    },
  });
}
