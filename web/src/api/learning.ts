/** 学习 (server/src/modules/learning/schemas.ts is the source). */
import type { Id } from './types';

export type MaterialKind = 'article' | 'document' | 'video';

export interface LearningTopic {
  id: Id;
  name: string;
  description: string;
  orgId: Id | null;
  orgName: string;
  materialCount: number;
  manageable: boolean;
}

export interface MyRead {
  openedAt: string;
  progress: number;
  minutes: number;
  finishedAt: string | null;
}

export interface LearningMaterial {
  id: Id;
  kind: MaterialKind;
  kindLabel: string;
  title: string;
  source: string;
  url: string | null;
  topicId: Id | null;
  topicName: string | null;
  orgId: Id | null;
  orgName: string;
  publishedOn: string;
  estimatedMinutes: number;
  status: 'published' | 'withdrawn';
  manageable: boolean;
  my: MyRead | null;
}

export interface LearningMaterialDetail extends LearningMaterial {
  body: string;
}

export interface Reading {
  materialId: Id;
  progress: number;
  minutes: number;
  finishedAt: string | null;
}

export interface LearningAssignment {
  id: Id;
  title: string;
  note: string;
  orgId: Id;
  orgName: string;
  materialId: Id | null;
  topicId: Id | null;
  target: 'org' | 'members';
  assignedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  overdue: boolean;
  status: 'active' | 'withdrawn';
  reached: number;
  finished: number;
  rate: number;
}

export type CompletionState = 'on_time' | 'late' | 'overdue' | 'pending';

export interface LearningAssignmentDetail extends LearningAssignment {
  members: Array<{
    memberId: Id;
    name: string;
    orgId: Id;
    orgName: string;
    materials: number;
    finishedMaterials: number;
    progress: number;
    minutes: number;
    finishedAt: string | null;
    state: CompletionState;
  }>;
  branches: Array<{ orgId: Id; orgName: string; reached: number; finished: number; rate: number }>;
}

export interface StudyRecord {
  memberId: Id;
  name: string;
  orgName: string;
  assigned: Array<{
    assignmentId: Id;
    title: string;
    note: string;
    orgName: string;
    assignedOn: string;
    dueOn: string;
    dueProvisional: boolean;
    materialId: Id;
    materialTitle: string;
    kind: MaterialKind;
    kindLabel: string;
    estimatedMinutes: number;
    progress: number;
    finishedAt: string | null;
    overdue: boolean;
  }>;
  reads: Array<{
    materialId: Id;
    title: string;
    kind: MaterialKind;
    kindLabel: string;
    topicName: string | null;
    openedAt: string;
    lastReadAt: string;
    progress: number;
    minutes: number;
    finishedAt: string | null;
    dueOn: string | null;
    counted: boolean;
    countReason: string;
  }>;
  summary: { finished: number; minutes: number; assignedOpen: number };
  orgLife: {
    year: number;
    counts: boolean;
    countedMinutes: number;
    creditedHours: number;
    capHours: number;
    targetHours: number;
    minutesPerHour: number;
    basis: string;
  };
}

export const COMPLETION_STATE: Record<CompletionState, { label: string; color: string }> = {
  on_time: { label: '按期完成', color: 'success' },
  late: { label: '逾期完成', color: 'warning' },
  overdue: { label: '逾期未完成', color: 'error' },
  pending: { label: '未完成', color: 'default' },
};
