import type { Id } from './types';

/** 组团帮扶 (server/src/modules/pairing/schemas.ts). */
export type IncomeStatus = 'no_target' | 'unreported' | 'behind' | 'met';

export interface Income {
  status: IncomeStatus;
  statusLabel: string;
  percent: number | null;
  gapFen: number | null;
}

export interface PairingTeam {
  id: Id;
  name: string;
  areaOrgId: Id;
  areaName: string;
  leadOrgId: Id;
  leadName: string;
  pairingCount: number;
  canManage: boolean;
}

/** A year's figures: typed targets and actuals, the rest computed from the rows recorded. */
export interface YearFigures {
  visits: number;
  purchaseFen: number;
  plotMu: number;
  projects: number;
  incomeTargetFen: number | null;
  incomeActualFen: number | null;
  incomeSource: string | null;
  incomeOn: string | null;
  income: Income;
  aidTargetFen: number | null;
  aidActualFen: number | null;
}

export interface PairingFigures extends YearFigures {
  lastVisitOn: string | null;
  problems: number;
  problemsFiled: number;
  purchases: number;
}

export interface Pairing {
  id: Id;
  pairingTeamId: Id | null;
  teamName: string | null;
  helperOrgId: Id;
  helperName: string;
  villageOrgId: Id;
  villageName: string;
  fromYear: number;
  toYear: number | null;
  periodLabel: string;
  note: string;
  year: number;
  running: boolean;
  figures: PairingFigures;
  canRecord: boolean;
  canManage: boolean;
}

export interface PairingYear extends YearFigures {
  year: number;
}

export interface PairingVisit {
  id: Id;
  visitedOn: string;
  visitors: string;
  done: string;
  recordedByName: string | null;
  problems: Array<{
    id: Id;
    description: string;
    caseId: Id | null;
    caseState: string | null;
    caseStateLabel: string | null;
  }>;
}

export interface PairingPurchase {
  id: Id;
  kind: 'produce' | 'plot';
  kindLabel: string;
  item: string;
  quantity: number;
  unit: string;
  amountFen: number;
  buyer: string;
  purchasedOn: string;
}

export interface PairingDetail extends Pairing {
  years: PairingYear[];
  visits: PairingVisit[];
  purchases: PairingPurchase[];
  projects: Array<{
    year: number;
    projectId: Id;
    title: string;
    kindLabel: string;
    orgName: string;
    progress: number;
    plannedProgress: number;
    aheadPoints: number;
    scheduleLabel: string;
  }>;
}

export interface PairingOverview {
  year: number;
  totals: {
    pairings: number;
    villages: number;
    helpers: number;
    visits: number;
    problems: number;
    problemsFiled: number;
    purchaseFen: number;
    plotMu: number;
    projects: number;
    aidActualFen: number;
    incomeTargetFen: number;
    incomeActualFen: number;
    withTarget: number;
    met: number;
    behind: number;
    unreported: number;
  };
  behind: Array<{
    pairingId: Id;
    villageOrgId: Id;
    villageName: string;
    helperName: string;
    targetFen: number;
    actualFen: number | null;
    gapFen: number | null;
    percent: number | null;
    status: IncomeStatus;
    statusLabel: string;
  }>;
  byVillage: Array<{ pairingId: Id; villageName: string; targetFen: number; actualFen: number | null }>;
}

export const INCOME_COLORS: Record<IncomeStatus, string> = {
  met: 'green',
  behind: 'red',
  unreported: 'orange',
  no_target: 'default',
};

/** 中共厦门市同安区莲花镇上陵村支部委员会 → 上陵村 (chart labels). */
export function shortVillage(name: string): string {
  const m = /([^镇乡街道]+村)/.exec(name.replace(/^中共/, '').replace(/(支部|总支|党委).*$/, ''));
  return m?.[1] ?? name;
}
