import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import {
  assertDirectExport,
  EXPORT_DIRECT_LIMIT,
  ExportJob,
  sendXlsxStream,
  startExportJob,
} from '../../platform/exports.ts';
import { contextOf } from '../../platform/http.ts';
import { BatchParam, CommitBody, CommitResult, ledgerUploadRoute } from '../../platform/imports.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import { xlsxAttachment } from '../../platform/xlsx.ts';
import { buildTemplate, writeMembersXlsx } from './excel.ts';
import * as repo from './repository.ts';
import {
  CreateMemberBody,
  ExportBody,
  ExportQuery,
  FullReadQuery,
  ImportPreview,
  ListMembersQuery,
  MemberDetail,
  MemberHistoryItem,
  MemberItem,
  UpdateMemberBody,
} from './schemas.ts';
import * as service from './service.ts';

function attachment(reply: FastifyReply, fileName: string) {
  return xlsxAttachment(reply, fileName, 'members.xlsx');
}

export function memberRoutes(app: FastifyInstance, { db }: Database, queue: JobQueue) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['党员'];

  r.get('/api/v1/members', {
    schema: {
      tags,
      summary:
        '党员名册（范围内，可按组织、类别、状态筛选；按姓名、拼音、首字母、身份证或手机尾号、单位搜索）',
      querystring: ListMembersQuery,
      response: { 200: listOf(MemberItem), ...problemResponses },
    },
    handler: (req) => service.listMembers(db, contextOf(req), req.query),
  });

  r.get('/api/v1/members/:id', {
    schema: {
      tags,
      summary: '党员详情（身份证号码与手机号脱敏）',
      params: IdParam,
      response: { 200: MemberDetail, ...problemResponses },
    },
    handler: (req) => service.getMember(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/members/:id/full', {
    schema: {
      tags,
      summary:
        '党员完整信息（需“查看党员完整身份证号和手机号”权限，须填写查看事由，每次查看连同事由记入审计日志）',
      params: IdParam,
      querystring: FullReadQuery,
      response: { 200: MemberDetail, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) => service.getMemberFull(trx, ctx, req.params.id, req.query.reason));
    },
  });

  r.get('/api/v1/members/:id/history', {
    schema: {
      tags,
      summary: '党员信息变更记录',
      params: IdParam,
      response: { 200: listOf(MemberHistoryItem), ...problemResponses },
    },
    handler: (req) => service.memberHistory(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/members', {
    schema: {
      tags,
      summary: '新增党员（校验公民身份号码，性别与出生日期由号码得出）',
      body: CreateMemberBody,
      response: { 201: MemberDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createMember(trx, ctx, req.body));
      return reply.code(201).send(await service.getMember(db, ctx, id));
    },
  });

  r.patch('/api/v1/members/:id', {
    schema: {
      tags,
      summary: '修改党员信息或状态（状态变更须填写原因；流动党员须填写流动去向）',
      params: IdParam,
      body: UpdateMemberBody,
      response: { 200: MemberDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateMember(trx, ctx, req.params.id, req.body));
      return service.getMember(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/me/member', {
    schema: {
      tags,
      summary: '本人的党员档案（完整信息，仅限本人）',
      response: { 200: MemberDetail, ...problemResponses },
    },
    handler: (req) => service.myMember(db, contextOf(req)),
  });

  // ------------------------------------------------------------ Excel ledgers

  r.get('/api/v1/members/import/template', {
    schema: { tags, summary: '下载党员信息导入模板（.xlsx）', response: problemResponses },
    handler: async (req, reply) => {
      contextOf(req);
      return attachment(reply, '党员信息导入模板.xlsx').send(await buildTemplate());
    },
  });

  ledgerUploadRoute(app, {
    url: '/api/v1/members/import/preview',
    tags,
    summary: '上传党员台账并预览（逐行检查，不写入任何数据）',
    response: ImportPreview,
    defaultName: '党员台账.xlsx',
    handle: (ctx, file) => service.previewImport(db, ctx, file),
  });

  r.get('/api/v1/members/import/:batchId', {
    schema: {
      tags,
      summary: '导入批次的预览结果',
      params: BatchParam,
      response: { 200: ImportPreview, ...problemResponses },
    },
    handler: (req) => service.importPreview(db, contextOf(req), req.params.batchId),
  });

  r.post('/api/v1/members/import/:batchId/commit', {
    schema: {
      tags,
      summary: '确认导入：all 须全部正确；good_rows 仅导入正确的行。按身份证号码更新已登记的党员，可重复导入',
      params: BatchParam,
      body: CommitBody,
      response: { 200: CommitResult, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) => service.commitImport(trx, ctx, req.params.batchId, req.body.mode));
    },
  });

  r.get('/api/v1/members/export.xlsx', {
    schema: {
      tags,
      summary: `导出党员名册（不超过 ${EXPORT_DIRECT_LIMIT.toLocaleString()} 行；有完整信息权限时导出完整信息并记入审计）`,
      querystring: ExportQuery,
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const { filter, full } = await service.exportPlan(db, ctx, req.query);
      const rows = await repo.countMembers(db, filter);
      assertDirectExport(rows);
      await db
        .transaction()
        .execute((trx) => service.auditExport(trx, ctx, { full, rows, query: req.query }));
      return sendXlsxStream(
        reply,
        req.log,
        { fileName: service.exportFileName(), asciiName: 'members.xlsx' },
        (stream) => writeMembersXlsx(stream, service.memberBatches(db, filter, 2000), { full }),
      );
    },
  });

  r.post('/api/v1/members/exports', {
    schema: {
      tags,
      summary: '后台导出党员名册（任意行数，进度在 /api/v1/exports/:id 查看）',
      body: ExportBody,
      response: { 202: ExportJob, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const query = req.body;
      const { filter, full } = await service.exportPlan(db, ctx, query);
      const rows = await repo.countMembers(db, filter);
      const job = await startExportJob(db, queue, ctx, {
        name: 'members.export',
        query,
        rows,
        orgPath: filter.subtreePath ?? filter.scope[0] ?? null,
        audit: (trx, jobId) => service.auditExport(trx, ctx, { full, rows, query, jobId }),
      });
      return reply.code(202).send(job);
    },
  });
}
