import type { Id } from './types';

/** A figure of a home screen: its value, unit, definition (口径) and the list behind it. */
export interface Figure {
  key: string;
  label: string;
  unit: string;
  /** null: a rate with nothing to divide by */
  value: number | null;
  definition: string;
  /** the console address of the list it counts (`/m/…`: a phone page) */
  link: string;
  trend?: Array<{ month: string; value: number | null }>;
}

export interface RegionDashboard {
  org: { id: Id; name: string };
  month: string;
  asOf: string;
  figures: Figure[];
  children: Array<{
    orgId: Id;
    name: string;
    orgs: number;
    members: number | null;
    findingsOpen: number | null;
    duesRate: number | null;
    link: string;
  }>;
}

export interface HomeCard {
  key: 'region' | 'branch' | 'queue' | 'guidance' | 'alliance' | 'member' | 'enterprise' | 'citizen';
  title: string;
  org: { id: Id; name: string } | null;
  figures: Figure[];
}

export interface HomeAnswer {
  today: string;
  cards: HomeCard[];
}

/** A figure's value as people read it: 97.5%, 1,234 人, ¥ with two decimals, — for nothing. */
export function formatFigure(f: Pick<Figure, 'value' | 'unit'>): string {
  if (f.value === null) return '—';
  if (f.unit === '%') return `${f.value.toFixed(1)}%`;
  if (f.unit === '元')
    return f.value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return f.value.toLocaleString('zh-CN');
}

/**
 * Where a figure's list is on the phone: a phone page (`/m/…`), the queue, the reminders; anything else
 * is a console page (a secretary's meetings, dues and problems) and opens there.
 */
export function phoneLinkOf(f: Figure): { path: string; external: boolean } {
  if (f.link.startsWith('/m/')) return { path: f.link.slice(2), external: false };
  if (f.key === 'queueTodo' || f.key === 'queueOverdue') return { path: '/queue', external: false };
  if (f.link === '/reminders') return { path: '/reminders', external: false };
  return { path: f.link, external: true };
}
