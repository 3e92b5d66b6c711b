/** Shapes of the Excel ledger imports every register shares (`…/import/preview`, `…/import/:batchId/commit`). */
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
