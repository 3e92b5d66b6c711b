import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { OOXML_TYPES, sendStoredFile } from '../../platform/files.ts';
import { contextOf } from '../../platform/http.ts';
import type { JobQueue } from '../../platform/jobs.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import { BulletinDetail, BulletinListQuery, BulletinPage, IssueBulletinBody } from './schemas.ts';
import * as service from './service.ts';

export function bulletinRoutes(app: FastifyInstance, { db }: Database, queue: JobQueue) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['月度通报'];

  r.post('/api/v1/bulletins', {
    schema: {
      tags,
      summary:
        '生成某组织某月（须已结束）的月度通报：立即编好文号并排队，后台任务生成 .docx 和 PDF；同月再次生成为新文号，替代原通报',
      body: IssueBulletinBody,
      response: { 202: BulletinDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.issueBulletin(trx, ctx, queue, req.body));
      return reply.code(202).send(await service.getBulletin(db, ctx, id));
    },
  });

  r.get('/api/v1/bulletins', {
    schema: {
      tags,
      summary: '通报存档：范围内各组织各月的通报（新月份在前），可按组织（含下级）和月份筛选',
      querystring: BulletinListQuery,
      response: { 200: BulletinPage, ...problemResponses },
    },
    handler: (req) => service.listBulletins(db, contextOf(req), req.query),
  });

  r.get('/api/v1/bulletins/:id', {
    schema: {
      tags,
      summary: '一份通报：状态、文号和生成时取得的数据快照（之后不再变化）',
      params: IdParam,
      response: { 200: BulletinDetail, ...problemResponses },
    },
    handler: (req) => service.getBulletin(db, contextOf(req), req.params.id),
  });

  r.get('/api/v1/bulletins/:id/file.docx', {
    schema: { tags, summary: '下载通报 Word 文件（.docx）', params: IdParam, response: problemResponses },
    handler: async (req, reply) => {
      const file = await service.bulletinFile(db, contextOf(req), req.params.id, 'docx');
      return sendStoredFile(reply, { ...file, claimedType: OOXML_TYPES.docx });
    },
  });

  r.get('/api/v1/bulletins/:id/file.pdf', {
    schema: { tags, summary: '下载通报 PDF 文件', params: IdParam, response: problemResponses },
    handler: async (req, reply) => {
      const file = await service.bulletinFile(db, contextOf(req), req.params.id, 'pdf');
      return sendStoredFile(reply, file);
    },
  });
}
