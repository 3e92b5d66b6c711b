import type { Id } from '../../../api/types';

/** Answers of /api/v1/compliance/* and /api/v1/me/reminders (see the OpenAPI document). */
export interface RuleRef {
  code: string;
  version: number;
  name: string;
  source: string;
  article: string;
  citation: string;
  /** The article number is not confirmed: "[待核]" in `article` and `citation`. */
  uncertain: boolean;
}

export interface FindingItem {
  id: Id;
  rule: RuleRef;
  orgId: Id;
  orgName: string;
  subjectType: string;
  subjectId: Id;
  subjectName: string | null;
  aspect: string;
  period: string;
  severity: 'warning' | 'finding';
  severityLabel: string;
  status: 'open' | 'resolved';
  statusLabel: string;
  since: string | null;
  openedAt: string | null;
  lastSeenAt: string | null;
  resolvedAt: string | null;
  message: string;
  escalationLevel: number;
  escalatedAt: string | null;
  deadline: string | null;
}

export interface FindingDetail extends FindingItem {
  why: string | null;
  ruleDescription: string;
  mustAct: Array<{ userId: Id; name: string; orgName: string | null; kind: string; level: number }>;
  supervisingOrg: { id: Id; name: string } | null;
  events: Array<{
    id: Id;
    kind: string;
    kindLabel: string;
    actorName: string;
    body: string;
    at: string | null;
  }>;
  actions: string[];
}

export interface ListedOrg {
  orgId: Id;
  name: string;
  rate: number;
  findings: number;
}

export interface Overview {
  org: { id: Id; name: string };
  totals: {
    orgs: number;
    findings: number;
    warnings: number;
    escalated: number;
    resolved30: number;
    orgsWithFindings: number;
    compliantRate: number;
  };
  byRule: Array<RuleRef & { findings: number; warnings: number; orgs: number }>;
  byChild: Array<{
    orgId: Id;
    name: string;
    orgs: number;
    findings: number;
    warnings: number;
    escalated: number;
    orgsWithFindings: number;
    rate: number;
    rank: number;
  }>;
  red: ListedOrg[];
  black: ListedOrg[];
  definitions: Array<{ key: string; label: string; definition: string }>;
  canSupervise: boolean;
}

export interface PublishedList {
  id: Id;
  title: string;
  definition: string;
  red: ListedOrg[];
  black: ListedOrg[];
  publishedBy: string;
  publishedAt: string | null;
}

export interface ReminderItem {
  id: Id;
  kind: string;
  kindLabel: string;
  level: number;
  title: string;
  body: string;
  findingId: Id;
  createdAt: string | null;
  deliverAfter: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  /** The finding it is about: rule and article, why, since when, still open or resolved. */
  finding: {
    rule: RuleRef;
    orgId: Id;
    orgName: string;
    severity: 'warning' | 'finding';
    severityLabel: string;
    status: 'open' | 'resolved';
    statusLabel: string;
    since: string | null;
    why: string | null;
    escalationLevel: number;
    deadline: string | null;
    resolvedAt: string | null;
  };
}
