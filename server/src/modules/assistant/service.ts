import {
  ANSWER_MIN_INFORMATION,
  ANSWER_THRESHOLD,
  DUES_CATEGORIES,
  type Hit,
  maskIdNumber,
  maskPhone,
  normalizeForSearch,
  parseDuesQuestion,
  SECOND_CITATION_SHARE,
  yuan,
} from '@honglian/domain';
import { sql } from 'kysely';
import { type Actor, holdsEveryOrg } from '../../platform/access.ts';
import { audit } from '../../platform/audit.ts';
import { clock } from '../../platform/clock.ts';
import type { Executor, RequestContext } from '../../platform/context.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { type Corpus, corpusCache, type Passage } from './corpus.ts';
import { questionTerms } from './words.ts';

/**
 * 问答助手 (issue 15, API.md "Questions"): answers from the stored documents by retrieval (jieba words,
 * synonyms folded, BM25 over clauses); a figure a rule computes (a dues amount) comes from the rule
 * engine, citing the clause it applies. Every statement of an answer is a cited clause quoted verbatim;
 * below the threshold the answer says it cannot help, cites nothing and suggests filing a case.
 */

export interface Citation {
  source: string;
  article: string;
  quote: string;
}

export interface Answer {
  answer: string;
  confidence: number;
  citations: Citation[];
  suggestCase: boolean;
}

/** Longest quote: a longer clause is quoted by its best sentences, verbatim and contiguous. */
const QUOTE_MAX = 300;

const NOT_ANSWERED =
  '抱歉，收录的规定、政策和使用帮助中没有找到能回答这个问题的内容，我不能凭猜测作答。您可以提交诉求，由工作人员答复。';

/** The contiguous run of sentences of `text` that holds the most of the matched words, at most QUOTE_MAX. */
export function excerpt(text: string, matched: readonly string[]): string {
  if (text.length <= QUOTE_MAX) return text;
  const sentences = text.match(/[^。；！？\n]+[。；！？\n]?/gu) ?? [text];
  const norm = sentences.map((s) => normalizeForSearch(s));
  let best = { from: 0, to: 0, hits: -1 };
  for (let from = 0; from < sentences.length; from++) {
    let length = 0;
    let hits = 0;
    for (let to = from; to < sentences.length; to++) {
      length += sentences[to]!.length;
      if (length > QUOTE_MAX && to > from) break;
      hits += matched.filter((w) => norm[to]!.includes(w)).length;
      if (hits > best.hits) best = { from, to, hits };
    }
  }
  return sentences
    .slice(best.from, best.to + 1)
    .join('')
    .trim()
    .slice(0, QUOTE_MAX);
}

function cite(p: Passage, matched: readonly string[]): Citation {
  return { source: p.source, article: p.article, quote: excerpt(p.text, matched) };
}

function statement(p: Passage, quote: string): string {
  const replaced = p.supersededBy ? `（注意：该文件已被${p.supersededBy}替代，以现行规定为准。）` : '';
  return `根据${p.source}${p.article}：“${quote}”${replaced}`;
}

const DUES_CLAUSE: Record<string, string> = {
  D1: 'doc:rules#D1',
  D2: 'doc:rules#D2',
  D3: 'doc:rules#D3',
};

