import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../platform/config.ts';
import { loadMigrations, migrate } from '../../platform/db/migrate.ts';
import { createTestApp, openTestDatabase, type TestApp } from '../../test/harness.ts';
import { hashOpen311Key } from './open311.ts';

// the GeoReport v2 JSON schemas, kept verbatim in the repository (see open311-schemas/README.md)
const SPEC = path.join(repoRoot, 'server', 'src', 'modules', 'cases', 'open311-schemas');
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of [
  'service.json',
  'services.json',
  'service-definition.json',
  'request.json',
  'requests.json',
]) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(SPEC, f), 'utf8')), f);
}
function valid(schema: string, data: unknown) {
  const ok = ajv.validate(schema, data);
  if (!ok) throw new Error(`${schema}: ${ajv.errorsText(ajv.errors)}`);
  return true;
}

/** A minimal reader for the element-only XML these endpoints write (no attributes, no mixed content). */
function readXml(xml: string): unknown {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const tokens = xml.replace(/^<\?xml[^>]*\?>/, '').match(/<\/?[\w-]+\/?>|[^<]+/g) ?? [];
  let i = 0;
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  function node(): [string, unknown] {
    const open = tokens[i++]!;
    const name = open.replace(/[</>]/g, '');
    if (open.endsWith('/>')) return [name, null];
    const children: Array<[string, unknown]> = [];
    let text = '';
    while (!tokens[i]!.startsWith('</')) {
      if (tokens[i]!.startsWith('<')) children.push(node());
      else text += tokens[i++];
    }
    i++;
    if (children.length === 0) return [name, unescapeXml(text)];
    return [name, children];
  }
  return node();
}
const childrenOf = (n: unknown) => (n as [string, Array<[string, unknown]>])[1];
const field = (n: unknown, name: string) => childrenOf(n).find(([k]) => k === name)?.[1];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (suffix: 'json' | 'xml', fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${suffix}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  });

