import type { AllianceFigureKey } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { CommitBody, CommitResult, ledgerUploadRoute } from '../../platform/imports.ts';
import { problemResponses } from '../../platform/schemas.ts';
import { xlsxAttachment } from '../../platform/xlsx.ts';
import { exportListItems } from './export.ts';
import * as figures from './figures.ts';
import { commitListImport, listImportPreview, listTemplate, previewListImport } from './listImport.ts';
import {
  AddMemberBody,
  AllianceDetail,
  AllianceFigures,
  AllianceListQuery,
  AlliancePage,
  AllianceParams,
  AllianceService,
  ChairChangeBody,
  CompleteResolutionBody,
  CreateAllianceBody,
  CreateListItemBody,
  CreateMeetingBody,
  DispatchBody,
  DispatchResult,
  FigureParams,
  FigureRowList,
  LeaveBody,
  ListImportParams,
  ListImportPreview,
  ListItem,
  ListItemPage,
  ListItemParams,
  ListItemQuery,
  MatchPage,
  MatchQuery,
  Meeting,
  MeetingPage,
  MeetingParams,
  MeetingQuery,
  MemberParams,
  PeoplePage,
  PeopleQuery,
  RecordMeetingBody,
  RegionFigures,
  ResolutionParams,
  ResolutionSchema,
} from './schemas.ts';
import * as service from './service.ts';
import * as teams from './teams.ts';

