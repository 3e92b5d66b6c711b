/** 问答助手 (server/src/modules/assistant/schemas.ts is the source; API.md "Questions" fixes the answer). */
import type { Id } from './types';

export interface AssistantCitation {
  source: string;
  article: string;
  quote: string;
}

export interface AssistantAnswer {
  answer: string;
  confidence: number;
  citations: AssistantCitation[];
  suggestCase: boolean;
}

export type AssistantDocumentKind = 'help' | 'rule_summary' | 'regulation' | 'policy';

export const DOCUMENT_KIND_LABELS: Record<AssistantDocumentKind, string> = {
  help: '使用帮助',
  rule_summary: '规则说明',
  regulation: '规定原文',
  policy: '政策文件',
};

export interface AssistantDocument {
  id: Id;
  code: string;
  title: string;
  kind: AssistantDocumentKind;
  issuer: string;
  effectiveFrom: string | null;
  supersededBy: { id: Id; title: string } | null;
  note: string;
  clauseCount: number;
}

export interface AssistantDocumentDetail extends AssistantDocument {
  clauses: Array<{ article: string; basis: string; text: string }>;
}

export interface AssistantQuestion {
  id: Id;
  question: string;
  confidence: number;
  answered: boolean;
  cited: string[];
  askedAt: string;
}

/** How sure an answer is, in words (confidence is the share of the question the cited clause covers). */
export function confidenceLabel(confidence: number): string {
  if (confidence >= 0.8) return '把握较大';
  if (confidence >= 0.5) return '仅供参考';
  return '未找到依据';
}

/** Questions shown as examples on the empty page: each is answered from the stored documents. */
export const EXAMPLE_QUESTIONS = [
  '月工资4500元，每月党费交多少？',
  '预备期可以延长吗？',
  '三会一课多久开一次？',
  '发展对象公示几天？',
  '工单办结后怎么评价？',
];
