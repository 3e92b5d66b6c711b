import { Bm25Index } from '@honglian/domain';
import { sql } from 'kysely';
import { VersionedCache } from '../../platform/cache.ts';
import type { Executor } from '../../platform/context.ts';
import { clauseTerms } from './words.ts';

/**
 * What the assistant can cite: every clause of the stored documents (migration 0140: the help, the
 * rules in plain words, official texts an administrator added), every version of the compliance
 * rules (their descriptions, with source and article) and the clauses of the policy library (issue 13).
 * A citation quotes `text` verbatim.
 */
export interface Passage {
  /** `doc:<code>#<article>` for a stored clause, `rule:<code>@<version>` for a compliance rule. */
  key: string;
  source: string;
  article: string;
  /** What it is about in a few words (a clause's heading, a rule's name): found, not quoted. */
  heading: string;
  text: string;
  /** Set when the document or rule version has been replaced: what replaced it. */
  supersededBy: string | null;
}

interface ClauseRow {
  code: string;
  title: string;
  kind: string;
  article: string;
  heading: string;
  basis: string;
  text: string;
  superseded_title: string | null;
}

interface PolicyClauseRow {
  id: number;
  title: string;
  doc_number: string;
  issuer: string;
  superseded_title: string | null;
  article: string;
  text: string;
}

interface RuleRow {
  code: string;
  version: number;
  name: string;
  source: string;
  article: string;
  description: string;
  valid_to: string | null;
  next_version: number | null;
  next_source: string | null;
}

export async function loadPassages(db: Executor): Promise<Passage[]> {
  const clauses = await sql<ClauseRow>`
    select d.code, d.title, d.kind, c.article, c.heading, c.basis, c.text, s.title as superseded_title
    from assistant_clauses c
    join assistant_documents d on d.id = c.document_id
    left join assistant_documents s on s.id = d.superseded_by
    order by d.id, c.position`.execute(db);
  const rules = await sql<RuleRow>`
    select r.code, r.version, r.name, r.source, r.article, r.description,
           to_char(r.valid_to, 'YYYY-MM-DD') as valid_to,
           n.version as next_version, n.source as next_source
    from compliance_rules r
    left join lateral (
      select version, source from compliance_rules n
      where n.code = r.code and n.version > r.version order by n.version limit 1
    ) n on true
    order by r.code, r.version`.execute(db);
  // the policy library (issue 13): every clause of a policy in force or replaced (not drafts, not withdrawn)
  const policies = await sql<PolicyClauseRow>`
    select p.id, p.title, p.doc_number, p.issuer, s.title as superseded_title, c.article, c.text
    from policies p
    cross join lateral jsonb_to_recordset(p.clauses) as c (article text, text text)
    left join policies s on s.id = p.superseded_by
    where p.status in ('effective', 'superseded')
    order by p.id`.execute(db);
  return [
    ...policies.rows.map((c) => ({
      key: `policy:${c.id}#${c.article}`,
      source: `《${c.title.replace(/^《|》$/gu, '')}》（${c.doc_number}，${c.issuer}）`,
      article: c.article,
      heading: c.title,
      text: c.text,
      supersededBy: c.superseded_title,
    })),
    ...clauses.rows.map((c) => ({
      key: `doc:${c.code}#${c.article}`,
      // a summary names the regulation it rests on, so nobody takes it for the official text
      source: c.basis ? `${c.title}（依据${c.basis}）` : c.title,
      article: c.article,
      heading: c.heading,
      text: c.text,
      supersededBy: c.superseded_title,
    })),
    ...rules.rows.map((r) => ({
      key: `rule:${r.code}@${r.version}`,
      source: `《红链合规规则》（依据${r.source}）`,
      article: `${r.code}「${r.name}」${r.article}`,
      heading: r.name,
      text: r.description,
      supersededBy: r.next_version === null ? null : `第${r.next_version}版（依据${r.next_source}）`,
    })),
  ];
}

/** The words a passage is found by: its heading (counted twice: it says what the clause is about) and its text. */
function passageTerms(p: Passage): string[] {
  const heading = clauseTerms(p.heading);
  return [...heading, ...heading, ...clauseTerms(p.text)];
}

export interface Corpus {
  passages: Map<string, Passage>;
  index: Bm25Index;
}

/**
 * The index, built on first use and kept in memory (`VersionedCache`): a document added by any process
 * bumps `cache_versions.assistant` in its transaction; every process rebuilds within a second.
 */
export const corpusCache = new VersionedCache<Corpus>('assistant', async (db) => {
  const passages = await loadPassages(db);
  const index = new Bm25Index(passages.map((p) => ({ key: p.key, terms: passageTerms(p) })));
  return { passages: new Map(passages.map((p) => [p.key, p])), index };
});
