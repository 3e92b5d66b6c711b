import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  Answer,
  AskBody,
  CreateDocumentBody,
  DocumentDetail,
  DocumentList,
  QuestionList,
  QuestionListQuery,
} from './schemas.ts';
import * as service from './service.ts';

export function assistantRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['问答助手'];

  r.post('/api/v1/assistant/ask', {
    schema: {
      tags,
      summary:
        '问答助手：从收录的规定、政策和使用帮助中检索作答，每句话都引用所依据条款的原文；党费金额由党费规则计算；回答不了的不编造，confidence 低且 suggestCase 为 true',
      body: AskBody,
      response: { 200: Answer, ...problemResponses },
    },
    handler: (req) => service.ask(db, contextOf(req), req.body.question),
  });

  r.get('/api/v1/assistant/documents', {
    schema: {
      tags,
      summary: '问答助手收录的文件（所有登录用户可见：它们是每个回答的出处）',
      response: { 200: DocumentList, ...problemResponses },
    },
    handler: (req) => {
      contextOf(req);
      return service.listDocuments(db);
    },
  });

  r.get('/api/v1/assistant/documents/:id', {
    schema: {
      tags,
      summary: '一个收录文件及其全部条款',
      params: IdParam,
      response: { 200: DocumentDetail, ...problemResponses },
    },
    handler: (req) => {
      contextOf(req);
      return service.getDocument(db, req.params.id);
    },
  });

  r.post('/api/v1/assistant/documents', {
    schema: {
      tags,
      summary:
        '收录一个文件（规定原文、政策文件或帮助），按条款录入；可注明它替代的旧文件，此后引用旧文件的回答会提示已被替代。文件全国通用，须对全部党组织有 assistant.manage 权限',
      body: CreateDocumentBody,
      response: { 201: DocumentDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createDocument(trx, ctx, req.body));
      service.corpusChanged();
      return reply.code(201).send(await service.getDocument(db, id));
    },
  });

  r.get('/api/v1/assistant/questions', {
    schema: {
      tags,
      summary: '提问记录（answered=false：未能回答的问题，即收录文件缺少的内容）；不含提问人',
      querystring: QuestionListQuery,
      response: { 200: QuestionList, ...problemResponses },
    },
    handler: (req) => service.listQuestions(db, contextOf(req), req.query),
  });
}
