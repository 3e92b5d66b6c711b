import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, problemResponses } from '../../platform/schemas.ts';
import * as challenges from './challenges.ts';
import * as evaluations from './evaluations.ts';
import {
  AwardBody,
  BidBody,
  BidEditBody,
  BidParams,
  BidScoreBody,
  BidWithdrawBody,
  ChallengeDetail,
  ChallengeListQuery,
  CompleteMilestoneBody,
  CreateEvaluationBody,
  CreateProjectBody,
  EvaluationDetail,
  EvaluationList,
  EvaluationListQuery,
  EvaluationScoreParams,
  MilestoneParams,
  PostChallengeBody,
  ProjectDetail,
  ProjectListQuery,
  ProjectPage,
  ScoreBody,
} from './schemas.ts';
import * as service from './service.ts';

export function projectRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['项目'];

  r.get('/api/v1/projects', {
    schema: {
      tags,
      summary:
        '项目列表（书记领航、揭榜挂帅、党建联创）：实际进度、计划进度和超时序/滞后百分点；lagging=true 只列滞后项目',
      querystring: ProjectListQuery,
      response: { 200: ProjectPage, ...problemResponses },
    },
    handler: (req) => service.listProjects(db, contextOf(req), req.query),
  });

  r.get('/api/v1/projects/:id', {
    schema: {
      tags,
      summary:
        '一个项目：progress 为已完成节点权重之和，plannedProgress 为计划在今天及以前完成的节点权重之和，aheadPoints 为两者之差（正为超时序，负为滞后）；上级项目按子项目权重汇总',
      params: IdParam,
      response: { 200: ProjectDetail, ...problemResponses },
    },
    handler: (req) => service.getProject(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/projects', {
    schema: {
      tags,
      summary:
        '新建项目：节点权重为整数、合计 100；不设节点的为上级项目，进度由子项目（parentProjectId 指向它）按权重汇总',
      body: CreateProjectBody,
      response: { 201: ProjectDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => service.createProject(trx, ctx, req.body));
      return reply.code(201).send(await service.getProject(db, ctx, id));
    },
  });

  r.post('/api/v1/projects/:id/milestones/:milestoneId/complete', {
    schema: {
      tags,
      summary: '登记节点完成：完成日期不晚于今天，须有完成佐证',
      params: MilestoneParams,
      body: CompleteMilestoneBody,
      response: { 200: ProjectDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) =>
          service.completeMilestone(trx, ctx, req.params.id, req.params.milestoneId, req.body),
        );
      return service.getProject(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/project-evaluations', {
    schema: {
      tags,
      summary: '年终评比：调用者可查看项目的组织的评比',
      querystring: EvaluationListQuery,
      response: { 200: EvaluationList, ...problemResponses },
    },
    handler: (req) => evaluations.listEvaluations(db, contextOf(req), req.query),
  });

  r.post('/api/v1/project-evaluations', {
    schema: {
      tags,
      summary:
        '开展年终评比：本组织及下级牵头的顶层项目参评，实际进度取年末（年度未结束时取当天）；总分 = 实绩占比 × 实际进度 + 其余 × 评委平均分',
      body: CreateEvaluationBody,
      response: { 201: EvaluationDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => evaluations.createEvaluation(trx, ctx, req.body));
      return reply.code(201).send(await evaluations.getEvaluation(db, ctx, id));
    },
  });

  r.get('/api/v1/project-evaluations/:id', {
    schema: {
      tags,
      summary: '一次评比：按总分排名（并列同名次），每个项目的实绩、评委评分和评语',
      params: IdParam,
      response: { 200: EvaluationDetail, ...problemResponses },
    },
    handler: (req) => evaluations.getEvaluation(db, contextOf(req), req.params.id),
  });

  r.put('/api/v1/project-evaluations/:id/scores/:projectId', {
    schema: {
      tags,
      summary: '评委评分（0–100，可附评语；评定前可修改本人的评分）',
      params: EvaluationScoreParams,
      body: ScoreBody,
      response: { 200: EvaluationDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => evaluations.scoreProject(trx, ctx, req.params.id, req.params.projectId, req.body));
      return evaluations.getEvaluation(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/project-evaluations/:id/decide', {
    schema: {
      tags,
      summary: '评定：冻结名次，此后不能再评分',
      params: IdParam,
      response: { 200: EvaluationDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => evaluations.decideEvaluation(trx, ctx, req.params.id));
      return evaluations.getEvaluation(db, ctx, req.params.id);
    },
  });

  const challengeTags = ['揭榜挂帅'];

  r.get('/api/v1/challenges', {
    schema: {
      tags: challengeTags,
      summary: '揭榜挂帅榜单：调用者可见的联盟和组织发布的榜单，含揭榜期限和状态',
      querystring: ChallengeListQuery,
      response: { 200: ProjectPage, ...problemResponses },
    },
    handler: (req) => challenges.listChallenges(db, contextOf(req), req.query),
  });

  r.get('/api/v1/challenges/:id', {
    schema: {
      tags: challengeTags,
      summary: '一个榜单：条件、奖励、揭榜期限、揭榜方案（发榜单位看全部，揭榜单位看本单位的）和中榜后的进度',
      params: IdParam,
      response: { 200: ChallengeDetail, ...problemResponses },
    },
    handler: (req) => challenges.getChallenge(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/challenges', {
    schema: {
      tags: challengeTags,
      summary: '发榜：联盟的由联盟办公室发布（allianceId），或由党组织发布（orgId）；揭榜期限含首尾两日',
      body: PostChallengeBody,
      response: { 201: ChallengeDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      const id = await db.transaction().execute((trx) => challenges.postChallenge(trx, ctx, req.body));
      return reply.code(201).send(await challenges.getChallenge(db, ctx, id));
    },
  });

  r.post('/api/v1/challenges/:id/bids', {
    schema: {
      tags: challengeTags,
      summary: '揭榜：以本单位名义在揭榜期限内提交方案（负责人、实施节点，权重合计 100），每单位一次',
      params: IdParam,
      body: BidBody,
      response: { 201: ChallengeDetail, ...problemResponses },
    },
    handler: async (req, reply) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => challenges.submitBid(trx, ctx, req.params.id, req.body));
      return reply.code(201).send(await challenges.getChallenge(db, ctx, req.params.id));
    },
  });

  r.put('/api/v1/challenges/:id/bids/:bidId', {
    schema: {
      tags: challengeTags,
      summary: '修改本单位的揭榜方案（揭榜期限内、定榜前；已有评分随之清除）',
      params: BidParams,
      body: BidEditBody,
      response: { 200: ChallengeDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => challenges.editBid(trx, ctx, req.params.id, req.params.bidId, req.body));
      return challenges.getChallenge(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/challenges/:id/bids/:bidId/withdraw', {
    schema: {
      tags: challengeTags,
      summary:
        '撤回本单位的揭榜方案（须说明理由；揭榜期限内、定榜前；撤回后不参与评审和定榜，期限内可重新揭榜）',
      params: BidParams,
      body: BidWithdrawBody,
      response: { 200: ChallengeDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => challenges.withdrawBid(trx, ctx, req.params.id, req.params.bidId, req.body));
      return challenges.getChallenge(db, ctx, req.params.id);
    },
  });

  r.put('/api/v1/challenges/:id/bids/:bidId/score', {
    schema: {
      tags: challengeTags,
      summary: '发榜单位评审揭榜方案（0–100 分，定榜前可修改）',
      params: BidParams,
      body: BidScoreBody,
      response: { 200: ChallengeDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => challenges.scoreBid(trx, ctx, req.params.id, req.params.bidId, req.body));
      return challenges.getChallenge(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/challenges/:id/award', {
    schema: {
      tags: challengeTags,
      summary:
        '定榜：揭榜截止后选定一个方案（非评审最高分须说明理由）；中榜单位成为项目牵头单位，其节点成为项目节点，其他揭榜单位收到通知',
      params: IdParam,
      body: AwardBody,
      response: { 200: ChallengeDetail, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => challenges.awardBid(trx, ctx, req.params.id, req.body));
      return challenges.getChallenge(db, ctx, req.params.id);
    },
  });
}
