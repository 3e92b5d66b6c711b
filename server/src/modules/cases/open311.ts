import { createHash } from 'node:crypto';
import { CASE_STATES, type CaseState, isRoleCode, permissionsOf } from '@honglian/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CalendarService } from '../../platform/calendar.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/context.ts';
import type { Database } from '../../platform/db/database.ts';
import { named } from '../../platform/db/prepared.ts';
import { AppError } from '../../platform/errors.ts';
import { toShanghaiIso } from '../../platform/schemas.ts';
import type { CaseRefs } from './refs.ts';
import { publicUnitName, type ReadScope, readable } from './repository.ts';
import { fileCase, requiredAttributes } from './service.ts';

/**
 * Open311 GeoReport v2 (API.md; shared/specs/open311-georeport-v2): XML (mandatory) and JSON chosen
 * by the suffix, api_key on POST, errors as a list of {code, description}: 403 bad key, 404 unknown
 * id, 400 otherwise. A request filed here is an ordinary case (channel open311) handled in the console.
 * The routes are public (not under /api/): the key, not a session, identifies the caller.
 */

type Format = 'xml' | 'json';

class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description);
  }
}

// ---- a tiny XML serializer (fast-xml-parser is not installed) -------------------------------------

const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`;
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  reply.code(status).header('cache-control', 'no-store');
  if (format === 'json')
    return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(value);
  return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
}

function sendError(reply: FastifyReply, format: Format, error: Open311Error) {
  return send(
    reply,
    format,
    'errors',
    [{ code: error.status, description: error.description }],
    error.status,
  );
}

/** Splits "services.json" → ["services", "json"]; an unknown suffix is a 400 (in XML, the mandatory format). */
function splitFormat(file: string): { name: string; format: Format } {
  const m = /^(.+)\.(xml|json)$/.exec(file);
  if (!m) throw new Open311Error(400, 'format must be .xml or .json (格式须为 .xml 或 .json)');
  return { name: decodeURIComponent(m[1]!), format: m[2] as Format };
}

// ---- data -------------------------------------------------------------------------------------------

/**
 * Services come from the same rows as the console's categories: shared ones for everybody, one owned
 * by a city or district only to a key filed in its subtree (`api_key` on services and definitions).
 */
function offeredIn(category: { owner_path: string | null }, areaPath: string | null): boolean {
  return category.owner_path === null || areaPath?.startsWith(category.owner_path) === true;
}

async function keyArea(db: Executor, query: unknown): Promise<string | null> {
  const raw = (query as Record<string, unknown> | undefined)?.api_key;
  if (raw === undefined) return null;
  const key = await findKey(db, raw);
  if (!key) throw new Open311Error(403, 'Invalid api_key (api_key 无效)');
  return key.path;
}

interface ApiKey {
  id: number;
  name: string;
  org_id: number;
  path: string;
  role: string;
}

/**
 * What a key reads: what its role bound at the key's org would read in the console (its case.read
 * subtree), and the requests filed with the key, as a resident reads their own reports.
 */
function keyScope(key: ApiKey): ReadScope {
  const reads = isRoleCode(key.role) && permissionsOf(key.role).includes('case.read');
  return { userId: 0, paths: reads ? [key.path] : [], open311KeyId: key.id };
}

export function hashOpen311Key(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

async function findKey(db: Executor, key: unknown): Promise<ApiKey | null> {
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) return null;
  const row = await db
    .selectFrom('open311_keys')
    .innerJoin('orgs', 'orgs.id', 'open311_keys.org_id')
    .select(['open311_keys.id', 'open311_keys.name', 'open311_keys.org_id', 'orgs.path', 'open311_keys.role'])
    .where('key_hash', '=', hashOpen311Key(key))
    .where('revoked_at', 'is', null)
    .modifyEnd(named())
    .executeTakeFirst();
  return row ?? null;
}

type CategoryRow = {
  code: string;
  name: string;
  description: string | null;
  keywords: string | null;
  group_name: string;
  attributes: unknown;
};

function attributesOf(c: { attributes: unknown }): Array<Record<string, unknown>> {
  const a = typeof c.attributes === 'string' ? JSON.parse(c.attributes) : c.attributes;
  return Array.isArray(a) ? (a as Array<Record<string, unknown>>) : [];
}

function serviceOf(c: CategoryRow) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: attributesOf(c).length > 0,
    type: 'realtime',
    keywords: c.keywords,
    group: c.group_name,
  };
}

function definitionOf(c: CategoryRow) {
  return {
    service_code: c.code,
    attributes: attributesOf(c).map((a, i) => ({
      variable: true,
      code: String(a.code),
      datatype: String(a.datatype ?? 'string'),
      required: Boolean(a.required),
      datatype_description: (a.datatype_description as string | undefined) ?? null,
      order: typeof a.order === 'number' ? a.order : i + 1,
      description: (a.description as string | undefined) ?? null,
      ...(Array.isArray(a.values)
        ? {
            values: (a.values as Array<{ key: string; name: string }>).map((v) => ({
              key: String(v.key),
              name: v.name,
            })),
          }
        : {}),
    })),
  };
}

const CLOSED = new Set(['closed', 'archived', 'rejected']);

function requestsQuery(db: Executor) {
  return db
    .selectFrom('cases')
    .innerJoin('case_categories as cat', 'cat.id', 'cases.category_id')
    .leftJoin('orgs as lead', 'lead.id', 'cases.lead_org_id')
    .leftJoin('units as lead_unit', 'lead_unit.id', 'lead.unit_id')
    .select([
      'cases.id',
      'cases.state',
      'cases.description',
      'cases.public_reply',
      'cat.code',
      'cat.name as service_name',
      // the department, not its Party branch (…局, not …局机关党支部)
      publicUnitName('lead', 'lead_unit').as('agency'),
      'cases.created_at',
      'cases.updated_at',
      'cases.completion_due_at',
      'cases.address',
      'cases.lat',
      'cases.long',
    ]);
}

function requestOf(r: Awaited<ReturnType<ReturnType<typeof requestsQuery>['execute']>>[number]) {
  return {
    service_request_id: String(r.id),
    status: CLOSED.has(r.state) ? 'closed' : 'open',
    status_notes: r.public_reply ?? CASE_STATES[r.state as CaseState]?.label ?? r.state,
    service_name: r.service_name,
    service_code: r.code,
    description: r.description.slice(0, 4000),
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: toShanghaiIso(r.created_at),
    updated_datetime: toShanghaiIso(r.updated_at),
    expected_datetime: r.completion_due_at ? toShanghaiIso(r.completion_due_at) : null,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: null,
  };
}

function parseDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ||
    Number.isNaN(Date.parse(value))
  )
    throw new Open311Error(400, `${field} must be an ISO 8601 date-time (${field} 应为 ISO 8601 时间)`);
  return new Date(value);
}

const str = (v: unknown) =>
  typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';

// ---- routes -----------------------------------------------------------------------------------------

export function open311Routes(
  app: FastifyInstance,
  { db }: Database,
  calendarService: CalendarService,
  intakeRefs: CaseRefs,
) {
  const base = '/open311/v2';
  const config = { public: true };
  const schema = { hide: true };

  const handle =
    (
      fn: (req: FastifyRequest, reply: FastifyReply, format: Format, name: string) => Promise<unknown>,
      fixedName?: string,
    ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      const file = (req.params as { file?: string }).file ?? '';
      let format: Format = 'xml';
      try {
        const parsed = splitFormat(fixedName ? `${fixedName}.${file}` : file);
        format = parsed.format;
        return await fn(req, reply, format, parsed.name);
      } catch (e) {
        if (e instanceof Open311Error) return sendError(reply, format, e);
        if (e instanceof AppError && e.status < 500) {
          const description =
            e.options.errors?.map((x) => `${x.field}: ${x.message}`).join('; ') || e.message;
          return sendError(
            reply,
            format,
            new Open311Error(e.status === 404 ? 404 : e.status === 403 ? 403 : 400, description),
          );
        }
        throw e;
      }
    };

  app.get(
    `${base}/discovery.:file`,
    { config, schema },
    handle(async (req, reply, format) => {
      const origin = `${req.protocol}://${req.headers.host ?? 'localhost'}`;
      return send(reply, format, 'discovery', {
        changeset: '2026-05-01T00:00:00+08:00',
        contact: '红链 Honglian 平台运维（各区委组织部）',
        key_service: '向所在区委组织部申请 api_key',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${origin}${base}`,
            changeset: '2026-05-01T00:00:00+08:00',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
    }, 'discovery'),
  );

  app.get(
    `${base}/services.:file`,
    { config, schema },
    handle(async (req, reply, format) => {
      const area = await keyArea(db, req.query);
      const rows = await db
        .selectFrom('case_categories')
        .selectAll()
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      return send(reply, format, 'services', rows.filter((c) => offeredIn(c, area)).map(serviceOf));
    }, 'services'),
  );

  app.get(
    `${base}/services/:file`,
    { config, schema },
    handle(async (req, reply, format, code) => {
      const area = await keyArea(db, req.query);
      const row = await db
        .selectFrom('case_categories')
        .selectAll()
        .where('code', '=', code)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!row || !offeredIn(row, area))
        throw new Open311Error(404, `service_code ${code} not found (未找到该服务类型)`);
      return send(reply, format, 'service_definition', definitionOf(row));
    }),
  );

  app.get(
    `${base}/requests.:file`,
    { config, schema },
    handle(async (req, reply, format) => {
      const q = req.query as Record<string, unknown>;
      const key = q.api_key === undefined ? null : await findKey(db, q.api_key);
      if (q.api_key !== undefined && !key) throw new Open311Error(403, 'Invalid api_key (api_key 无效)');
      let query = requestsQuery(db);
      // with a key: what the key's role reads; without one: only cases published as public
      query = key
        ? query.where((eb) => readable(eb, keyScope(key)))
        : query.where('cases.visibility', '=', 'public');
      const ids = str(q.service_request_id);
      if (ids) {
        const list = ids.split(',').map((s) => s.trim());
        if (list.some((s) => !/^\d{1,15}$/.test(s)))
          throw new Open311Error(400, 'service_request_id must be numeric ids (编号应为数字)');
        query = query.where('cases.id', 'in', list.map(Number));
      } else {
        const end = parseDate(q.end_date, 'end_date') ?? clock.now();
        const start = parseDate(q.start_date, 'start_date') ?? new Date(end.getTime() - 90 * 86_400_000);
        if (end < start) throw new Open311Error(400, 'end_date is before start_date (结束时间早于开始时间)');
        if (end.getTime() - start.getTime() > 90 * 86_400_000)
          throw new Open311Error(400, 'date range may not exceed 90 days (时间跨度不能超过 90 天)');
        query = query.where('cases.created_at', '>=', start).where('cases.created_at', '<=', end);
        const code = str(q.service_code);
        if (code)
          query = query.where(
            'cat.code',
            'in',
            code.split(',').map((s) => s.trim()),
          );
        const status = str(q.status);
        if (status) {
          const wanted = status.split(',').map((s) => s.trim());
          if (wanted.some((s) => s !== 'open' && s !== 'closed'))
            throw new Open311Error(400, 'status must be open or closed (status 只能是 open 或 closed)');
          if (!wanted.includes('open')) query = query.where('cases.state', 'in', [...CLOSED]);
          if (!wanted.includes('closed')) query = query.where('cases.state', 'not in', [...CLOSED]);
        }
      }
      const rows = await query.orderBy('cases.id', 'desc').limit(1000).execute();
      return send(reply, format, 'service_requests', rows.map(requestOf));
    }, 'requests'),
  );

  app.get(
    `${base}/requests/:file`,
    { config, schema },
    handle(async (req, reply, format, id) => {
      const q = req.query as Record<string, unknown>;
      const key = q.api_key === undefined ? null : await findKey(db, q.api_key);
      if (q.api_key !== undefined && !key) throw new Open311Error(403, 'Invalid api_key (api_key 无效)');
      if (!/^\d{1,15}$/.test(id))
        throw new Open311Error(404, `service_request_id ${id} not found (未找到该诉求)`);
      let query = requestsQuery(db).where('cases.id', '=', Number(id));
      query = key
        ? query.where((eb) => readable(eb, keyScope(key)))
        : query.where('cases.visibility', '=', 'public');
      const row = await query.executeTakeFirst();
      if (!row) throw new Open311Error(404, `service_request_id ${id} not found (未找到该诉求)`);
      return send(reply, format, 'service_requests', [requestOf(row)]);
    }),
  );

  app.post(
    `${base}/requests.:file`,
    { config, schema },
    handle(async (req, reply, format) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const key = await findKey(db, str(body.api_key) || (req.query as Record<string, unknown>).api_key);
      if (!key) throw new Open311Error(403, 'Invalid api_key (api_key 无效)');
      const code = str(body.service_code);
      if (!code) throw new Open311Error(400, 'service_code is required (缺少 service_code)');
      const category = await db
        .selectFrom('case_categories')
        .selectAll()
        .where('code', '=', code)
        .where('active', '=', true)
        .modifyEnd(named())
        .executeTakeFirst();
      if (!category || !offeredIn(category, key.path))
        throw new Open311Error(400, `service_code ${code} is not a valid service (无效的服务类型)`);
      const latRaw = str(body.lat);
      const longRaw = str(body.long);
      const address = str(body.address_string) || str(body.address_id);
      const lat = latRaw ? Number(latRaw) : undefined;
      const long = longRaw ? Number(longRaw) : undefined;
      if (
        (latRaw || longRaw) &&
        (!(latRaw && longRaw) ||
          !Number.isFinite(lat) ||
          !Number.isFinite(long) ||
          Math.abs(lat!) > 90 ||
          Math.abs(long!) > 180)
      )
        throw new Open311Error(400, 'lat and long must both be valid WGS-84 numbers (经纬度无效)');
      if (lat === undefined && !address)
        throw new Open311Error(
          400,
          'a location is required: lat/long, address_string or address_id (缺少位置)',
        );
      const description = str(body.description);
      if (description.length > 4000)
        throw new Open311Error(400, 'description may not exceed 4000 characters (描述过长)');
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) {
        const m = /^attribute\[(.+)\]$/.exec(k);
        if (m) attributes[m[1]!] = Array.isArray(v) ? v.map(String).join(',') : String(v);
      }
      for (const [attr, label] of Object.entries(requiredAttributes(category.attributes))) {
        if (label && !attributes[attr]?.trim())
          throw new Open311Error(400, `attribute[${attr}] is required (请填写「${label}」)`);
      }
      const phone = str(body.phone);
      const name = [str(body.last_name), str(body.first_name)].filter(Boolean).join('');
      const text = description || category.name;
      const calendar = await calendarService.calendar();
      // one statement, atomic on its own (fileCase): no transaction around it
      const { id } = await fileCase(
        db,
        calendar,
        {
          ctx: null,
          system: `Open311（${key.name}）`,
          areaOrgId: key.org_id,
          open311KeyId: key.id,
          submitActor: `open311:${key.id}`,
        },
        {
          categoryId: Number(category.id),
          title: text.slice(0, 30),
          description: text,
          channel: 'open311',
          lat,
          long,
          address: address || undefined,
          anonymous: !name,
          reporterName: name ? name.slice(0, 50) : undefined,
          reporterPhone: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/.test(phone) ? phone : undefined,
          attributes: Object.keys(attributes).length ? attributes : undefined,
        },
        typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined,
        intakeRefs,
      );
      return send(reply, format, 'service_requests', [
        {
          service_request_id: String(id),
          service_notice: `已受理，将按「${category.name}」时限办理`,
          account_id: null,
        },
      ]);
    }, 'requests'),
  );

  // keep sql import used for future filters
  void sql;
}
