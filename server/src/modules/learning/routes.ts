import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, Ok, problemResponses } from '../../platform/schemas.ts';
import { xlsxAttachment } from '../../platform/xlsx.ts';
import { exportCompletion } from './export.ts';
import {
  AssignmentDetail,
  AssignmentList,
  AssignmentQuery,
  CreateAssignmentBody,
  Created,
  CreateMaterialBody,
  CreateTopicBody,
  MaterialDetail,
  MaterialList,
  MaterialQuery,
  Reading,
  ReadingBody,
  StudyRecord,
  TopicList,
  YearQuery,
} from './schemas.ts';
import * as service from './service.ts';

export function learningRoutes(app: FastifyInstance, { db }: Database, calendar: CalendarService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['学习'];

  r.get('/api/v1/learning/topics', {
    schema: {
      tags,
      summary: '学习专题：全国的、上级组织和本组织的，以及本人管理范围内的',
      response: { 200: TopicList, ...problemResponses },
    },
    handler: (req) => service.listTopics(db, contextOf(req)),
  });

  r.post('/api/v1/learning/topics', {
    schema: {
      tags,
      summary: '新建学习专题（learning.manage）',
      body: CreateTopicBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db.transaction().execute((trx) => service.createTopic(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.get('/api/v1/learning/materials', {
    schema: {
      tags,
      summary: '学习资料：read 本人可学的（简繁体同搜），manage 本人管理范围内发布的',
      querystring: MaterialQuery,
      response: { 200: MaterialList, ...problemResponses },
    },
    handler: (req) => service.listMaterials(db, contextOf(req), req.query),
  });

  r.get('/api/v1/learning/materials/:id', {
    schema: {
      tags,
      summary: '一份学习资料（含正文和本人的学习进度）',
      params: IdParam,
      response: { 200: MaterialDetail, ...problemResponses },
    },
    handler: (req) => service.getMaterial(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/learning/materials', {
    schema: {
      tags,
      summary: '发布学习资料（文章、文件、视频链接）',
      body: CreateMaterialBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => service.createMaterial(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.post('/api/v1/learning/materials/:id/withdraw', {
    schema: {
      tags,
      summary: '撤回学习资料（已有的学习记录保留）',
      params: IdParam,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db.transaction().execute((trx) => service.withdrawMaterial(trx, contextOf(req), req.params.id));
      return { ok: true as const };
    },
  });

  r.post('/api/v1/learning/materials/:id/reading', {
    schema: {
      tags,
      summary:
        '记录本人的学习：打开即记录，进度和时长只增不减（重复提交不变）；文章进度 100 即完成，视频链接须打开后标记已观看',
      params: IdParam,
      body: ReadingBody,
      response: { 200: Reading, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.recordReading(trx, contextOf(req), req.params.id, req.body)),
  });

  r.get('/api/v1/learning/assignments', {
    schema: {
      tags,
      summary: '学习任务及完成率（learning.manage 范围内）',
      querystring: AssignmentQuery,
      response: { 200: AssignmentList, ...problemResponses },
    },
    handler: (req) => service.listAssignments(db, contextOf(req), req.query),
  });

  r.post('/api/v1/learning/assignments', {
    schema: {
      tags,
      summary: '布置学习任务：一份资料或一个专题，给一个党组织的全体党员或指定党员；截止日期或工作日时限',
      body: CreateAssignmentBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      // the calendar is read before the transaction: on PGlite its one connection is the transaction's
      const workCalendar = await calendar.calendar();
      const id = await db
        .transaction()
        .execute((trx) => service.createAssignment(trx, contextOf(req), workCalendar, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.get('/api/v1/learning/assignments/:id', {
    schema: {
      tags,
      summary: '学习任务的完成情况：每名党员（谁完成、谁未完成）和各支部的完成率',
      params: IdParam,
      response: { 200: AssignmentDetail, ...problemResponses },
    },
    handler: (req) => service.getAssignment(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/learning/assignments/:id/export', {
    schema: {
      tags,
      summary: '导出学习任务的完成情况（Excel）',
      params: IdParam,
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const { buffer } = await exportCompletion(db, contextOf(req), req.params.id);
      return xlsxAttachment(
        reply,
        `学习完成情况-${req.params.id}.xlsx`,
        `learning-${req.params.id}.xlsx`,
      ).send(buffer);
    },
  });

  r.post('/api/v1/learning/assignments/:id/withdraw', {
    schema: {
      tags,
      summary: '撤回学习任务',
      params: IdParam,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db.transaction().execute((trx) => service.withdrawAssignment(trx, contextOf(req), req.params.id));
      return { ok: true as const };
    },
  });

  r.get('/api/v1/me/learning', {
    schema: {
      tags,
      summary: '我的学习：布置给我的学习任务（按截止日期）、学习档案、计入组织生活的学时',
      querystring: YearQuery,
      response: { 200: StudyRecord, ...problemResponses },
    },
    handler: (req) => service.myLearning(db, contextOf(req), req.query.year),
  });

  r.get('/api/v1/members/:id/learning', {
    schema: {
      tags,
      summary: '一名党员的学习档案（可查看该党员者）',
      params: IdParam,
      querystring: YearQuery,
      response: { 200: StudyRecord, ...problemResponses },
    },
    handler: (req) => service.memberLearning(db, contextOf(req), req.params.id, req.query.year),
  });
}