describe('Open311 GeoReport v2', () => {
  it('publishes discovery and services in JSON and XML, valid against the shared schemas', async () => {
    const d = await t.app.inject({ url: '/open311/v2/discovery.json' });
    expect(d.statusCode).toBe(200);
    expect(d.json().endpoints[0].formats).toEqual(['text/xml', 'application/json']);
    const dx = await t.app.inject({ url: '/open311/v2/discovery.xml' });
    expect(dx.headers['content-type']).toContain('text/xml');

    const services = await t.app.inject({ url: '/open311/v2/services.json' });
    expect(valid('services.json', services.json())).toBe(true);
    const codes = services.json().map((s: { service_code: string }) => s.service_code);
    expect(codes).toContain('SPAQ');
    const xml = readXml((await t.app.inject({ url: '/open311/v2/services.xml' })).body);
    expect((xml as [string])[0]).toBe('services');
    const asJson = childrenOf(xml).map((s) => ({
      ...Object.fromEntries(childrenOf(s)),
      metadata: field(s, 'metadata') === 'true',
    }));
    expect(valid('services.json', asJson)).toBe(true);

    const def = await t.app.inject({ url: '/open311/v2/services/ZDJY.json' });
    expect(valid('service-definition.json', def.json())).toBe(true);
    expect(def.json().attributes[0]).toMatchObject({
      code: 'KIND',
      datatype: 'singlevaluelist',
      required: true,
    });
    const defXml = readXml((await t.app.inject({ url: '/open311/v2/services/ZDJY.xml' })).body);
    expect(field(defXml, 'service_code')).toBe('ZDJY');
  });

  it('files a request form-encoded with api_key and attribute[CODE]: the same case the console handles', async () => {
    const res = await post('json', {
      api_key: 'demo-open311-key',
      service_code: 'ZDJY',
      lat: '24.5081',
      long: '118.1412',
      description: '湖里大道公交站旁流动摊贩占道',
      'attribute[KIND]': 'vendor',
      first_name: '先生',
      last_name: '王',
    });
    expect(res.statusCode).toBe(200);
    const [created] = res.json();
    expect(typeof created.service_request_id).toBe('string');
    const one = await t.app.inject({
      url: `/open311/v2/requests/${created.service_request_id}.json?api_key=demo-open311-key`,
    });
    expect(valid('requests.json', one.json())).toBe(true);
    expect(one.json()[0]).toMatchObject({ service_code: 'ZDJY', status: 'open' });
    expect(one.json()[0].requested_datetime).toMatch(/\+08:00$/);
    expect(one.json()[0].agency_responsible).toBe('厦门市湖里区城市管理局');

    const admin = await t.login('admin');
    const inConsole = await t.as(admin, { url: `/api/v1/cases/${created.service_request_id}` });
    expect(inConsole.json().channel).toBe('open311');
    expect(inConsole.json().attributes).toEqual({ KIND: 'vendor' });

    const xml = await post('xml', {
      api_key: 'demo-open311-key',
      service_code: 'SPAQ',
      address_string: '湖里区兴隆路 8 号',
    });
    expect(xml.statusCode).toBe(200);
    const parsed = readXml(xml.body);
    expect((parsed as [string])[0]).toBe('service_requests');
    expect(field(childrenOf(parsed)[0], 'service_request_id')).toMatch(/^\d+$/);
  });

  it('lists requests of the last 90 days in JSON and XML, valid against requests.json', async () => {
    const list = await t.app.inject({ url: '/open311/v2/requests.json?api_key=demo-open311-key' });
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThan(0);
    expect(valid('requests.json', list.json())).toBe(true);
    const xml = readXml(
      (await t.app.inject({ url: '/open311/v2/requests.xml?api_key=demo-open311-key&status=open' })).body,
    );
    const items = childrenOf(xml).map((r) => {
      const o = Object.fromEntries(childrenOf(r)) as Record<string, unknown>;
      for (const k of ['lat', 'long']) o[k] = o[k] === null ? null : Number(o[k]);
      return o;
    });
    expect(valid('requests.json', items)).toBe(true);
    const old = await t.app.inject({
      url: '/open311/v2/requests.json?api_key=demo-open311-key&start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-02-01T00:00:00%2B08:00',
    });
    expect(old.json()).toEqual([]);
  });

  it('a key reads what its role would see in the console: the demo hotline key only the requests it filed', async () => {
    // a resident's case in the key's area, filed in the console, and one set hidden
    const resident = await t.login('resident');
    const categories = await t.as(resident, { url: '/api/v1/case-categories' });
    const spaq = categories.json().items.find((c: { code: string }) => c.code === 'SPAQ').id as number;
    const filed = await t.as(resident, {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { categoryId: spaq, title: '居民自己登记的诉求', description: '只给本人和办理人员看' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const consoleCase = String(filed.json().id);
    const viaKey = (
      await post('json', {
        api_key: 'demo-open311-key',
        service_code: 'SPAQ',
        address_string: '湖里区兴隆路 9 号',
        description: '热线转来的诉求',
      })
    ).json()[0].service_request_id as string;
    const listed = async (key: string) =>
      (await t.app.inject({ url: `/open311/v2/requests.json?api_key=${key}` }))
        .json()
        .map((r: { service_request_id: string }) => r.service_request_id) as string[];
    const one = (key: string, id: string) =>
      t.app.inject({ url: `/open311/v2/requests/${id}.json?api_key=${key}` });

    expect(await listed('demo-open311-key')).toContain(viaKey);
    expect(await listed('demo-open311-key')).not.toContain(consoleCase);
    expect((await one('demo-open311-key', viaKey)).statusCode).toBe(200);
    const hidden = await one('demo-open311-key', consoleCase);
    const missing = await one('demo-open311-key', '99999999');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()[0].description.replace(consoleCase, 'N')).toBe(
      missing.json()[0].description.replace('99999999', 'N'),
    );

    // a key whose role reads the area's cases (a district's 12345 platform) sees them, as in the console
    const huli = await t.database.db
      .selectFrom('orgs')
      .select('id')
      .where('name', '=', '中共厦门市湖里区委员会')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('open311_keys')
      .values({
        name: '区级平台',
        key_hash: hashOpen311Key('district-platform-key'),
        org_id: huli.id,
        role: 'org_admin',
      })
      .execute();
    expect(await listed('district-platform-key')).toEqual(expect.arrayContaining([consoleCase, viaKey]));
    expect((await one('district-platform-key', consoleCase)).statusCode).toBe(200);
  });

  it('answers errors as a list of {code, description}: 403 bad key, 404 unknown id, 400 otherwise', async () => {
    const bad = await post('json', { api_key: 'wrong', service_code: 'SPAQ', lat: '24.5', long: '118.1' });
    expect(bad.statusCode).toBe(403);
    expect(bad.json()).toEqual([{ code: 403, description: expect.any(String) }]);
    const badXml = await post('xml', { api_key: 'wrong', service_code: 'SPAQ', lat: '24.5', long: '118.1' });
    expect(badXml.statusCode).toBe(403);
    const errs = readXml(badXml.body);
    expect((errs as [string])[0]).toBe('errors');
    expect(field(childrenOf(errs)[0], 'code')).toBe('403');

    const missing = await t.app.inject({
      url: '/open311/v2/requests/99999999.json?api_key=demo-open311-key',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0].code).toBe(404);
    expect((await t.app.inject({ url: '/open311/v2/services/NOPE.xml' })).statusCode).toBe(404);

    for (const fields of <Array<Record<string, string>>>[
      { api_key: 'demo-open311-key', service_code: 'SPAQ' },
      { api_key: 'demo-open311-key', service_code: 'NOPE', lat: '24.5', long: '118.1' },
      { api_key: 'demo-open311-key', service_code: 'ZDJY', lat: '24.5', long: '118.1' },
      { api_key: 'demo-open311-key', service_code: 'SPAQ', lat: 'north', long: '118.1' },
    ]) {
      const r = await post('json', fields);
      expect(r.statusCode).toBe(400);
      expect(r.json()[0].code).toBe(400);
    }
    expect((await t.app.inject({ url: '/open311/v2/requests.json?start_date=yesterday' })).statusCode).toBe(
      400,
    );
    expect((await t.app.inject({ url: '/open311/v2/services.html' })).statusCode).toBe(400);
  });
});

describe('migration 0056', () => {
  it('gives existing keys the least role and finds the key of requests filed with an Idempotency-Key', async () => {
    const db = await openTestDatabase();
    try {
      const all = loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < 56),
      );
      await sql`insert into orgs (id, region_code, path, depth, name, name_search, type)
        values (1, '350206', '/1/', 0, '甲', '甲', 'committee')`.execute(db.db);
      const key = await sql<{ id: number }>`insert into open311_keys (name, key_hash, org_id)
        values ('旧密钥', 'h', 1) returning id`.execute(db.db);
      const keyId = key.rows[0]!.id;
      await sql`insert into cases (region_code, org_id, org_path, category_id, channel, title, description, title_search, tier, submit_key)
        select '350206', 1, '/1/', id, 'open311', '甲', '甲', '甲', 'small', ${`open311:${keyId}:retry-7`}
          from case_categories order by id limit 1`.execute(db.db);
      await sql`insert into cases (region_code, org_id, org_path, category_id, channel, title, description, title_search, tier)
        select '350206', 1, '/1/', id, 'open311', '乙', '乙', '乙', 'small' from case_categories order by id limit 1`.execute(
        db.db,
      );
      await migrate(db, all);
      const rows = await db.db
        .selectFrom('cases')
        .select(['title', 'open311_key_id'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { title: '甲', open311_key_id: keyId },
        { title: '乙', open311_key_id: null },
      ]);
      const keys = await db.db.selectFrom('open311_keys').select('role').execute();
      expect(keys).toEqual([{ role: 'resident' }]);
    } finally {
      await db.drop();
    }
  });
});
