import { createRequire } from 'node:module';
import {
  arabicNumerals,
  conceptTerms,
  normalizeForSearch,
  retrievalTerms,
  SYNONYM_GROUPS,
} from '@honglian/domain';
import { Jieba } from '@node-rs/jieba';

/**
 * Chinese word segmentation for the assistant: jieba (`@node-rs/jieba`, the Rust port, prebuilt for
 * this platform; docs/decisions/0021-assistant.md) with its standard dictionary plus the Party-affairs
 * terms below, so that 三会一课, 预备党员 or 流动党员活动证 stay one word. Text goes through
 * `normalizeForSearch` first (Traditional → Simplified, full-width → half-width), so a question in
 * Traditional characters is cut like its Simplified form.
 */
const PARTY_TERMS = [
  '三会一课',
  '主题党日',
  '组织生活会',
  '民主评议党员',
  '民主评议',
  '支部党员大会',
  '支部委员会',
  '支委会',
  '党小组会',
  '党课',
  '预备党员',
  '预备期',
  '正式党员',
  '入党申请人',
  '入党积极分子',
  '积极分子',
  '发展对象',
  '入党介绍人',
  '政治审查',
  '政审',
  '入党宣誓',
  '组织关系',
  '组织关系转接',
  '流动党员',
  '流动党员活动证',
  '党费',
  '党费证',
  '计算基数',
  '年薪制',
  '离退休费',
  '留党察看',
  '停止党籍',
  '静默支部',
  '总支部委员会',
  '基层委员会',
  '联合党支部',
  '换届',
  '随手拍',
  '暖新驿站',
  '驿站',
  '工单',
  '点单',
  '派单',
  '接单',
  '评单',
  '一键写信',
  '企业服务日',
  '超时序',
  '书记领航',
  '问答助手',
  '审计日志',
  '工作日',
  '调休',
];

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (jieba) return jieba;
  const require = createRequire(import.meta.url);
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const j = Jieba.withDict(dict);
  const words = new Set([...PARTY_TERMS, ...SYNONYM_GROUPS.flat().filter((w) => w.length > 1)]);
  j.loadDict(Buffer.from([...words].map((w) => `${w} 100000 n`).join('\n')));
  jieba = j;
  return j;
}

/**
 * The retrieval terms of a clause: normalized, numerals as digits, cut in search mode (long words and
 * their parts, so 预备党员 is found by 预备党员, 预备 and 党员), stop words out, synonyms folded, concepts added.
 */
export function clauseTerms(text: string): string[] {
  const norm = arabicNumerals(normalizeForSearch(text));
  return [...retrievalTerms(segmenter().cutForSearch(norm, true)), ...conceptTerms(norm, 'clause')];
}

/**
 * The retrieval terms of a question: like a clause's, but cut in precise mode, so a word of the question
 * is not split into pieces the documents never use (支委会 stays 支委会, not 支委 + 委会).
 */
export function questionTerms(text: string, known: (term: string) => boolean = () => true): string[] {
  const norm = arabicNumerals(normalizeForSearch(text));
  const terms: string[] = [];
  for (const { word, tag } of segmenter().tag(norm, true)) {
    const [t] = retrievalTerms([word]);
    if (t === undefined) continue;
    if (known(t)) {
      terms.push(t);
      continue;
    }
    // a word no clause has is tried by its parts (工程项目 → 工程 + 项目) when the documents have parts that
    // make up the whole word; 个人所得税 is not 个人 and stays a subject the documents lack
    const parts =
      t.length >= 3
        ? retrievalTerms(segmenter().cutForSearch(t, true)).filter((p) => p !== t && known(p))
        : [];
    if (parts.length > 0 && coversWhole(t, parts)) terms.push(...parts);
    // otherwise it stays only if it names a thing (a noun or a set phrase: 护照, 公租房, 个人所得税): a
    // subject the documents lack lowers the answer's coverage; an unknown verb or particle (找, 帮, 看不全) does not
    else if (SUBJECT_TAGS.test(tag)) terms.push(t);
  }
  return [...terms, ...conceptTerms(norm, 'question')];
}

/** Whether every character of `word` lies inside an occurrence of one of `parts`. */
function coversWhole(word: string, parts: readonly string[]): boolean {
  const covered = new Array<boolean>(word.length).fill(false);
  for (const part of parts) {
    for (let at = word.indexOf(part); at >= 0; at = word.indexOf(part, at + 1))
      for (let i = at; i < at + part.length; i++) covered[i] = true;
  }
  return covered.every(Boolean);
}

/** jieba's part-of-speech tags of nouns (n, nr, ns, nt, nz, ng, nl…), verbal nouns and set phrases. */
const SUBJECT_TAGS = /^(n|vn|l|j)/u;
