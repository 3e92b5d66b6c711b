import { type DuesCategory, MAX_DUES_BASE_FEN, quoteDues } from '../dues/quote.ts';

/**
 * The question assistant's pure parts (issue 15, API.md "Questions"): ranking clauses by BM25 over
 * segmented words, synonyms folded to one form, how sure an answer is, and the questions whose
 * answer is a figure a rule computes (a dues amount) rather than a sentence. Word segmentation
 * (jieba) lives in the server; everything here takes words already cut.
 */

/** A stored clause as the index sees it: its key and its words (normalized, synonyms folded). */
export interface IndexedPassage {
  key: string;
  terms: readonly string[];
}

export interface Hit {
  key: string;
  score: number;
  /** The query's words found in the clause. */
  matched: string[];
}

/**
 * Words that mean the same thing in members' questions and in the documents, each group folded to
 * its first word (issue 15: 党费/党费缴纳, 预备期/预备党员). Folding happens on both sides, so a
 * question in either form finds a clause in either form.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['交纳', '缴纳', '交', '缴', '交费', '缴费', '上交', '付', '交给', '交到'],
  ['党费', '党费缴纳', '党费交纳'],
  ['预备期', '考察期'],
  ['转正', '转为正式党员', '转成正式党员'],
  ['入党', '加入党组织', '加入中国共产党', '加入共产党'],
  ['组织关系', '党组织关系', '党员关系', '党关系'],
  ['转接', '转移', '转出', '转入', '迁移', '迁出', '迁入', '转'],
  ['工资', '薪水', '薪资', '月薪', '收入', '工资收入'],
  ['退休', '离退休', '退休金', '养老金', '离休'],
  ['年龄', '多大', '年满', '周岁', '岁数', '十八岁', '18岁'],
  ['诉求', '工单', '投诉'],
  ['反映', '上报', '报告', '举报'],
  ['特殊情况', '困难', '生活困难', '特殊困难'],
  ['随手拍', '拍照上报', '拍照'],
  ['评价', '评单', '打分', '满意度', '评分'],
  ['积分', '分数', '积分值'],
  ['兑换', '换', '兑'],
  ['驿站', '暖新驿站', '小哥驿站'],
  ['三会一课', '三会'],
  ['党小组会', '小组会'],
  ['主题党日', '党日活动', '主题党日活动'],
  ['支部委员会', '支委会', '支部委员'],
  ['支部党员大会', '支部大会', '党员大会'],
  ['换届', '届满', '任期'],
  ['入党积极分子', '积极分子'],
  ['发展对象', '发展对像'],
  ['入党介绍人', '介绍人'],
  ['公示', '公示期'],
  ['密码', '口令'],
  ['身份证号码', '身份证号', '身份证'],
  ['失联', '失去联系', '联系不上'],
  ['流动党员', '外出党员'],
  ['宣誓', '入党宣誓'],
  ['欠交', '未交', '没交', '不交', '拖欠'],
  ['减免', '减少', '免交', '减交'],
  ['节假日', '假期', '放假', '法定节假日'],
  ['工作日', '工作天'],
];

const FOLD = new Map<string, string>();
for (const group of SYNONYM_GROUPS) for (const word of group) if (!FOLD.has(word)) FOLD.set(word, group[0]!);

/** Words that carry no meaning for retrieval (question words, particles, punctuation). */
export const STOP_WORDS = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 么 是 在 我 你 他 她 它 我们 你们 要 想 请问 请 问 一下 怎么 怎么样 怎样 如何 什么 ' +
    '哪些 哪个 哪里 为什么 能 能不能 可以 可不可以 会 有 没有 和 与 及 或 还是 就 都 也 又 把 被 给 对 从 ' +
    '到 向 这 那 这个 那个 一个 个 应该 应当 需要 得 地 着 过 啥 咋 谁 多少 几 该 自己 本人 现在 办 做 ' +
    '知道 告诉 嘛 哦 呗 之 其 以 为 中 上 下 后 前 时 里 等 元 块 钱 怎么办 以后 之后 还 还能 还要 ' +
    '多长 多久 几年 多少年 多长时间 时间 几 几次 几天 几个 几人 几名 一次 是不是 有没有 吗 什么样 哪 ' +
    '内容 里面 意思 时候 什么时候 开始 用 东西'
  ).split(' '),
);

const DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 六 → 6, 十八 → 18, 二十 → 20, 一百 → 100, 三百二十 → 320 (up to 999), for Chinese numerals before a unit. */
function numeral(text: string): number {
  const hundred = text.indexOf('百');
  if (hundred >= 0) {
    const hundreds = hundred === 0 ? 1 : (DIGITS[text.slice(0, hundred)] ?? Number.NaN);
    const rest = text.slice(hundred + 1).replace(/^零/u, '');
    return hundreds * 100 + (rest === '' ? 0 : numeral(rest));
  }
  const ten = text.indexOf('十');
  if (ten < 0) return DIGITS[text] ?? Number.NaN;
  const tens = ten === 0 ? 1 : (DIGITS[text.slice(0, ten)] ?? Number.NaN);
  const ones = ten === text.length - 1 ? 0 : (DIGITS[text.slice(ten + 1)] ?? Number.NaN);
  return tens * 10 + ones;
}

/**
 * Chinese numerals before a unit become digits (六个月 → 6个月, 十八岁 → 18岁, 五个工作日 → 5个工作日), on
 * both sides, so a question and a clause that count the same way meet. 一 before 个/次 is left alone
 * where it is an article rather than a count only when nothing numeric follows.
 */
export function arabicNumerals(text: string): string {
  return text.replace(
    /([一二两三四五六七八九十百零]{1,5})(?=(个月|个工作日|个|周岁|岁|年|月|日|天|人|名|次|学时|元))/gu,
    (m) => {
      const n = numeral(m);
      return Number.isNaN(n) ? m : String(n);
    },
  );
}

/**
 * Concepts a question and a clause share without sharing a word: how often something happens (每月1次,
 * 每季度1次 in a clause; 多久开一次, 几次 in a question) is the word 频次 on both sides.
 */
const FREQUENCY_CLAUSE = /(每|一)(年|季度|月|半年|周)[^，。；]{0,10}?(1|一)次|至少1次|每年至少|每半年/u;
const FREQUENCY_QUESTION = /(多久|多长时间).{0,4}(一|1)次|几次|多久开|多久召开|多久考察|多久开展/u;
export function conceptTerms(text: string, side: 'question' | 'clause'): string[] {
  return (side === 'clause' ? FREQUENCY_CLAUSE : FREQUENCY_QUESTION).test(text) ? ['频次'] : [];
}

/** Folds a word to its synonym group's form. */
export function foldSynonym(word: string): string {
  return FOLD.get(word) ?? word;
}

/** The words of a text that retrieval uses: no punctuation or white space, no stop words, synonyms folded. */
export function retrievalTerms(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const word = w.trim();
    if (word === '' || STOP_WORDS.has(word)) continue;
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    out.push(foldSynonym(word));
  }
  return out;
}

/**
 * Okapi BM25 over clauses (k1 = 1.2, b = 0.75, the usual values), kept in memory: a city's regulations,
 * policies and help are some thousands of clauses, an index of a few megabytes.
 */
export class Bm25Index {
  private readonly postings = new Map<string, Array<{ doc: number; tf: number }>>();
  private readonly lengths: number[] = [];
  private readonly keys: string[] = [];
  private readonly avgLength: number;

  constructor(
    passages: readonly IndexedPassage[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    passages.forEach((p, doc) => {
      this.keys.push(p.key);
      this.lengths.push(p.terms.length);
      const tf = new Map<string, number>();
      for (const t of p.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, n] of tf) {
        const list = this.postings.get(term);
        if (list) list.push({ doc, tf: n });
        else this.postings.set(term, [{ doc, tf: n }]);
      }
    });
    const total = this.lengths.reduce((a, n) => a + n, 0);
    this.avgLength = passages.length === 0 ? 0 : total / passages.length;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Inverse document frequency (the BM25+ form that never goes negative); a word no clause has gets the highest. */
  idf(term: string): number {
    const n = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (this.keys.length - n + 0.5) / (n + 0.5));
  }

  /** Whether any clause has the word. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * The clauses ranked for the query's words (each distinct word counted once), best first: BM25 times
   * the share of the question the clause covers (a coordination factor, as Lucene's classic scoring
   * has), so a clause answering all of the question beats a shorter one answering half of it.
   */
  search(queryTerms: readonly string[], limit = 5): Hit[] {
    return this.bm25(queryTerms)
      .slice(0, Math.max(limit * 4, 20))
      .map((h) => ({ ...h, score: h.score * this.coverage(queryTerms, h.matched) }))
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
      .slice(0, limit);
  }

