import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import {
  Created,
  CreateRewardBody,
  CreateStationBody,
  MyPoints,
  RedeemBody,
  Redemption,
  RewardParams,
  Station,
  StationList,
  StationListQuery,
  StationRedemptions,
  UpdateRewardBody,
} from './schemas.ts';
import * as service from './service.ts';

export function pointsRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['积分与驿站'];

  r.get('/api/v1/me/points', {
    schema: {
      tags,
      summary: '我的积分：余额与每一笔收支（来源：经核实办结的诉求、兑换）',
      response: { 200: MyPoints, ...problemResponses },
    },
    handler: (req) => service.myPoints(db, contextOf(req)),
  });

  r.get('/api/v1/stations', {
    schema: {
      tags,
      summary: '暖“新”驿站与可兑换物品（所有登录用户可见；mine=true 只列本人管理的驿站）',
      querystring: StationListQuery,
      response: { 200: StationList, ...problemResponses },
    },
    handler: (req) => service.listStations(db, contextOf(req), req.query),
  });

  r.get('/api/v1/stations/:id', {
    schema: { tags, summary: '一个驿站', params: IdParam, response: { 200: Station, ...problemResponses } },
    handler: (req) => service.getStation(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/stations', {
    schema: {
      tags,
      summary: '设立驿站（由其所属党组织的上级或本级管理员设立）',
      body: CreateStationBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => service.createStation(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.post('/api/v1/stations/:id/rewards', {
    schema: {
      tags,
      summary: '新增兑换物品',
      params: IdParam,
      body: CreateRewardBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => service.addReward(trx, contextOf(req), req.params.id, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.patch('/api/v1/stations/:id/rewards/:rewardId', {
    schema: {
      tags,
      summary: '修改兑换物品（名称、所需积分、库存、上下架）',
      params: RewardParams,
      body: UpdateRewardBody,
      response: { 200: Station, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => service.updateReward(trx, ctx, req.params.id, req.params.rewardId, req.body));
      return service.getStation(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/stations/:id/redemptions', {
    schema: {
      tags,
      summary: '本驿站的兑换记录（驿站所属组织核对发放）',
      params: IdParam,
      response: { 200: StationRedemptions, ...problemResponses },
    },
    handler: (req) => service.stationRedemptions(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/points/redemptions', {
    schema: {
      tags,
      summary: '用积分兑换驿站物品：余额或库存不足时 409，且不做任何改动',
      body: RedeemBody,
      response: { 201: Redemption, ...problemResponses },
    },
    handler: async (req, reply) => {
      const answer = await db.transaction().execute((trx) => service.redeem(trx, contextOf(req), req.body));
      return reply.code(201).send(answer);
    },
  });
}
