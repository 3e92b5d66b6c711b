/** Shapes of the bulletin answers (server/src/modules/bulletins/schemas.ts is the source). */
import type { Id } from './types';

export type BulletinStatus = 'queued' | 'generating' | 'ready' | 'failed';

export interface Bulletin {
  id: Id;
  orgId: Id;
  orgName: string;
  month: string;
  docNumber: string;
  title: string;
  issuedOn: string;
  asOf: string;
  trigger: 'scheduled' | 'on_demand';
  triggerLabel: string;
  status: BulletinStatus;
  statusLabel: string;
  supersedesId: Id | null;
  supersededBy: Id | null;
  error: string | null;
  createdAt: string;
  generatedAt: string | null;
  docxUrl: string | null;
  pdfUrl: string | null;
  docxBytes: number | null;
  pdfBytes: number | null;
  canIssue: boolean;
}

export interface BulletinPage {
  items: Bulletin[];
  total: number;
}

export const BULLETIN_STATUS_COLORS: Record<BulletinStatus, string> = {
  queued: 'default',
  generating: 'processing',
  ready: 'success',
  failed: 'error',
};
