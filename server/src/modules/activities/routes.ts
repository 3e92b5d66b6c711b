import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { contextOf } from '../../platform/http.ts';
import { IdParam, Ok, problemResponses } from '../../platform/schemas.ts';
import * as community from './community.ts';
import * as honours from './honours.ts';
import {
  Activity,
  ActivityList,
  ActivityListQuery,
  Approval,
  ApprovalBody,
  AttendanceBody,
  BuildingList,
  CancelBody,
  CheckInBody,
  CheckInCode,
  CommunityOptions,
  CommunityOptionsQuery,
  CreateBuildingBody,
  Created,
  CreateTeamBody,
  DecideBody,
  Decision,
  MyReport,
  NominateBody,
  NomineeParams,
  OrgReports,
  ParticipantParams,
  Participants,
  PublishBody,
  ReasonBody,
  ReportBody,
  ScoreBody,
  Selection,
  SelectionBody,
  SelectionList,
  ServiceRecord,
  SignUpStatus,
  Team,
  TeamList,
  TeamMemberBody,
  TeamMemberParams,
  VoteBody,
  YearQuery,
} from './schemas.ts';
import * as service from './service.ts';
import * as teams from './teams.ts';

export function activityRoutes(app: FastifyInstance, { db }: Database) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['活动与志愿服务'];

  r.get('/api/v1/activities', {
    schema: {
      tags,
      summary: '活动：open 可报名的（给出位置时由近到远）、mine 本人报名的、manage 本人组织管理的',
      querystring: ActivityListQuery,
      response: { 200: ActivityList, ...problemResponses },
    },
    handler: (req) => service.listActivities(db, contextOf(req), req.query),
  });

  r.get('/api/v1/activities/:id', {
    schema: {
      tags,
      summary: '一个活动（含本人报名状态）',
      params: IdParam,
      response: { 200: Activity, ...problemResponses },
    },
    handler: (req) => service.getActivity(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/activities', {
    schema: {
      tags,
      summary: '发布活动（支部的主题党日、学习同时计入组织生活）',
      body: PublishBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db.transaction().execute((trx) => service.publish(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.post('/api/v1/activities/:id/cancel', {
    schema: {
      tags,
      summary: '取消活动',
      params: IdParam,
      body: CancelBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db
        .transaction()
        .execute((trx) => service.cancelActivity(trx, contextOf(req), req.params.id, req.body.reason));
      return { ok: true as const };
    },
  });

  r.post('/api/v1/activities/:id/sign-up', {
    schema: {
      tags,
      summary: '报名：有空位即报名成功，否则进入候补（按报名先后递补）',
      params: IdParam,
      response: { 200: SignUpStatus, ...problemResponses },
    },
    handler: (req) => db.transaction().execute((trx) => service.signUp(trx, contextOf(req), req.params.id)),
  });

  r.delete('/api/v1/activities/:id/sign-up', {
    schema: {
      tags,
      summary: '取消报名：空出的名额由候补第一位递补',
      params: IdParam,
      response: { 200: SignUpStatus, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.cancelSignUp(trx, contextOf(req), req.params.id)),
  });

  r.get('/api/v1/activities/:id/check-in-code', {
    schema: {
      tags,
      summary: '现场签到二维码的内容（组织者出示；5 分钟有效，页面定时刷新）',
      params: IdParam,
      response: { 200: CheckInCode, ...problemResponses },
    },
    handler: (req) => service.checkInCode(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/activity-check-ins', {
    schema: {
      tags,
      summary: '扫码签到：手机提交二维码中的签到码和当前位置（核对签到时间和距离）',
      body: CheckInBody,
      response: { 200: Activity, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => service.checkInByToken(trx, contextOf(req), req.body)),
  });

  r.post('/api/v1/activities/:id/check-out', {
    schema: { tags, summary: '签退', params: IdParam, response: { 200: Activity, ...problemResponses } },
    handler: (req) => db.transaction().execute((trx) => service.checkOut(trx, contextOf(req), req.params.id)),
  });

  r.get('/api/v1/activities/:id/participants', {
    schema: {
      tags,
      summary: '报名、候补、签到和服务时长（组织者）',
      params: IdParam,
      response: { 200: Participants, ...problemResponses },
    },
    handler: (req) => service.listParticipants(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/activities/:id/participants/:participantId/attendance', {
    schema: {
      tags,
      summary: '组织者登记签到、签退（未带手机者；时间默认为活动起止）',
      params: ParticipantParams,
      body: AttendanceBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db
        .transaction()
        .execute((trx) =>
          service.markAttendance(trx, contextOf(req), req.params.id, req.params.participantId, req.body),
        );
      return { ok: true as const };
    },
  });

  r.post('/api/v1/activities/:id/participants/:participantId/approval', {
    schema: {
      tags,
      summary: '审核服务时长（与计算结果不同须填写原因），并按本地规则发放积分',
      params: ParticipantParams,
      body: ApprovalBody,
      response: { 200: Approval, ...problemResponses },
    },
    handler: (req) =>
      db
        .transaction()
        .execute((trx) =>
          service.approveHours(trx, contextOf(req), req.params.id, req.params.participantId, req.body),
        ),
  });

  r.get('/api/v1/me/service', {
    schema: {
      tags,
      summary: '我的志愿服务记录：某年已审核的服务时长和积分（民主评议材料读取此处）',
      querystring: YearQuery,
      response: { 200: ServiceRecord, ...problemResponses },
    },
    handler: (req) => service.myService(db, contextOf(req), req.query.year),
  });

  r.get('/api/v1/members/:id/service', {
    schema: {
      tags,
      summary: '党员某年的志愿服务时长（党员档案、民主评议）',
      params: IdParam,
      querystring: YearQuery,
      response: { 200: ServiceRecord, ...problemResponses },
    },
    handler: (req) => service.memberService(db, contextOf(req), req.params.id, req.query.year),
  });

  r.get('/api/v1/volunteer-teams', {
    schema: {
      tags,
      summary: '志愿服务队（本人组织管理的和本人所在的）',
      response: { 200: TeamList, ...problemResponses },
    },
    handler: (req) => teams.listTeams(db, contextOf(req)),
  });

  r.get('/api/v1/volunteer-teams/:id', {
    schema: {
      tags,
      summary: '一支服务队：队长队员、活动和服务时长',
      params: IdParam,
      response: { 200: Team, ...problemResponses },
    },
    handler: (req) => teams.getTeam(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/volunteer-teams', {
    schema: {
      tags,
      summary: '组建服务队（党员服务队、红色骑手、网格志愿服务队）',
      body: CreateTeamBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db.transaction().execute((trx) => teams.createTeam(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.post('/api/v1/volunteer-teams/:id/members', {
    schema: {
      tags,
      summary: '加入队员或设为队长',
      params: IdParam,
      body: TeamMemberBody,
      response: { 200: Team, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db.transaction().execute((trx) => teams.setTeamMember(trx, ctx, req.params.id, req.body));
      return teams.getTeam(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/volunteer-teams/:id/members/:userId/remove', {
    schema: {
      tags,
      summary: '移出队员（须说明理由；已有的服务时长仍记在本人名下）',
      params: TeamMemberParams,
      body: ReasonBody,
      response: { 200: Team, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => teams.removeTeamMember(trx, ctx, req.params.id, req.params.userId, req.body));
      return teams.getTeam(db, ctx, req.params.id);
    },
  });

  r.get('/api/v1/orgs/:id/buildings', {
    schema: {
      tags,
      summary: '社区（及其网格）的楼栋和楼栋长',
      params: IdParam,
      response: { 200: BuildingList, ...problemResponses },
    },
    handler: (req) => community.listBuildings(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/orgs/:id/buildings', {
    schema: {
      tags,
      summary: '登记楼栋和楼栋长',
      params: IdParam,
      body: CreateBuildingBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => community.addBuilding(trx, contextOf(req), req.params.id, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.get('/api/v1/orgs/:id/community-reports', {
    schema: {
      tags,
      summary: '双报到：向本社区报到的党员及其在社区的服务时长；或本支部党员的报到和服务',
      params: IdParam,
      querystring: YearQuery,
      response: { 200: OrgReports, ...problemResponses },
    },
    handler: (req) => community.orgReports(db, contextOf(req), req.params.id, req.query.year),
  });

  r.get('/api/v1/me/community-options', {
    schema: {
      tags,
      summary: '可报到的社区（本地区，按名称搜索）及其网格、楼栋',
      querystring: CommunityOptionsQuery,
      response: { 200: CommunityOptions, ...problemResponses },
    },
    handler: (req) => community.communityOptions(db, contextOf(req), req.query.q),
  });

  r.get('/api/v1/me/community-report', {
    schema: {
      tags,
      summary: '我的双报到：报到的社区、网格、楼栋和今年在社区的服务时长',
      response: { 200: MyReport, ...problemResponses },
    },
    handler: (req) => community.myReport(db, contextOf(req)),
  });

  r.put('/api/v1/me/community-report', {
    schema: {
      tags,
      summary: '到居住地社区报到（选择网格或楼栋；重新报到即更换）',
      body: ReportBody,
      response: { 200: MyReport, ...problemResponses },
    },
    handler: (req) => db.transaction().execute((trx) => community.report(trx, contextOf(req), req.body)),
  });

  // ---------- 评选表彰 ----------
  const honourTags = ['评选表彰'];

  r.get('/api/v1/selections', {
    schema: {
      tags: honourTags,
      summary: '评选：本市可投票的评选和本人组织发起的评选（最美小哥、红领工匠、党员示范岗等）',
      response: { 200: SelectionList, ...problemResponses },
    },
    handler: (req) => honours.listSelections(db, contextOf(req)),
  });

  r.post('/api/v1/selections', {
    schema: {
      tags: honourTags,
      summary: '发起评选：推荐提名至投票开始前一天，公众投票或评审打分至截止日，此后决定表彰名单',
      body: SelectionBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => honours.createSelection(trx, contextOf(req), req.body));
      return reply.code(201).send({ id });
    },
  });

  r.get('/api/v1/selections/:id', {
    schema: {
      tags: honourTags,
      summary: '一个评选：候选人及其事迹、票数或评审平均分、排名，本人已投的票',
      params: IdParam,
      response: { 200: Selection, ...problemResponses },
    },
    handler: (req) => honours.getSelection(db, contextOf(req), req.params.id),
  });

  r.post('/api/v1/selections/:id/nominees', {
    schema: {
      tags: honourTags,
      summary: '推荐候选人（本市注册用户，附主要事迹）',
      params: IdParam,
      body: NominateBody,
      response: { 201: Created, ...problemResponses },
    },
    handler: async (req, reply) => {
      const id = await db
        .transaction()
        .execute((trx) => honours.nominate(trx, contextOf(req), req.params.id, req.body));
      return reply.code(201).send({ id });
    },
  });

  r.post('/api/v1/selections/:id/nominees/:nomineeId/withdraw', {
    schema: {
      tags: honourTags,
      summary: '撤回候选人（决定表彰名单前，须说明理由；其得票和评分不再计入）',
      params: NomineeParams,
      body: ReasonBody,
      response: { 200: Selection, ...problemResponses },
    },
    handler: async (req) => {
      const ctx = contextOf(req);
      await db
        .transaction()
        .execute((trx) => honours.withdrawNominee(trx, ctx, req.params.id, req.params.nomineeId, req.body));
      return honours.getSelection(db, ctx, req.params.id);
    },
  });

  r.post('/api/v1/selections/:id/votes', {
    schema: {
      tags: honourTags,
      summary: '投票（投票期内，每人可投的人数以评选规定为准，每位候选人一票）',
      params: IdParam,
      body: VoteBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db
        .transaction()
        .execute((trx) => honours.vote(trx, contextOf(req), req.params.id, req.body.nomineeId));
      return { ok: true as const };
    },
  });

  r.put('/api/v1/selections/:id/scores', {
    schema: {
      tags: honourTags,
      summary: '评审打分（0–100，每位评委对每位候选人一个分数，截止后决定前可修改）',
      params: IdParam,
      body: ScoreBody,
      response: { 200: Ok, ...problemResponses },
    },
    handler: async (req) => {
      await db
        .transaction()
        .execute((trx) =>
          honours.score(trx, contextOf(req), req.params.id, req.body.nomineeId, req.body.score),
        );
      return { ok: true as const };
    },
  });

  r.post('/api/v1/selections/:id/decide', {
    schema: {
      tags: honourTags,
      summary: '决定表彰名单：默认按排名；与排名不同或并列时须选定并说明理由；荣誉记入本人记录并奖励积分',
      params: IdParam,
      body: DecideBody,
      response: { 200: Decision, ...problemResponses },
    },
    handler: (req) =>
      db.transaction().execute((trx) => honours.decide(trx, contextOf(req), req.params.id, req.body)),
  });
}
