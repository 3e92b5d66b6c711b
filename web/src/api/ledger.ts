/**
 * Shapes of the Excel ledger imports every register shares (`…/import/preview`, `…/import/:batchId/commit`)
 * and of the export jobs (`/api/v1/exports/:id`).
 */
import type { Id } from './types';

export interface ImportProblem {
  column: string;
  code: string;
  message: string;
}

export interface ImportPreview {
  batchId: Id;
  fileName: string;
  totalRows: number;
  goodRows: number;
  badRows: number;
  toInsert: number;
  toUpdate: number;
  /** Organizations only: rows already registered under the same parent, left as they are. */
  unchanged?: number;
  state: 'previewed' | 'committed';
  errors: { row: number; name: string | null; problems: ImportProblem[] }[];
  errorsTruncated: boolean;
}

export interface ImportResult {
  batchId: Id;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

/** An export job (`POST …/exports`, `GET /api/v1/exports/:id`). */
export interface ExportJob {
  id: Id;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  note: string | null;
  rows: number | null;
  fileName: string | null;
  error: string | null;
}

/** Exports up to this many rows download at once; larger ones run as a job. */
export const EXPORT_DIRECT_LIMIT = 10_000;