/** The answer to a question, from the corpus alone (pure apart from the corpus: tests and the bench call it). */
export function answerFrom(corpus: Corpus, question: string): Answer & { cited: string[] } {
  const normalized = normalizeForSearch(question);
  const dues = parseDuesQuestion(normalized);
  const duesPassage = dues ? corpus.passages.get(DUES_CLAUSE[dues.ruleId] ?? '') : undefined;
  if (dues && duesPassage) {
    const percent = `${(Number(dues.rate) * 100).toFixed(1).replace(/\.0$/u, '')}%`;
    const category = DUES_CATEGORIES[dues.category] ?? '';
    return {
      answer:
        `按${category}、计算基数${yuan(dues.baseFen)}元计算，每月应交纳党费${yuan(dues.monthlyFen)}元（${percent}）。` +
        statement(duesPassage, duesPassage.text),
      confidence: 0.95,
      citations: [cite(duesPassage, [])],
      suggestCase: false,
      cited: [duesPassage.key],
    };
  }
  const terms = questionTerms(question, (t) => corpus.index.has(t));
  const hits = corpus.index.search(terms, 3);
  const top = hits[0];
  const coverage = top ? corpus.index.coverage(terms, top.matched) : 0;
  if (!top || coverage < ANSWER_THRESHOLD || corpus.index.information(top.matched) < ANSWER_MIN_INFORMATION) {
    return {
      answer: NOT_ANSWERED,
      confidence: Math.round(coverage * 0.5 * 100) / 100,
      citations: [],
      suggestCase: true,
      cited: [],
    };
  }
  const chosen: Hit[] = [top];
  const second = hits[1];
  if (
    second &&
    second.score >= top.score * SECOND_CITATION_SHARE &&
    corpus.index.coverage(terms, second.matched) >= ANSWER_THRESHOLD
  )
    chosen.push(second);
  const citations: Citation[] = [];
  const statements: string[] = [];
  for (const hit of chosen) {
    const p = corpus.passages.get(hit.key)!;
    const c = cite(p, hit.matched);
    citations.push(c);
    statements.push(statement(p, c.quote));
  }
  return {
    answer: statements.join('\n'),
    confidence: Math.round(Math.min(1, coverage) * 100) / 100,
    citations,
    suggestCase: false,
    cited: chosen.map((h) => h.key),
  };
}

/**
 * A question as kept: an ID number or a mobile number someone typed into it is masked (the questions are
 * read by administrators to see what the documents lack, not to learn who asked about whom).
 */
export function maskedQuestion(question: string): string {
  return question
    .replace(/(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])/g, (id) => maskIdNumber(id))
    .replace(/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g, (phone) => maskPhone(phone));
}

export async function ask(db: Executor, ctx: RequestContext, question: string): Promise<Answer> {
  const corpus = await corpusCache.get(db);
  const { cited, ...answer } = answerFrom(corpus, question);
  await sql`
    insert into assistant_questions (user_id, question, confidence, answered, cited, asked_at)
    values (${ctx.actor.userId}, ${maskedQuestion(question)}, ${answer.confidence}, ${!answer.suggestCase},
            (select coalesce(array_agg(k), '{}') from jsonb_array_elements_text(${JSON.stringify(cited)}::jsonb) k),
            ${clock.now()})`.execute(db);
  return answer;
}

/** Call after a document change committed in this process. */
export function corpusChanged(): void {
  corpusCache.invalidate();
}

/** For tests and the bench: the corpus as the server sees it. */
export function corpusOf(db: Executor): Promise<Corpus> {
  return corpusCache.get(db);
}

interface DocumentRow {
  id: number;
  code: string;
  title: string;
  kind: 'help' | 'rule_summary' | 'regulation' | 'policy';
  issuer: string;
  effective_from: string | null;
  superseded_by: number | null;
  superseded_title: string | null;
  note: string;
  clause_count: number;
}

function toDocument(r: DocumentRow) {
  return {
    id: Number(r.id),
    code: r.code,
    title: r.title,
    kind: r.kind,
    issuer: r.issuer,
    effectiveFrom: r.effective_from,
    supersededBy:
      r.superseded_by === null ? null : { id: Number(r.superseded_by), title: r.superseded_title ?? '' },
    note: r.note,
    clauseCount: Number(r.clause_count),
  };
}

const documentColumns = sql`
  d.id, d.code, d.title, d.kind, d.issuer, to_char(d.effective_from, 'YYYY-MM-DD') as effective_from,
  d.superseded_by, s.title as superseded_title, d.note,
  (select count(*) from assistant_clauses c where c.document_id = d.id)::int as clause_count`;

/** The stored documents: public to everyone logged in (they are what every answer cites). */
export async function listDocuments(db: Executor) {
  const rows = await sql<DocumentRow>`
    select ${documentColumns} from assistant_documents d
    left join assistant_documents s on s.id = d.superseded_by order by d.id`.execute(db);
  return { items: rows.rows.map(toDocument), total: rows.rows.length };
}

