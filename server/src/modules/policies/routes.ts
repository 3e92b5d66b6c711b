import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CalendarService } from '../../platform/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { BatchParam, CommitBody, CommitResult, ledgerUploadRoute } from '../../platform/imports.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import { xlsxAttachment } from '../../platform/xlsx.ts';
import { applyForPolicy } from './applications.ts';
import { commitFactsImport, factsImportPreview, factsTemplate, previewFactsImport } from './factsImport.ts';
import { exportPolicyFigures, policyFigures } from './figures.ts';
import { listPushes, openPush } from './pushes.ts';
import {
  ApplyAnswer,
  ApplyBody,
  CheckAnswer,
  CheckBody,
  FactsAnswer,
  FactsBody,
  FactsImportPreview,
  FiguresAnswer,
  FiguresQuery,
  MatchList,
  MatchQuery,
  MyEnterprise,
  PolicyBody,
  PolicyDetail,
  PolicyItem,
  PolicyListQuery,
  PolicyMatchesAnswer,
  PolicyMatchesQuery,
  PushList,
  PushOpened,
  PushParams,
  UnitParam,
} from './schemas.ts';
import * as service from './service.ts';

export function policyRoutes(app: FastifyInstance, database: Database, calendarService: CalendarService) {
  const { db } = database;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['政策云配'];

  r.get('/api/v1/policies', {
    schema: {
      tags,
      summary: '政策库（公开的政策文件）；inForce=true 只列今天有效的',
      querystring: PolicyListQuery,
      response: { 200: listOf(PolicyItem), ...problemResponses },
    },
    handler: (req) => service.listPolicies(db, contextOf(req), req.query),
  });

  r.get('/api/v1/policies/figures', {
    schema: {
      tags,
      summary:
        '政策统计（本范围企业）：按政策、按月的符合条件、新符合、推送、已读、推送后申报、申报、获批；默认最近 12 个月',
      querystring: FiguresQuery,
      response: { 200: FiguresAnswer, ...problemResponses },
    },
    handler: (req) => policyFigures(db, contextOf(req), req.query),
  });

  r.get('/api/v1/policies/figures/export', {
    schema: {
      tags,
      summary: '导出政策统计（Excel：按政策、按月两张表）',
      querystring: FiguresQuery,
      response: { ...problemResponses },
    },
    handler: async (req, reply) => {
      const { name, buffer } = await exportPolicyFigures(db, contextOf(req), req.query);
      return xlsxAttachment(reply, name, 'policy-figures.xlsx').send(buffer);
    },
  });

  r.get('/api/v1/policies/:id', {
    schema: {
      tags,
      summary: '一项政策：条款、申报条件（每项条件注明出自的条款）、版本',
      params: IdParam,
      response: { 200: PolicyDetail, ...problemResponses },
    },
    handler: (req) => service.getPolicy(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/policies', {
    schema: {
      tags,
      summary:
        '新建政策：criteria 为 {"all": [...]} 或 {"any": [...]}（可嵌套），每项条件 {fact, op, value, clause} 的 clause 须是本政策的条款号；保存后与所有企业匹配',
      body: PolicyBody,
      response: { 201: PolicyDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createPolicy(trx, ctx, req.body));
      return reply.code(201).send(await service.getPolicy(db, ctx, id));
    },
  });

  r.put('/api/v1/policies/:id', {
    schema: {
      tags,
      summary: '修改政策：生成新版本并重新匹配；已存的匹配记得当时的版本',
      params: IdParam,
      body: PolicyBody,
      response: { 200: PolicyDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updatePolicy(trx, ctx, req.params.id, req.body));
      return service.getPolicy(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/policies/:id/check', {
    schema: {
      tags,
      summary:
        '试算：给定企业信息，答 eligible / ineligible / unknown；unknown 表示没有条件不满足但缺少所需信息（missingFacts）；all 下一项不满足即 ineligible',
      params: IdParam,
      body: CheckBody,
      response: { 200: CheckAnswer, ...problemResponses },
    },
    handler: (req) => service.checkPolicy(db, contextOf(req), req.params.id, req.body),
  });

  r.get('/api/v1/policies/:id/matches', {
    schema: {
      tags,
      summary: '一项政策在本范围企业中的匹配：符合、待补充信息、差一项符合（almost），以及最常缺少的信息',
      params: IdParam,
      querystring: PolicyMatchesQuery,
      response: { 200: PolicyMatchesAnswer, ...problemResponses },
    },
    handler: (req) => service.policyMatches(db, contextOf(req), req.params.id, req.query),
  });

  r.get('/api/v1/me/enterprise', {
    schema: {
      tags,
      summary: '本人所在的企业（企业用户）；不是企业用户答 404',
      response: { 200: MyEnterprise, ...problemResponses },
    },
    handler: (req) => service.myEnterprise(db, contextOf(req)),
  });

  r.get('/api/v1/enterprises/facts/import/template.xlsx', {
    schema: { tags, summary: '下载企业画像导入模板（.xlsx）', response: problemResponses },
    handler: async (req, reply) => {
      contextOf(req);
      return xlsxAttachment(reply, '企业画像导入模板.xlsx', 'facts-template.xlsx').send(
        await factsTemplate(),
      );
    },
  });

  ledgerUploadRoute(app, {
    url: '/api/v1/enterprises/facts/import/preview',
    tags,
    summary:
      '上传企业画像并预览（工作表“企业画像”：统一社会信用代码，以及行业代码、从业人员数、上年营业收入（元）、上年研发费用（元）、注册登记日期、资质、是否建立党组织、截至日期中填写的项）：列出有错误的行和每家企业将改变的信息，不写入任何数据',
    response: FactsImportPreview,
    defaultName: '企业画像.xlsx',
    handle: (ctx, file) => previewFactsImport(database, ctx, file),
  });

  r.get('/api/v1/enterprises/facts/import/:batchId', {
    schema: {
      tags,
      summary: '企业画像导入批次的预览结果',
      params: BatchParam,
      response: { 200: FactsImportPreview, ...problemResponses },
    },
    handler: (req) => factsImportPreview(db, contextOf(req), req.params.batchId),
  });

  r.post('/api/v1/enterprises/facts/import/:batchId/commit', {
    schema: {
      tags,
      summary:
        '确认导入企业画像：all 须全部正确；good_rows 仅导入正确的行。写入填写的项（来源 import）并重新匹配这些企业；同一批次只能导入一次',
      params: BatchParam,
      body: CommitBody,
      response: { 200: CommitResult, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) => commitFactsImport(trx, ctx, req.params.batchId, req.body.mode));
    },
  });

  r.get('/api/v1/enterprises/:unitId/facts', {
    schema: {
      tags,
      summary: '企业画像：每项信息的值、来源（self 企业自报 / import 导入 / staff 工作人员）和截至日期',
      params: UnitParam,
      response: { 200: FactsAnswer, ...problemResponses },
    },
    handler: (req) => service.getFacts(db, contextOf(req), req.params.unitId),
  });

  r.put('/api/v1/enterprises/:unitId/facts', {
    schema: {
      tags,
      summary: '补充或修改企业信息（null 表示删除该项）；保存后立即重新匹配该企业',
      params: UnitParam,
      body: FactsBody,
      response: { 200: FactsAnswer, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.setFacts(trx, contextOf(req), req.params.unitId, req.body)),
  });

  r.get('/api/v1/enterprises/:unitId/policy-matches', {
    schema: {
      tags,
      summary:
        '企业的政策匹配（按已存的企业信息）：每项理由注明条款；unknown 列出需补充的信息；未存的 ineligible 当场说明',
      params: UnitParam,
      querystring: MatchQuery,
      response: { 200: MatchList, ...problemResponses },
    },
    handler: (req) => service.enterpriseMatches(db, contextOf(req), req.params.unitId, req.query),
  });

  r.post('/api/v1/enterprises/:unitId/policy-applications', {
    schema: {
      tags,
      summary:
        '企业申报符合条件的政策事项：生成工单（渠道：政策申报），按该事项的分类派给审核部门，按工作日计时限；支持 Idempotency-Key',
      params: UnitParam,
      body: ApplyBody,
      response: { 201: ApplyAnswer, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const calendar = await calendarService.calendar();
      const key = req.headers['idempotency-key'];
      const answer = await db
        .transaction()
        .execute((trx) =>
          applyForPolicy(
            trx,
            calendar,
            ctx,
            req.params.unitId,
            req.body,
            typeof key === 'string' && key.length <= 200 ? key : undefined,
          ),
        );
      return reply.code(201).send(answer);
    },
  });

  r.get('/api/v1/enterprises/:unitId/policy-pushes', {
    schema: {
      tags,
      summary: '企业收到的政策推送（新符合条件时告知一次；超出频次上限的合并为汇总），含已读、已申报',
      params: UnitParam,
      response: { 200: PushList, ...problemResponses },
    },
    handler: (req) => listPushes(db, contextOf(req), req.params.unitId),
  });

  r.post('/api/v1/enterprises/:unitId/policy-pushes/:pushId/read', {
    schema: {
      tags,
      summary: '企业打开一条政策推送：记为已读（工作人员查看不计），并答出对应的政策',
      params: PushParams,
      response: { 200: PushOpened, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => openPush(trx, contextOf(req), req.params.unitId, req.params.pushId)),
  });
}
