import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { QUESTION_SET, scoreSet } from './questions.ts';
import { answerFrom, corpusOf } from './service.ts';

/**
 * 问答助手 (issue 15, API.md "Questions") on a real database (both engines): the fixed shape, answers
 * quoting stored clauses verbatim, figures from the dues rules, refusals without invented citations,
 * Traditional characters like Simplified, superseded documents said so, who may add documents and read
 * the questions, and the question set at or above 90%.
 */
let t: TestApp;
let admin: Session;
let district: Session;
let member: Session;
let resident: Session;

async function ask(session: Session | null, question: unknown) {
  return t.as(session, { method: 'POST', url: '/api/v1/assistant/ask', payload: { question } });
}

/** Every clause text of every stored document, and the compliance rules' descriptions. */
async function storedTexts(): Promise<string[]> {
  const corpus = await corpusOf(t.database.db);
  return [...corpus.passages.values()].map((p) => p.text);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  district = await t.login('district');
  member = await t.login('member');
  resident = await t.login('resident');
});
afterAll(() => t?.close());

describe('POST /api/v1/assistant/ask', () => {
  it('answers in exactly the fixed shape, quoting the clause it rests on verbatim', async () => {
    const res = await ask(member, '预备期可以延长吗？');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['answer', 'citations', 'confidence', 'suggestCase']);
    expect(body.suggestCase).toBe(false);
    expect(body.confidence).toBeGreaterThanOrEqual(0.5);
    expect(body.confidence).toBeLessThanOrEqual(1);
    expect(body.citations.length).toBeGreaterThan(0);
    const texts = await storedTexts();
    for (const c of body.citations) {
      expect(Object.keys(c).sort()).toEqual(['article', 'quote', 'source']);
      expect(texts.some((text) => text.includes(c.quote))).toBe(true);
      // every statement of the answer is a cited quote
      expect(body.answer).toContain(c.quote);
    }
    expect(body.citations[0].article).toBe('P14');
    expect(body.citations[0].source).toContain('《红链规则说明》');
    expect(body.citations[0].source).toContain('依据');
  });

  it('computes a dues amount with the dues rules and cites the clause applied', async () => {
    const res = await ask(member, '我月工资4500元，每月党费交多少？');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.answer).toContain('45.00元');
    expect(body.answer).toContain('1%');
    expect(body.citations).toHaveLength(1);
    expect(body.citations[0].article).toBe('D1');
    const retiree = (await ask(member, '退休金6000元，党费每月交多少')).json();
    expect(retiree.answer).toContain('60.00元');
    expect(retiree.citations[0].article).toBe('D3');
  });

  it('understands Traditional characters like Simplified', async () => {
    const simplified = (await ask(member, '三会一课是什么')).json();
    const traditional = (await ask(member, '三會一課是什麼')).json();
    expect(traditional.citations).toEqual(simplified.citations);
    expect(traditional.citations.some((c: { article: string }) => c.article.startsWith('O6'))).toBe(true);
  });

  it('says it cannot answer, cites nothing and suggests a case for what no document covers', async () => {
    const res = await ask(resident, '社保卡丢了怎么补办？');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.citations).toEqual([]);
    expect(body.suggestCase).toBe(true);
    expect(body.confidence).toBeLessThan(0.5);
    expect(body.answer).toContain('提交诉求');
  });

  it('answers an enterprise from the policy library, citing the policy, its 文号 and the clause', async () => {
    const res = (await ask(resident, '申请研发费用补助，上年度研发费用要达到多少？')).json();
    expect(res.suggestCase).toBe(false);
    const cited = res.citations.find((c: { source: string }) => c.source.includes('研发费用补助'));
    expect(cited, JSON.stringify(res)).toBeDefined();
    expect(cited.source).toContain('厦湖工信〔2026〕演1号');
    expect(cited).toMatchObject({ article: '第四条', quote: '申报企业上年度研发费用不低于 100 万元。' });
  });

  it('says when the rule it quotes has been replaced by a newer version', async () => {
    // P13's 2014 version (no deadline in the rules) was replaced by the 2026 revision: both are found
    const corpus = await corpusOf(t.database.db);
    const old = corpus.passages.get('rule:P13@1')!;
    expect(old.supersededBy).toContain('第2版');
    const answer = answerFrom(corpus, '预备党员应当在上级党委批准后及时面向党旗进行入党宣誓吗');
    if (answer.cited.includes('rule:P13@1')) expect(answer.answer).toContain('已被第2版');
    expect(answer.cited.some((k) => k.startsWith('rule:P13@'))).toBe(true);
  });

  it('refuses bad input with the field named, and strangers', async () => {
    for (const question of ['', '   ', 'x'.repeat(501), 42, null]) {
      const res = await ask(member, question);
      expect(res.statusCode, String(question)).toBe(400);
      expect(res.json().errors[0].field).toBe('question');
    }
    expect((await ask(null, '党费怎么交')).statusCode).toBe(401);
  });

  it('answers the question set: ≥ 90% cite the expected clause, every unanswerable one is refused', async () => {
    const corpus = await corpusOf(t.database.db);
    const result = scoreSet((q) => answerFrom(corpus, q));
    expect(QUESTION_SET.length).toBeGreaterThanOrEqual(100);
    expect(result.answerable).toBeGreaterThanOrEqual(100);
    expect(result.correct / result.answerable, JSON.stringify(result.misses)).toBeGreaterThanOrEqual(0.9);
    expect(result.refused, JSON.stringify(result.misses)).toBe(result.unanswerable);
  });
});

