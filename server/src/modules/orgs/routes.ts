import type { FastifyInstance } from 'fastify';
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
import * as orgExport from './export.ts';
import * as ledger from './ledger.ts';
import * as repo from './repository.ts';
import {
  CreateOrgBody,
  DissolveOrgBody,
  ExportOrgsBody,
  ExportOrgsQuery,
  ListOrgsQuery,
  MoveOrgBody,
  OrgDetail,
  OrgHistoryItem,
  OrgImportPreview,
  OrgItem,
  UpdateOrgBody,
} from './schemas.ts';
import * as service from './service.ts';

export function orgRoutes(app: FastifyInstance, { db }: Database, queue: JobQueue) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['党组织'];

  r.get('/api/v1/orgs', {
    schema: {
      tags,
      summary: '列出范围内的党组织（顶层、下级或搜索）',
      querystring: ListOrgsQuery,
      response: { 200: listOf(OrgItem), ...problemResponses },
    },
    handler: (req) => service.listOrgs(db, contextOf(req), req.query),
  });

  r.get('/api/v1/orgs/export.xlsx', {
    schema: {
      tags,
      summary: `导出党组织名册（parentId 及其全部下级，或整个管理范围；不超过 ${EXPORT_DIRECT_LIMIT.toLocaleString()} 行，记入审计）`,
      querystring: ExportOrgsQuery,
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const filter = await orgExport.orgExportFilter(db, ctx, req.query);
      const rows = await repo.countOrgs(db, filter);
      assertDirectExport(rows);
      await db
        .transaction()
        .execute((trx) => orgExport.auditOrgExport(trx, ctx, filter, { rows, query: req.query }));
      return sendXlsxStream(
        reply,
        req.log,
        { fileName: orgExport.orgExportFileName(), asciiName: 'orgs.xlsx' },
        (stream) => orgExport.writeOrgsXlsx(stream, orgExport.orgExportLines(db, filter)),
      );
    },
  });

  r.post('/api/v1/orgs/exports', {
    schema: {
      tags,
      summary: '后台导出党组织名册（任意行数，进度在 /api/v1/exports/:id 查看）',
      body: ExportOrgsBody,
      response: { 202: ExportJob, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const query = req.body;
      const filter = await orgExport.orgExportFilter(db, ctx, query);
      const rows = await repo.countOrgs(db, filter);
      const job = await startExportJob(db, queue, ctx, {
        name: 'orgs.export',
        query,
        rows,
        orgPath: orgExport.orgExportPath(filter),
        audit: (trx, jobId) => orgExport.auditOrgExport(trx, ctx, filter, { rows, query, jobId }),
      });
      return reply.code(202).send(job);
    },
  });

  r.get('/api/v1/orgs/:id', {
    schema: {
      tags,
      summary: '党组织详情',
      params: IdParam,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: (req) => service.getOrg(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/orgs/:id/history', {
    schema: {
      tags,
      summary: '党组织变更记录',
      params: IdParam,
      response: { 200: listOf(OrgHistoryItem), ...problemResponses },
    },
    handler: (req) => service.orgHistory(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/orgs', {
    schema: {
      tags,
      summary: '新建下级党组织',
      body: CreateOrgBody,
      response: { 201: OrgDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createOrg(trx, ctx, req.body));
      return reply.code(201).send(await service.getOrg(db, ctx, id));
    },
  });

  r.patch('/api/v1/orgs/:id', {
    schema: {
      tags,
      summary: '修改党组织（更名、类型、所在单位）',
      params: IdParam,
      body: UpdateOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateOrg(trx, ctx, req.params.id, req.body));
      return service.getOrg(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/orgs/:id/move', {
    schema: {
      tags,
      summary: '调整隶属关系（连同全部下级组织）',
      params: IdParam,
      body: MoveOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.moveOrg(trx, ctx, req.params.id, req.body.parentId));
      return service.getOrg(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/orgs/:id/dissolve', {
    schema: {
      tags,
      summary: '撤销党组织（保留历史）',
      params: IdParam,
      body: DissolveOrgBody,
      response: { 200: OrgDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.dissolveOrg(trx, ctx, req.params.id, req.body));
      return service.getOrg(db, ctx, req.params.id);
    },
  });

  // ------------------------------------------------------------ Excel ledger

  r.get('/api/v1/orgs/import/template.xlsx', {
    schema: { tags, summary: '下载党组织导入模板（.xlsx）', response: problemResponses },
    handler: async (req, reply) => {
      contextOf(req);
      return xlsxAttachment(reply, '党组织信息导入模板.xlsx', 'orgs-template.xlsx').send(
        await ledger.buildOrgTemplate(),
      );
    },
  });

  ledgerUploadRoute(app, {
    url: '/api/v1/orgs/import/preview',
    tags,
    summary: '上传党组织台账并预览（逐行检查并找到上级组织，不写入任何数据）',
    response: OrgImportPreview,
    defaultName: '党组织台账.xlsx',
    handle: (ctx, file) => ledger.previewOrgImport(db, ctx, file),
  });

  r.get('/api/v1/orgs/import/:batchId', {
    schema: {
      tags,
      summary: '党组织导入批次的预览结果',
      params: BatchParam,
      response: { 200: OrgImportPreview, ...problemResponses },
    },
    handler: (req) => ledger.orgImportPreview(db, contextOf(req), req.params.batchId),
  });

  r.post('/api/v1/orgs/import/:batchId/commit', {
    schema: {
      tags,
      summary:
        '确认导入党组织：all 须全部正确；good_rows 仅导入正确的行。同一上级下同名的党组织不重复新建，可重复导入',
      params: BatchParam,
      body: CommitBody,
      response: { 200: CommitResult, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db
        .transaction()
        .execute((trx) => ledger.commitOrgImport(trx, ctx, req.params.batchId, req.body.mode));
    },
  });
}
