import { ROLE_CODES, type RoleCode } from '@honglian/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import {
  IdParam,
  listOf,
  NullableTimestamp,
  Ok,
  Pagination,
  problemResponses,
  Timestamp,
  text,
} from '../../platform/schemas.ts';
import * as service from './service.ts';

export const RoleView = z
  .object({ id: z.number(), role: z.string(), roleLabel: z.string(), orgId: z.number(), orgName: z.string() })
  .meta({ id: 'RoleBinding' });

const UserItem = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable().describe('已脱敏'),
    orgId: z.number().nullable(),
    orgName: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    roles: z.array(RoleView),
    lastLoginAt: NullableTimestamp,
  })
  .meta({ id: 'UserItem' });

const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '用户名应为 3–32 位字母、数字、下划线、点或连字符，以字母开头');
const Password = z
  .string()
  .min(10, '密码至少 10 位')
  .max(128, '密码不能超过 128 位')
  .refine((p) => /[a-zA-Z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');
const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号码应为 11 位数字');
const roleCodes = ROLE_CODES as [RoleCode, ...RoleCode[]];

const TokenItem = z
  .object({
    id: z.number(),
    name: z.string(),
    userId: z.number(),
    username: z.string(),
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: NullableTimestamp,
    revokedAt: NullableTimestamp,
  })
  .meta({ id: 'ApiToken' });

export function userRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['用户与权限'];

  r.get('/api/v1/users', {
    schema: {
      tags,
      summary: '列出范围内的用户',
      querystring: Pagination.extend({ q: z.string().trim().max(50).optional() }),
      response: { 200: listOf(UserItem), ...problemResponses },
    },
    handler: (req) => service.listUsers(db, contextOf(req), req.query),
  });

  r.post('/api/v1/users', {
    schema: {
      tags,
      summary: '新建用户',
      body: z.object({
        username: Username,
        displayName: text(50, '姓名'),
        password: Password,
        orgId: z.number({ message: '请选择所属组织' }).int().positive(),
        phone: Phone.optional(),
      }),
      response: { 201: UserItem, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createUser(trx, ctx, req.body));
      const list = await service.listUsers(db, ctx, { q: req.body.username, page: 1, pageSize: 1 });
      return reply.code(201).send(list.items.find((u) => u.id === id) ?? list.items[0]!);
    },
  });

  r.patch('/api/v1/users/:id', {
    schema: {
      tags,
      summary: '修改用户（姓名、停用/启用、重设密码）',
      params: IdParam,
      body: z
        .object({
          displayName: text(50, '姓名').optional(),
          status: z.enum(['active', 'disabled']).optional(),
          password: Password.optional(),
        })
        .refine((v) => Object.keys(v).length > 0, '没有要修改的内容'),
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.updateUser(trx, ctx, req.params.id, req.body));
      return { ok: true as const };
    },
  });

  r.post('/api/v1/users/:id/roles', {
    schema: {
      tags,
      summary: '为用户分配角色（绑定到一个党组织，作用于其全部下级）',
      params: IdParam,
      body: z.object({
        role: z.enum(roleCodes, { message: '角色无效' }),
        orgId: z.number({ message: '请选择组织' }).int().positive(),
      }),
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => service.grantRole(trx, ctx, req.params.id, req.body));
      return { ok: true as const };
    },
  });

  r.delete('/api/v1/users/:id/roles/:bindingId', {
    schema: {
      tags,
      summary: '收回用户的一个角色',
      params: IdParam.extend({ bindingId: z.coerce.number().int().positive() }),
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.revokeRole(trx, ctx, req.params.id, req.params.bindingId));
      return { ok: true as const };
    },
  });

  r.get('/api/v1/tokens', {
    schema: { tags, summary: '接口令牌列表', response: { 200: listOf(TokenItem), ...problemResponses } },
    handler: (req) => service.listTokens(db, contextOf(req)),
  });

  r.post('/api/v1/tokens', {
    // the token's value is shown in this answer only: an Idempotency-Key replay never shows it again
    config: { secretFields: ['token'] },
    schema: {
      tags,
      summary: '创建接口令牌（令牌只在此时返回一次）',
      body: z.object({
        name: text(100, '令牌名称'),
        userId: z.number({ message: '请选择令牌所属用户' }).int().positive(),
      }),
      response: { 201: TokenItem.extend({ token: z.string() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const created = await db.transaction().execute((trx) => service.createToken(trx, ctx, req.body));
      return reply.code(201).send(created);
    },
  });

  r.post('/api/v1/tokens/:id/revoke', {
    schema: {
      tags,
      summary: '吊销接口令牌',
      params: IdParam,
      response: { 200: TokenItem, ...problemResponses },
    },
    handler: (req) => {
      const ctx = contextOf(req);
      return db.transaction().execute((trx) => service.revokeToken(trx, ctx, req.params.id));
    },
  });
}