  /** The clauses ranked by plain BM25. */
  bm25(queryTerms: readonly string[]): Hit[] {
    const scores = new Map<number, { score: number; matched: string[] }>();
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { doc, tf } of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / (this.avgLength || 1));
        const add = (idf * (tf * (this.k1 + 1))) / norm;
        const s = scores.get(doc);
        if (s) {
          s.score += add;
          s.matched.push(term);
        } else scores.set(doc, { score: add, matched: [term] });
      }
    }
    return [...scores.entries()]
      .map(([doc, s]) => ({ key: this.keys[doc]!, score: s.score, matched: s.matched }))
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  }

  /**
   * How much of the question a clause answers, 0..1: the share of the question's information (the sum
   * of its distinct words' idf) that the clause contains. A question about something no document
   * mentions keeps its unknown words (the server keeps only the unknown nouns: the subjects), each at
   * the highest idf, so it stays low.
   */
  /** The information (sum of idf) of the matched words. */
  information(matched: readonly string[]): number {
    return [...new Set(matched)].reduce((a, t) => a + this.idf(t), 0);
  }

  coverage(queryTerms: readonly string[], matched: readonly string[]): number {
    const distinct = [...new Set(queryTerms)];
    const total = distinct.reduce((a, t) => a + this.idf(t), 0);
    if (total === 0) return 0;
    const found = new Set(matched);
    return distinct.filter((t) => found.has(t)).reduce((a, t) => a + this.idf(t), 0) / total;
  }
}

/** Below this coverage the assistant says it cannot answer (tuned on the question set, bench/assistant.ts). */
export const ANSWER_THRESHOLD = 0.5;
/**
 * Nor does it answer when what the question and the clause share is too little to mean anything (the
 * sum of the matched words' idf): 养狗需要登记吗 shares only 登记 with a help section, which is not an answer.
 */
export const ANSWER_MIN_INFORMATION = 2.5;
/** A second clause is cited too when it scores at least this share of the best one. */
export const SECOND_CITATION_SHARE = 0.85;

/** The dues a question asks to compute: "月工资4500元交多少党费" → on_job, 450000 fen. */
export interface DuesQuestion {
  category: Exclude<DuesCategory, 'flat'>;
  baseFen: number;
  monthlyFen: number;
  rate: string;
  ruleId: string;
}

const CATEGORY_WORDS: Array<[RegExp, Exclude<DuesCategory, 'flat'>]> = [
  [/离退休|退休|养老金|离休/u, 'retiree'],
  [/年薪/u, 'annual_salary'],
  [/个体|私营|自由职业|经营|纯收入/u, 'self_employed'],
];

/**
 * A question about how much dues to pay on a stated income: it names 党费 and one amount in 元 (or 块,
 * or 万 / 千 元). Answered by the dues rule engine (D1–D3), not by text. Null when it is not such a
 * question or the amount cannot be read.
 */
export function parseDuesQuestion(normalized: string): DuesQuestion | null {
  if (!normalized.includes('党费')) return null;
  const m = /(\d+(?:\.\d{1,2})?)\s*(万|千)?\s*(元|块)/u.exec(normalized);
  if (!m) return null;
  const unit = m[2] === '万' ? 10000 : m[2] === '千' ? 1000 : 1;
  const baseFen = Math.round(Number(m[1]) * unit * 100);
  if (!Number.isSafeInteger(baseFen) || baseFen <= 0 || baseFen > MAX_DUES_BASE_FEN) return null;
  const category = CATEGORY_WORDS.find(([re]) => re.test(normalized))?.[1] ?? 'on_job';
  // an annual salary is not a monthly base (D2: the pay received that month): not computed from it
  if (category === 'annual_salary' && !/月/u.test(normalized)) return null;
  const quote = quoteDues({ category, baseFen });
  return { category, baseFen, monthlyFen: quote.monthlyFen, rate: quote.rate ?? '', ruleId: quote.rule.id };
}

/** 450000 → "4500.00" (yuan with two decimals, from integer fen). */
export function yuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
}
