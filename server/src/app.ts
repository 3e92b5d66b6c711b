import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { activityRoutes } from './modules/activities/routes.ts';
import { allianceRoutes } from './modules/alliances/routes.ts';
import { assistantRoutes } from './modules/assistant/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { bulletinRoutes } from './modules/bulletins/routes.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { open311Routes } from './modules/cases/open311.ts';
import { CachedRefs } from './modules/cases/refs.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { complianceRoutes } from './modules/compliance/routes.ts';
import { dashboardRoutes } from './modules/dashboard/routes.ts';
import { developmentRoutes } from './modules/development/routes.ts';
import { duesRoutes } from './modules/dues/routes.ts';
import { guidanceRoutes } from './modules/guidance/routes.ts';
import { jobsFor } from './modules/jobs/definitions.ts';
import { jobRoutes } from './modules/jobs/routes.ts';
import { learningRoutes } from './modules/learning/routes.ts';
import { memberRoutes } from './modules/members/routes.ts';
import { orglifeRoutes } from './modules/orglife/routes.ts';
import { orgRoutes } from './modules/orgs/routes.ts';
import { orgSetupRoutes } from './modules/orgsetup/routes.ts';
import { pairingRoutes } from './modules/pairing/routes.ts';
import { pointsRoutes } from './modules/points/routes.ts';
import { policyRoutes } from './modules/policies/routes.ts';
import { projectRoutes } from './modules/projects/routes.ts';
import { propertyRoutes } from './modules/property/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { transferRoutes } from './modules/transfers/routes.ts';
import { unitRoutes } from './modules/units/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { CalendarService } from './platform/calendar.ts';
import { clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { clientErrorHandler, frameworkErrors, registerContentEncoding } from './platform/edge.ts';
import { ERROR_CATALOGUE, problemOf, sendProblem, toProblem } from './platform/errors.ts';
import { exportRoutes } from './platform/exports.ts';
import {
  type RunningHandlers,
  registerAuthentication,
  registerIdempotency,
  registerJsonOnly,
  registerSecurityHeaders,
  trackHandlers,
} from './platform/http.ts';
import { JobQueue } from './platform/jobs.ts';

z.config(z.locales.zhCN());

export interface AppOptions {
  config: Config;
  database: Database;
  /** pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
}

export interface App {
  app: FastifyInstance;
  queue: JobQueue;
  calendar: CalendarService;
  /** the handlers still running: shutting down waits for them before closing the database */
  handlers: RunningHandlers;
}

/** Builds the whole server without listening, so tests can use `app.inject()`. */
export async function buildApp({
  config,
  database,
  logger = { level: config.logLevel },
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    // what Node and the router refuse before a route is found answers problem+json too
    clientErrorHandler,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const handlers = trackHandlers(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
      // the business date of the one clock, so the pages' "today" agrees with the server's (web/src/api/today.ts)
      reply.header('x-honglian-today', clock.today());
    }
  });

  registerSecurityHeaders(app);
  registerContentEncoding(app);

  app.setErrorHandler((error, request, reply) => {
    const { problem, headers } = toProblem(error as Error, request);
    return sendProblem(reply, { ...problem, requestId: String(request.id) } as never, headers);
  });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith('/open311/') || request.method !== 'GET') {
      return sendProblem(reply, problemOf('not_found', `没有这个地址：${request.method} ${url}`));
    }
    const page = url === '/m' || url.startsWith('/m/') ? 'm/index.html' : 'index.html';
    if (!existsSync(path.join(config.webDist, page))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('前端页面尚未构建：请先运行 npm run build（npm start 会自动构建）。');
    }
    return reply.type('text/html; charset=utf-8').sendFile(page, config.webDist);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '红链 Honglian 开放接口',
        description:
          '党建引领基层治理平台的第一版接口。错误均为 application/problem+json；状态变更请求需带 x-csrf-token（会话）或 Authorization: Bearer（接口令牌）。',
        version: config.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'hl_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/api/docs/errors', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const rows = Object.entries(ERROR_CATALOGUE)
      .map(
        ([code, e]) =>
          `<tr id="${code}"><td><code>${code}</code></td><td>${e.status}</td><td>${e.title}</td></tr>`,
      )
      .join('');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>错误代码</title><h1>红链接口错误代码</h1><table border="1" cellpadding="4"><tr><th>代码</th><th>HTTP 状态</th><th>含义</th></tr>${rows}</table>`,
      );
  });

  registerJsonOnly(app);
  registerAuthentication(app, database);
  registerIdempotency(app, database);

  const calendar = new CalendarService(database.db);
  const jobs = jobsFor(config);
  const queue = new JobQueue(database, jobs.definitions, jobs.schedules, app.log as never);

  systemRoutes(app, database, config);
  authRoutes(app, database, config);
  orgRoutes(app, database, queue);
  orgSetupRoutes(app, database);
  guidanceRoutes(app, database, calendar);
  pointsRoutes(app, database);
  activityRoutes(app, database);
  propertyRoutes(app, database);
  pairingRoutes(app, database, calendar);
  unitRoutes(app, database);
  userRoutes(app, database);
  auditRoutes(app, database);
  jobRoutes(app, database, queue);
  calendarRoutes(app, database, calendar);
  // the two intake routes share one in-memory copy of categories, areas and routes (issue 11)
  const intakeRefs = new CachedRefs(database.db, database.writes);
  app.addHook('onClose', async () => intakeRefs.close());
  caseRoutes(app, database, calendar, queue, intakeRefs);
  open311Routes(app, database, calendar, intakeRefs);
  memberRoutes(app, database, queue);
  exportRoutes(app, database, queue);
  duesRoutes(app, database);
  orglifeRoutes(app, database);
  complianceRoutes(app, database, calendar);
  developmentRoutes(app, database, calendar);
  transferRoutes(app, database);
  projectRoutes(app, database);
  assistantRoutes(app, database);
  policyRoutes(app, database, calendar);
  allianceRoutes(app, database, calendar);
  dashboardRoutes(app, database);
  bulletinRoutes(app, database, queue);
  learningRoutes(app, database, calendar);

  const assets = path.join(config.webDist, 'assets');
  if (existsSync(assets)) {
    // Hashed assets under /assets/ only, so no wildcard route shadows the API (an over-long id must still
    // answer 414, an unknown API path 404). wildcard: assets built after start (a rebuild while running)
    // are served too. The build writes .br/.gz beside each file (web/vite.config.ts): sent as they are.
    // An asset never changes under its name, so a browser keeps it for a year; the pages are revalidated.
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      wildcard: true,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, file) {
        reply.header(
          'cache-control',
          file.startsWith(assets + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // the two pages and the files at the top of the build (the icon)
    const pages: Array<[string, string]> = [
      ['/', 'index.html'],
      ['/m/', path.join('m', 'index.html')],
      ...readdirSync(config.webDist, { withFileTypes: true })
        .filter((f) => f.isFile() && !/\.(html|br|gz)$/.test(f.name))
        .map((f): [string, string] => [`/${f.name}`, f.name]),
    ];
    for (const [url, file] of pages)
      app.get(url, { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
        reply.sendFile(file, config.webDist),
      );
  }

  return { app, queue, calendar, handlers };
}