export async function getDocument(db: Executor, id: number) {
  const row = await sql<DocumentRow>`
    select ${documentColumns} from assistant_documents d
    left join assistant_documents s on s.id = d.superseded_by where d.id = ${id}`.execute(db);
  if (!row.rows[0]) throw notFound('未找到该文件');
  const clauses = await sql<{ article: string; basis: string; text: string }>`
    select article, basis, text from assistant_clauses where document_id = ${id} order by position`.execute(
    db,
  );
  return { ...toDocument(row.rows[0]), clauses: clauses.rows };
}

/**
 * The documents are national like the calendar: whoever adds one changes every answer everywhere, so
 * only an administrator holding assistant.manage over every organization may (and read the questions
 * asked, which are everyone's).
 */
async function requireManager(db: Executor, actor: Actor): Promise<void> {
  if (!(await holdsEveryOrg(db, actor, 'assistant.manage'))) throw new AppError('forbidden');
}

export interface CreateDocument {
  code: string;
  title: string;
  kind: 'regulation' | 'policy' | 'help';
  issuer: string;
  effectiveFrom: string | null;
  supersedes: number | null;
  note: string;
  clauses: Array<{ article: string; text: string }>;
}

export async function createDocument(
  trx: Executor,
  ctx: RequestContext,
  body: CreateDocument,
): Promise<number> {
  await requireManager(trx, ctx.actor);
  const seen = new Set<string>();
  body.clauses.forEach((c, i) => {
    if (seen.has(c.article))
      throw fieldError(`clauses.${i}.article`, 'assistant.duplicate_article', `条款“${c.article}”重复`);
    seen.add(c.article);
  });
  const taken = await sql`select 1 from assistant_documents where code = ${body.code}`.execute(trx);
  if (taken.rows.length > 0) throw fieldError('code', 'assistant.code_taken', '该编码已被其他文件使用');
  if (body.supersedes !== null) {
    const old = await sql<{ superseded_by: number | null }>`
      select superseded_by from assistant_documents where id = ${body.supersedes}`.execute(trx);
    if (!old.rows[0]) throw fieldError('supersedes', 'assistant.unknown_document', '被替代的文件不存在');
    if (old.rows[0].superseded_by !== null)
      throw fieldError('supersedes', 'assistant.already_superseded', '该文件已经被其他文件替代');
  }
  const inserted = await sql<{ id: number }>`
    insert into assistant_documents (code, title, kind, issuer, effective_from, note, created_by)
    values (${body.code}, ${body.title}, ${body.kind}, ${body.issuer}, ${body.effectiveFrom}, ${body.note},
            ${ctx.actor.userId})
    returning id`.execute(trx);
  const id = Number(inserted.rows[0]!.id);
  await sql`
    insert into assistant_clauses (document_id, position, article, text)
    select ${id}, c.position, c.article, c.text
    from jsonb_to_recordset(${JSON.stringify(body.clauses.map((c, i) => ({ ...c, position: i + 1 })))}::jsonb)
      as c (position int, article text, text text)`.execute(trx);
  if (body.supersedes !== null)
    await sql`update assistant_documents set superseded_by = ${id} where id = ${body.supersedes}`.execute(
      trx,
    );
  await corpusCache.bump(trx);
  await audit(trx, ctx, {
    action: 'assistant.document.create',
    entityType: 'assistant_document',
    entityId: id,
    orgPath: null,
    after: { code: body.code, title: body.title, kind: body.kind, clauses: body.clauses.length },
  });
  return id;
}

export async function listQuestions(
  db: Executor,
  ctx: RequestContext,
  query: { answered?: boolean | undefined; page: number; pageSize: number },
) {
  await requireManager(db, ctx.actor);
  const where = query.answered === undefined ? sql`true` : sql`answered = ${query.answered}`;
  const rows = await sql<{
    id: number;
    question: string;
    confidence: number;
    answered: boolean;
    cited: string[];
    asked_at: Date;
    total: number;
  }>`
    select id, question, confidence, answered, cited, asked_at, count(*) over ()::int as total
    from assistant_questions where ${where}
    order by asked_at desc, id desc
    limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`.execute(db);
  return {
    items: rows.rows.map((r) => ({
      id: Number(r.id),
      question: r.question,
      confidence: Number(r.confidence),
      answered: r.answered,
      cited: r.cited ?? [],
      askedAt: new Date(r.asked_at),
    })),
    total: rows.rows[0]?.total ?? 0,
  };
}
