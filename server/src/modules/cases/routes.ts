import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { MAX_FILE_BYTES, readUpload, sendStoredFile } from '../../platform/files.ts';
import { contextOf } from '../../platform/http.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import * as categories from './categories.ts';
import type { CaseRefs } from './refs.ts';
import {
  CaseDetail,
  CaseItem,
  CategoryItem,
  CategoryRouteBody,
  CategoryRouteParams,
  CreateCaseBody,
  CreateCategoryBody,
  EvidenceItem,
  ListCasesQuery,
  ListCategoriesQuery,
  MeasuresAnswer,
  MeasuresQuery,
  NotificationList,
  PointsAnswer,
  RevealedContact,
  ServiceDayBody,
  ServiceDayItem,
  ServiceDaySignupAnswer,
  ServiceDaySignupBody,
  SimilarItem,
  SimilarQuery,
  TransitionBody,
  UpdateCategoryBody,
  UpdateServiceDayBody,
} from './schemas.ts';
import * as service from './service.ts';
import * as serviceDays from './serviceDays.ts';

export function caseRoutes(
  app: FastifyInstance,
  { db }: Database,
  calendarService: CalendarService,
  queue: JobQueue,
  intakeRefs: CaseRefs,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['诉求工单'];

  r.get('/api/v1/case-categories', {
    schema: {
      tags,
      summary: '诉求分类与派单规则（includeInactive=true 时含已停用的分类，仅维护人员）',
      querystring: ListCategoriesQuery,
      response: { 200: listOf(CategoryItem), ...problemResponses },
    },
    handler: (req) =>
      categories.listCategories(db, contextOf(req), {
        includeInactive: req.query.includeInactive === 'true',
      }),
  });

  r.get('/api/v1/case-categories/:id', {
    schema: {
      tags,
      summary: '一个诉求分类及其派单规则',
      params: IdParam,
      response: { 200: CategoryItem, ...problemResponses },
    },
    handler: (req) => categories.getCategory(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/case-categories', {
    schema: {
      tags,
      summary: '新建诉求分类（不填适用组织为全国通用，仅最上级组织可建）',
      body: CreateCategoryBody,
      response: { 201: CategoryItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => categories.createCategory(trx, ctx, req.body));
      return reply.code(201).send(await categories.getCategory(db, ctx, id));
    },
  });

  r.patch('/api/v1/case-categories/:id', {
    schema: {
      tags,
      summary: '修改诉求分类：名称、分级、时限、积分、提级督办条件、登记时询问的问题、停用',
      params: IdParam,
      body: UpdateCategoryBody,
      response: { 200: CategoryItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => categories.updateCategory(trx, ctx, req.params.id, req.body));
      return categories.getCategory(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/case-categories/:id/routes', {
    schema: {
      tags,
      summary: '设置派单规则：区域 → 承办单位（同一区域已有规则时替换）',
      params: IdParam,
      body: CategoryRouteBody,
      response: { 200: CategoryItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => categories.setCategoryRoute(trx, ctx, req.params.id, req.body));
      return categories.getCategory(db, ctx, req.params.id);
    },
  });

  r.delete('/api/v1/case-categories/:id/routes/:areaOrgId', {
    schema: {
      tags,
      summary: '删除一个区域的派单规则（之后按上级区域的规则或由属地受理后派单）',
      params: CategoryRouteParams,
      response: { 200: CategoryItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => categories.removeCategoryRoute(trx, ctx, req.params.id, req.params.areaOrgId));
      return categories.getCategory(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/cases', {
    schema: {
      tags,
      summary: '工单台账（超期在前）；q 按标题和内容检索，简繁体均可',
      querystring: ListCasesQuery,
      response: { 200: listOf(CaseItem), ...problemResponses },
    },
    handler: (req) => service.listCases(db, contextOf(req), req.query as service.ListQuery),
  });

  r.get('/api/v1/cases/export.xlsx', {
    schema: {
      tags,
      summary: '导出工单台账（Excel）',
      querystring: ListCasesQuery.omit({ page: true, pageSize: true }),
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const buffer = await service.exportCases(db, contextOf(req), req.query as service.ListQuery);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('工单台账.xlsx')}`)
        .send(buffer as never);
    },
  });

  r.get('/api/v1/cases/similar', {
    schema: {
      tags,
      summary: '登记时提示相似的在办工单（同类 250 米内，或文字相近）',
      querystring: SimilarQuery,
      response: { 200: listOf(SimilarItem), ...problemResponses },
    },
    handler: (req) => service.similarCases(db, contextOf(req), req.query),
  });

  r.get('/api/v1/cases/measures', {
    schema: {
      tags,
      summary: '工单统计（按单位、分类或月份），每项附定义',
      querystring: MeasuresQuery,
      response: { 200: MeasuresAnswer, ...problemResponses },
    },
    handler: (req) => service.measures(db, contextOf(req), req.query),
  });

  r.post('/api/v1/cases', {
    // the case row keeps the caller's Idempotency-Key (unique per region), written in the same transaction
    config: { ownIdempotency: true },
    schema: {
      tags,
      summary: '提交诉求（点单、随手拍、窗口登记）；支持 Idempotency-Key',
      body: CreateCaseBody,
      response: { 201: CaseDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      const key = req.headers['idempotency-key'];
      // one statement, atomic on its own (fileCase): no transaction around it
      const { id, replay, detail } = await service.fileCase(
        db,
        calendar,
        { ctx, submitActor: `user:${ctx.actor.userId}` },
        req.body,
        typeof key === 'string' && key.length <= 200 ? key : undefined,
        intakeRefs,
        service.readScope(ctx),
      );
      if (replay) reply.header('idempotent-replay', 'true');
      // a new case answers with the detail its own statement returned, and has no notices to mark read;
      // a replay reads the case as it is now
      return reply
        .code(201)
        .send(
          replay
            ? await service.getCase(db, calendar, ctx, id)
            : await service.caseAnswer(db, calendar, ctx, detail, { markRead: false }),
        );
    },
  });

  r.get('/api/v1/cases/:id', {
    schema: {
      tags,
      summary: '工单详情（过程、时限、可办理的动作）',
      params: IdParam,
      response: { 200: CaseDetail, ...problemResponses },
    },
    handler: async (req) =>
      service.getCase(db, await calendarService.calendar(), contextOf(req), req.params.id),
  });

  r.get('/api/v1/cases/:id/attachments/:attachmentId', {
    schema: {
      tags,
      summary: '工单照片',
      params: IdParam.extend({ attachmentId: IdParam.shape.id }),
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const file = await service.getAttachment(db, contextOf(req), req.params.id, req.params.attachmentId);
      reply.header('cache-control', 'private, max-age=3600');
      return sendStoredFile(reply, {
        name: file.file_name,
        content: file.data,
        claimedType: file.content_type,
      });
    },
  });

  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_FILE_BYTES + 1, files: 1, fields: 2 } });
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/cases/:id/evidence', {
      schema: {
        tags,
        summary:
          '上传办理凭证（照片或文件，multipart/form-data 的 file 字段；JPG/PNG/WebP/PDF/Word/Excel，最大 5 MB），回单时一并作为凭证',
        consumes: ['multipart/form-data'],
        params: IdParam,
        response: { 201: EvidenceItem, ...problemResponses },
      },
      handler: async (req, reply) => {
        const ctx = contextOf(req);
        const file = await readUpload(req, 'case.file', '凭证');
        const item = await db
          .transaction()
          .execute((trx) => service.addEvidence(trx, ctx, req.params.id, file));
        return reply.code(201).send(item);
      },
    });
  });

  r.post('/api/v1/cases/:id/contact/reveal', {
    schema: {
      tags,
      summary: '查看诉求人完整联系电话（仅该工单的承办人员；记入审计日志）',
      params: IdParam,
      response: { 200: RevealedContact, ...problemResponses },
    },
    handler: (req) => service.revealContact(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/cases/:id/transitions', {
    schema: {
      tags,
      summary: '办理工单：受理、派单、签收、退单、挂起、延期、回单、回访、评价、督办、合并、归档',
      params: IdParam,
      body: TransitionBody,
      response: { 200: CaseDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      await db
        .transaction()
        .execute((trx) => service.transitionCase(trx, calendar, ctx, req.params.id, req.body, { queue }));
      return service.getCase(db, calendar, ctx, req.params.id);
    },
  });

  r.get('/api/v1/service-days', {
    schema: {
      tags,
      summary: '企业服务日：面向本人所在组织的接待日，以及管理范围内的接待日（含下次日期和报名数）',
      querystring: ListCategoriesQuery,
      response: { 200: listOf(ServiceDayItem), ...problemResponses },
    },
    handler: async (req) =>
      serviceDays.listServiceDays(db, await calendarService.calendar(), contextOf(req), {
        includeInactive: req.query.includeInactive === 'true',
      }),
  });

  r.post('/api/v1/service-days', {
    schema: {
      tags,
      summary: '设置企业服务日（每月固定接待日，逢节假日顺延）',
      body: ServiceDayBody,
      response: { 201: ServiceDayItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => serviceDays.createServiceDay(trx, ctx, req.body));
      return reply
        .code(201)
        .send(await serviceDays.getServiceDay(db, await calendarService.calendar(), ctx, id));
    },
  });

  r.patch('/api/v1/service-days/:id', {
    schema: {
      tags,
      summary: '修改或停用企业服务日',
      params: IdParam,
      body: UpdateServiceDayBody,
      response: { 200: ServiceDayItem, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => serviceDays.updateServiceDay(trx, ctx, req.params.id, req.body));
      return serviceDays.getServiceDay(db, await calendarService.calendar(), ctx, req.params.id);
    },
  });

  r.post('/api/v1/service-days/:id/signups', {
    schema: {
      tags,
      summary: '报名企业服务日：报名即生成工单（渠道：企业服务日）；支持 Idempotency-Key',
      params: IdParam,
      body: ServiceDaySignupBody,
      response: { 201: ServiceDaySignupAnswer, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      const key = req.headers['idempotency-key'];
      const answer = await db
        .transaction()
        .execute((trx) =>
          serviceDays.signUp(
            trx,
            calendar,
            ctx,
            req.params.id,
            req.body,
            typeof key === 'string' && key.length <= 200 ? key : undefined,
          ),
        );
      return reply.code(201).send(answer);
    },
  });

  r.get('/api/v1/points/me', {
    schema: { tags: ['积分'], summary: '我的积分', response: { 200: PointsAnswer, ...problemResponses } },
    handler: (req) => service.myPoints(db, contextOf(req)),
  });

  r.get('/api/v1/notifications', {
    schema: {
      tags: ['诉求工单'],
      summary:
        '提醒、催办与督办通知，以及本人的工单通知（已答复）、政策推送（policy_push、policy_digest）与未读数',
      response: { 200: NotificationList, ...problemResponses },
    },
    handler: (req) => service.notifications(db, contextOf(req)),
  });
}