describe('the stored documents', () => {
  const regulation = {
    code: 'test-reg-2020',
    title: '《测试用规定》（2020）',
    kind: 'regulation',
    issuer: '测试机关',
    effectiveFrom: '2020-01-01',
    clauses: [
      { article: '第一条', text: '社区养犬应当到居委会登记犬只信息，登记免费。' },
      { article: '第二条', text: '养犬人出户遛犬应当束犬链。' },
    ],
  };

  it('lists them to everyone logged in, with their clauses', async () => {
    const list = await t.as(resident, { url: '/api/v1/assistant/documents' });
    expect(list.statusCode, list.body).toBe(200);
    const codes = list.json().items.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['help', 'rules']));
    const help = list.json().items.find((d: { code: string }) => d.code === 'help');
    const one = await t.as(resident, { url: `/api/v1/assistant/documents/${help.id}` });
    expect(one.json().clauses).toHaveLength(help.clauseCount);
    expect((await t.as(resident, { url: '/api/v1/assistant/documents/999999' })).statusCode).toBe(404);
    expect((await t.as(null, { url: '/api/v1/assistant/documents' })).statusCode).toBe(401);
  });

  it('are added only by whoever holds assistant.manage over every organization', async () => {
    for (const who of [district, member, resident]) {
      const res = await t.as(who, {
        method: 'POST',
        url: '/api/v1/assistant/documents',
        payload: regulation,
      });
      expect(res.statusCode, res.body).toBe(403);
    }
    expect((await t.as(district, { url: '/api/v1/assistant/questions' })).statusCode).toBe(403);
  });

  it('answers from an added document at once, and says so when a newer one replaces it', async () => {
    const before = (await ask(resident, '社区养犬要到哪里登记？')).json();
    expect(before.suggestCase).toBe(true);
    const created = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/assistant/documents',
      payload: regulation,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().clauses).toHaveLength(2);
    const after = (await ask(resident, '社区养犬要到哪里登记？')).json();
    expect(after.suggestCase).toBe(false);
    expect(after.citations[0]).toEqual({
      source: '《测试用规定》（2020）',
      article: '第一条',
      quote: '社区养犬应当到居委会登记犬只信息，登记免费。',
    });
    const newer = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/assistant/documents',
      payload: {
        ...regulation,
        code: 'test-reg-2026',
        title: '《测试用规定》（2026）',
        supersedes: created.json().id,
        clauses: [{ article: '第一条', text: '社区养犬应当通过网上平台登记犬只信息。' }],
      },
    });
    expect(newer.statusCode, newer.body).toBe(201);
    const replaced = (await ask(resident, '养犬人出户遛犬要束犬链吗')).json();
    expect(replaced.citations[0].source).toBe('《测试用规定》（2020）');
    expect(replaced.answer).toContain('已被《测试用规定》（2026）替代');
    const again = await t.as(admin, {
      method: 'POST',
      url: '/api/v1/assistant/documents',
      payload: { ...regulation, code: 'test-reg-x', supersedes: created.json().id },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('supersedes');
  });

  it('refuses a bad document naming the field, and saves nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...regulation, code: 'Bad Code' }, 'code'],
      [{ ...regulation, code: 'help' }, 'code'],
      [
        { ...regulation, code: 'dup', clauses: [regulation.clauses[0], regulation.clauses[0]] },
        'clauses.1.article',
      ],
      [{ ...regulation, code: 'empty', clauses: [] }, 'clauses'],
      [{ ...regulation, code: 'kind', kind: 'rule_summary' }, 'kind'],
      [{ ...regulation, code: 'sup', supersedes: 999999 }, 'supersedes'],
      [{ ...regulation, code: 'day', effectiveFrom: '2020-02-30' }, 'effectiveFrom'],
    ];
    const count = async () =>
      (await t.as(admin, { url: '/api/v1/assistant/documents' })).json().total as number;
    const before = await count();
    for (const [payload, field] of cases) {
      const res = await t.as(admin, { method: 'POST', url: '/api/v1/assistant/documents', payload });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    expect(await count()).toBe(before);
  });

  it('keeps the questions asked, and lists the unanswered ones to the manager without the asker', async () => {
    await ask(resident, '火车票怎么退？');
    const res = await t.as(admin, { url: '/api/v1/assistant/questions?answered=false&pageSize=200' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    expect(items.some((q) => q.question === '火车票怎么退？' && q.answered === false)).toBe(true);
    expect(items.every((q) => q.answered === false)).toBe(true);
    expect(Object.keys(items[0]!)).not.toContain('userId');
    // an ID number or a mobile number typed into a question is kept masked
    await ask(resident, '我的身份证350206199001011234和手机13912345678能查到吗');
    const kept = (await t.as(admin, { url: '/api/v1/assistant/questions?pageSize=5' })).json().items[0]
      .question;
    expect(kept).not.toContain('350206199001011234');
    expect(kept).not.toContain('13912345678');
    expect(kept).toContain('我的身份证');
    const bad = await t.as(admin, { url: '/api/v1/assistant/questions?answered=maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('answered');
  });
});