export function allianceRoutes(app: FastifyInstance, database: Database, calendarService: CalendarService) {
  const { db } = database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['联盟'];

  r.get('/api/v1/alliances', {
    schema: {
      tags,
      summary: '产业链党委和党建联盟：联盟办公室和上级组织部门看其范围内的，成员单位的工作人员看本单位所在的',
      querystring: AllianceListQuery,
      response: { 200: AlliancePage, ...problemResponses },
    },
    handler: (req) => service.listAlliances(db, contextOf(req), req.query),
  });

  r.post('/api/v1/alliances', {
    schema: {
      tags,
      summary: '新建产业链党委或党建联盟（办公室设在 orgId 所指的党组织）',
      body: CreateAllianceBody,
      response: { 201: AllianceDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createAlliance(trx, ctx, req.body));
      return reply.code(201).send(await service.getAlliance(db, ctx, id));
    },
  });

  r.get('/api/v1/alliances/:id', {
    schema: {
      tags,
      summary: '一个联盟：成员单位及其角色、产业链环节，当前和下一任轮值主席（按日期计算）',
      params: AllianceParams,
      response: { 200: AllianceDetail, ...problemResponses },
    },
    handler: (req) => service.getAlliance(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/alliances/:id/service-teams', {
    schema: {
      tags,
      summary:
        '联盟的服务队（红链服务队、突击队）及其活动和服务时长，联盟的评选（党员示范岗、红领工匠）和所授荣誉',
      params: AllianceParams,
      response: { 200: AllianceService, ...problemResponses },
    },
    handler: (req) => teams.allianceService(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/alliances/:id/people', {
    schema: {
      tags,
      summary:
        '联盟成员单位的人员（为服务队加队员、为评选推荐候选人时查找）：联盟办公室查全部，成员单位查本单位；按姓名（简繁体、拼音、首字母）搜索，手机号和身份证号脱敏',
      params: AllianceParams,
      querystring: PeopleQuery,
      response: { 200: PeoplePage, ...problemResponses },
    },
    handler: (req) => teams.alliancePeople(db, contextOf(req), req.params.id, req.query),
  });

  r.post('/api/v1/alliances/:id/members', {
    schema: {
      tags,
      summary: '加入成员单位（可来自组织树的任何位置）：角色、产业链环节、加入日期、轮值顺位',
      params: AllianceParams,
      body: AddMemberBody,
      response: { 201: AllianceDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.addMember(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(await service.getAlliance(db, ctx, req.params.id));
    },
  });

  r.post('/api/v1/alliances/:id/members/:memberRowId/leave', {
    schema: {
      tags,
      summary: '成员单位退出联盟（登记退出日期，保留加入和退出的历史）',
      params: MemberParams,
      body: LeaveBody,
      response: { 200: AllianceDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.leaveMember(trx, ctx, req.params.id, req.params.memberRowId, req.body));
      return service.getAlliance(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/alliances/:id/chair-changes', {
    schema: {
      tags,
      summary: '轮值主席跳过（skip）或互换（swap）一个任期，并记录原因；任期本身按日期计算',
      params: AllianceParams,
      body: ChairChangeBody,
      response: { 200: AllianceDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.changeChair(trx, ctx, req.params.id, req.body));
      return service.getAlliance(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/alliances/:id/list-items', {
    schema: {
      tags,
      summary: '需求清单、资源清单、政策清单',
      params: AllianceParams,
      querystring: ListItemQuery,
      response: { 200: ListItemPage, ...problemResponses },
    },
    handler: (req) => service.listItems(db, contextOf(req), req.params.id, req.query),
  });

  r.get('/api/v1/alliances/:id/list-items/export', {
    schema: {
      tags,
      summary: '导出三张清单（Excel）',
      params: AllianceParams,
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const { name, buffer } = await exportListItems(db, contextOf(req), req.params.id);
      return xlsxAttachment(reply, `${name}清单.xlsx`, 'alliance-lists.xlsx').send(buffer);
    },
  });

  r.get('/api/v1/alliances/:id/list-items/import/template.xlsx', {
    schema: {
      tags,
      summary: '下载清单导入模板（.xlsx，栏目与导出的清单相同）',
      params: AllianceParams,
      response: problemResponses,
    },
    handler: async (req, reply) => {
      await service.allianceInScope(db, contextOf(req), req.params.id);
      return xlsxAttachment(reply, '联盟清单导入模板.xlsx', 'alliance-lists-template.xlsx').send(
        await listTemplate(),
      );
    },
  });

  ledgerUploadRoute(app, {
    url: '/api/v1/alliances/:id/list-items/import',
    tags,
    summary:
      '上传需求、资源、政策清单并预览（工作表“清单”：清单、标题、发布单位，以及类别、标签、说明、数量、有效期起、有效期止；导出的清单可直接导入）：列出有错误的行和每行将新增或修改的内容，不写入任何数据。联盟办公室可为任何成员单位导入，成员单位的工作人员只能为本单位导入',
    response: ListImportPreview,
    defaultName: '联盟清单.xlsx',
    params: AllianceParams,
    handle: (ctx, file, params) => previewListImport(database, ctx, params.id, file),
  });

  r.get('/api/v1/alliances/:id/list-items/import/:batchId', {
    schema: {
      tags,
      summary: '清单导入批次的预览结果',
      params: ListImportParams,
      response: { 200: ListImportPreview, ...problemResponses },
    },
    handler: (req) => listImportPreview(db, contextOf(req), req.params.id, req.params.batchId),
  });

  r.post('/api/v1/alliances/:id/list-items/import/:batchId/commit', {
    schema: {
      tags,
      summary:
        '确认导入清单：all 须全部正确；good_rows 仅导入正确的行。同一单位同一清单标题相同的待对接事项按文件更新，其余新增；新事项立即参与匹配；同一批次只能导入一次',
      params: ListImportParams,
      body: CommitBody,
      response: { 200: CommitResult, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) => commitListImport(trx, ctx, req.params.id, req.params.batchId, req.body.mode));
    },
  });

  r.post('/api/v1/alliances/:id/list-items', {
    schema: {
      tags,
      summary: '发布清单事项：orgId 为发布的成员单位（本人所在单位，联盟办公室可代任一成员发布）',
      params: AllianceParams,
      body: CreateListItemBody,
      response: { 201: ListItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db
        .transaction()
        .execute((trx) => service.createListItem(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(await service.getListItem(db, req.params.id, id));
    },
  });

  r.get('/api/v1/alliances/:id/matches', {
    schema: {
      tags,
      summary: '需求与资源匹配：每条未派单的需求配上能满足它的有效资源，附分数和理由',
      params: AllianceParams,
      querystring: MatchQuery,
      response: { 200: MatchPage, ...problemResponses },
    },
    handler: (req) => service.matches(db, contextOf(req), req.params.id, req.query),
  });

  r.post('/api/v1/alliances/:id/list-items/:itemId/dispatch', {
    schema: {
      tags,
      summary:
        '派单：把需求作为工单派给提供资源的成员单位（点单→派单→接单→评单），由联盟办公室或当前轮值主席单位派单',
      params: ListItemParams,
      body: DispatchBody,
      response: { 200: DispatchResult, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      return db
        .transaction()
        .execute((trx) =>
          service.dispatchDemand(trx, calendar, ctx, req.params.id, req.params.itemId, req.body),
        );
    },
  });

  r.get('/api/v1/alliances/:id/meetings', {
    schema: {
      tags,
      summary: '联席会议和每月活动日：议题、参会单位、纪要、议定事项及办结情况',
      params: AllianceParams,
      querystring: MeetingQuery,
      response: { 200: MeetingPage, ...problemResponses },
    },
    handler: (req) => service.listMeetings(db, contextOf(req), req.params.id, req.query),
  });

  r.post('/api/v1/alliances/:id/meetings', {
    schema: {
      tags,
      summary: '召集联席会议（当前轮值主席单位或联盟办公室）',
      params: AllianceParams,
      body: CreateMeetingBody,
      response: { 201: Meeting, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db
        .transaction()
        .execute((trx) => service.createMeeting(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(await service.getMeeting(db, ctx, req.params.id, id!));
    },
  });

  r.post('/api/v1/alliances/:id/meetings/:meetingId/record', {
    schema: {
      tags,
      summary: '登记会议召开：日期、纪要、参会单位、议定事项（责任单位和办结期限）',
      params: MeetingParams,
      body: RecordMeetingBody,
      response: { 200: Meeting, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.recordMeeting(trx, ctx, req.params.id, req.params.meetingId, req.body));
      return service.getMeeting(db, ctx, req.params.id, req.params.meetingId);
    },
  });

  r.post('/api/v1/alliances/:id/resolutions/:resolutionId/complete', {
    schema: {
      tags,
      summary: '议定事项办结（责任单位或联盟办公室登记）',
      params: ResolutionParams,
      body: CompleteResolutionBody,
      response: { 200: ResolutionSchema, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) =>
          service.completeResolution(trx, ctx, req.params.id, req.params.resolutionId, req.body),
        );
    },
  });

  r.post('/api/v1/alliances/:id/resolutions/:resolutionId/case', {
    schema: {
      tags,
      summary: '议定事项转为工单，派给责任单位办理',
      params: ResolutionParams,
      response: {
        200: DispatchResult.omit({ demandId: true }).extend({ resolutionId: ResolutionSchema.shape.id }),
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      return db
        .transaction()
        .execute((trx) =>
          service.resolutionToCase(trx, calendar, ctx, req.params.id, req.params.resolutionId),
        );
    },
  });

  r.get('/api/v1/alliance-figures', {
    schema: {
      tags,
      summary:
        '本区域联盟统计：调用者可见的每个联盟的成员、覆盖企业、联席会议、决议按期、需求办结和用时、评价、揭榜挂帅和项目进度，及其合计；每项附口径',
      response: { 200: RegionFigures, ...problemResponses },
    },
    handler: async (req) => figures.regionFigures(db, await calendarService.calendar(), contextOf(req)),
  });

  r.get('/api/v1/alliances/:id/figures', {
    schema: {
      tags,
      summary: '一个联盟的统计：每项附口径，数字等于其明细（/figures/{key}）的合计',
      params: AllianceParams,
      response: { 200: AllianceFigures, ...problemResponses },
    },
    handler: async (req) =>
      figures.allianceFigures(db, await calendarService.calendar(), contextOf(req), req.params.id),
  });

  r.get('/api/v1/alliances/:id/figures/:key', {
    schema: {
      tags,
      summary: '一项统计的明细：统计数字即明细条数（平均用时为明细用时的平均值）',
      params: FigureParams,
      response: { 200: FigureRowList, ...problemResponses },
    },
    handler: async (req) =>
      figures.figureList(
        db,
        await calendarService.calendar(),
        contextOf(req),
        req.params.id,
        req.params.key as AllianceFigureKey,
      ),
  });
}
