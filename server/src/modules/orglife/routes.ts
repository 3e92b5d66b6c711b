import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { readUpload, sendStoredFile } from '../../platform/files.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import {
  CalendarFeed,
  CalendarQuery,
  CancelMeetingBody,
  ExemptionBody,
  ExemptionItem,
  ExemptionsQuery,
  FileParam,
  ListMeetingsQuery,
  MeetingDetail,
  MeetingItem,
  MyMeetingsAnswer,
  PlanMeetingBody,
  RecordMeetingBody,
  RecordNewMeetingBody,
} from './schemas.ts';
import * as service from './service.ts';

export function orglifeRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['组织生活'];

  r.get('/api/v1/me/meetings', {
    schema: {
      tags,
      summary: '我的组织生活：本支部即将召开的会议、本人近一年的出勤情况和本年度缺席的会议（仅限本人）',
      response: { 200: MyMeetingsAnswer, ...problemResponses },
    },
    handler: (req) => service.myMeetings(db, contextOf(req)),
  });

  r.get('/api/v1/orglife/meetings', {
    schema: {
      tags,
      summary: '一个党组织的会议（可按月份、类型、状态筛选）',
      querystring: ListMeetingsQuery,
      response: { 200: listOf(MeetingItem), ...problemResponses },
    },
    handler: (req) => service.listMeetings(db, contextOf(req), req.query),
  });

  r.get('/api/v1/orglife/calendar', {
    schema: {
      tags,
      summary: '组织生活日历：当月会议、地区固定主题党日、各类会议本期是否已召开',
      querystring: CalendarQuery,
      response: { 200: CalendarFeed, ...problemResponses },
    },
    handler: (req) => service.calendarFeed(db, contextOf(req), req.query.orgId, req.query.month),
  });

  r.get('/api/v1/orglife/meetings/:id', {
    schema: {
      tags,
      summary: '会议详情（考勤、会议记录、照片和材料）',
      params: IdParam,
      response: { 200: MeetingDetail, ...problemResponses },
    },
    handler: (req) => service.getMeeting(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/orglife/meetings', {
    schema: {
      tags,
      summary: '计划一次会议',
      body: PlanMeetingBody,
      response: { 201: MeetingDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.planMeeting(trx, ctx, req.body));
      return reply.code(201).send(await service.getMeeting(db, ctx, id));
    },
  });

  r.post('/api/v1/orglife/meetings/held', {
    schema: {
      tags,
      summary: '登记一次已召开、事先未计划的会议（含考勤和记录）',
      body: RecordNewMeetingBody,
      response: { 201: MeetingDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.recordNewMeeting(trx, ctx, req.body));
      return reply.code(201).send(await service.getMeeting(db, ctx, id));
    },
  });

  r.post('/api/v1/orglife/meetings/:id/record', {
    schema: {
      tags,
      summary: '登记会议已召开：召开日期、考勤、会议记录',
      params: IdParam,
      body: RecordMeetingBody,
      response: { 200: MeetingDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.recordMeeting(trx, ctx, req.params.id, req.body));
      return service.getMeeting(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/orglife/meetings/:id/cancel', {
    schema: {
      tags,
      summary: '取消计划中的会议',
      params: IdParam,
      body: CancelMeetingBody,
      response: { 200: MeetingDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.cancelMeeting(trx, ctx, req.params.id, req.body.reason));
      return service.getMeeting(db, ctx, req.params.id);
    },
  });

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: service.MAX_FILE_BYTES + 1, files: 1, fields: 2 },
    });
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/orglife/meetings/:id/files', {
      schema: {
        tags,
        summary:
          '上传会议照片或材料（multipart/form-data，文件字段 file；JPG/PNG/WebP/PDF/Word/Excel，最大 5 MB）',
        consumes: ['multipart/form-data'],
        params: IdParam,
        response: { 201: z.object({ id: z.number() }), ...problemResponses },
      },
      handler: async (req, reply) => {
        const ctx = contextOf(req);
        const file = await readUpload(req, 'orglife.file', '材料');
        const id = await db.transaction().execute((trx) => service.addFile(trx, ctx, req.params.id, file));
        return reply.code(201).send({ id });
      },
    });
  });

  r.get('/api/v1/orglife/meetings/:id/files/:fileId', {
    schema: { tags, summary: '下载会议照片或材料', params: FileParam, response: problemResponses },
    handler: async (req, reply) => {
      const file = await service.getFile(db, contextOf(req), req.params.id, req.params.fileId);
      return sendStoredFile(reply, {
        name: file.name,
        content: file.content as Buffer,
        claimedType: file.content_type,
      });
    },
  });

  r.get('/api/v1/orglife/exemptions', {
    schema: {
      tags,
      summary: '免于开展组织生活的登记（谁批准、到何时）',
      querystring: ExemptionsQuery,
      response: { 200: listOf(ExemptionItem), ...problemResponses },
    },
    handler: (req) => service.listExemptions(db, contextOf(req), req.query.orgId),
  });

  r.post('/api/v1/orglife/exemptions', {
    schema: {
      tags,
      summary: '上级党组织决定免于开展某类组织生活（本组织不能为自己登记）',
      body: ExemptionBody,
      response: { 201: z.object({ id: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.addExemption(trx, ctx, req.body));
      return reply.code(201).send({ id });
    },
  });
}
