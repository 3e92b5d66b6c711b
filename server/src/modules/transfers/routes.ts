import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, listOf, problemResponses } from '../../platform/schemas.ts';
import {
  AcceptBody,
  CancelBody,
  ListTransfersQuery,
  MobileCardBody,
  MobileCardView,
  ReceiptBody,
  ReturnBody,
  StartTransferBody,
  TargetItem,
  TargetQuery,
  TransferDetail,
  TransferItem,
} from './schemas.ts';
import * as service from './service.ts';

export function transferRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['组织关系转接'];

  r.get('/api/v1/transfers', {
    schema: {
      tags,
      summary: '转接列表：inbox 为转入本组织的，outbox 为本组织转出的；state=open 为未完成的',
      querystring: ListTransfersQuery,
      response: { 200: listOf(TransferItem), ...problemResponses },
    },
    handler: (req) => service.listTransfers(db, contextOf(req), req.query),
  });

  r.get('/api/v1/transfers/targets', {
    schema: {
      tags,
      summary: '查找系统内可接收组织关系的党组织（不限本人管理范围，只返回名称）',
      querystring: TargetQuery,
      response: { 200: listOf(TargetItem), ...problemResponses },
    },
    handler: (req) => service.searchTargets(db, contextOf(req), req.query),
  });

  r.get('/api/v1/transfers/:id', {
    schema: {
      tags,
      summary: '转接详情（转出方和接收方都可查看，党员信息已脱敏）',
      params: IdParam,
      response: { 200: TransferDetail, ...problemResponses },
    },
    handler: (req) => service.getTransfer(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/transfers', {
    schema: {
      tags,
      summary:
        '发起组织关系转接：系统内（internal）、转出系统外（out，登记纸质介绍信编号）、由系统外转入（in）',
      body: StartTransferBody,
      response: { 201: TransferDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.startTransfer(trx, ctx, req.body));
      return reply.code(201).send(await service.getTransfer(db, ctx, id));
    },
  });

  const action = (
    path: string,
    summary: string,
    body: typeof AcceptBody | typeof ReturnBody | typeof ReceiptBody | typeof CancelBody,
    run: (
      trx: Parameters<typeof service.acceptTransfer>[0],
      ctx: ReturnType<typeof contextOf>,
      id: number,
      body: never,
    ) => Promise<void>,
  ) =>
    r.post(`/api/v1/transfers/:id/${path}`, {
      schema: {
        tags,
        summary,
        params: IdParam,
        body,
        response: { 200: TransferDetail, ...problemResponses },
      },
      handler: async (req) => {
        const ctx = contextOf(req);
        await db.transaction().execute((trx) => run(trx, ctx, req.params.id, req.body as never));
        return service.getTransfer(db, ctx, req.params.id);
      },
    });

  action('accept', '接收组织关系（接收方）：党员自此转入接收组织', AcceptBody, service.acceptTransfer);
  action('return', '退回组织关系（接收方），须说明原因', ReturnBody, service.returnTransfer);
  action(
    'receipt',
    '登记回执，转接完成（系统内由接收方；转出系统外由转出方登记收到的回执）',
    ReceiptBody,
    service.recordReceipt,
  );
  action('cancel', '撤回尚未接收的转接（转出方）', CancelBody, service.cancelTransfer);

  r.post('/api/v1/members/:id/mobile-card', {
    schema: {
      tags,
      summary: '开具或更新流动党员活动证（外出不足 6 个月），党员状态改为流动党员',
      params: IdParam,
      body: MobileCardBody,
      response: { 200: MobileCardView, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db.transaction().execute((trx) => service.issueMobileCard(trx, ctx, req.params.id, req.body));
    },
  });

  r.post('/api/v1/members/:id/mobile-card/end', {
    schema: {
      tags,
      summary: '收回流动党员活动证（返回），党员状态恢复正常',
      params: IdParam,
      response: { 200: MobileCardView, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db.transaction().execute((trx) => service.endMobileCard(trx, ctx, req.params.id));
    },
  });
}
