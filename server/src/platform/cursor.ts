import { z } from 'zod';

/**
 * Keyset pages (API.md: long feeds answer `nextCursor`). A cursor is opaque to clients: base64url of
 * `{"d": "next" | "prev", "k": [sort key…, id]}`, the sort key of the row it continues from. Reading
 * the page after it is an index range scan from that key, so the last page costs what the first does
 * (OFFSET reads and throws away every row before the page).
 */

export type CursorKey = ReadonlyArray<string | number>;

export interface Cursor {
  /** `next`: the rows after `key` in the list's order; `prev`: the rows before it */
  direction: 'next' | 'prev';
  key: CursorKey;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ d: cursor.direction, k: cursor.key })).toString('base64url');
}

export function decodeCursor(text: string, arity: number): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { d?: unknown; k?: unknown };
    if (v.d !== 'next' && v.d !== 'prev') return null;
    if (!Array.isArray(v.k) || v.k.length !== arity) return null;
    if (!v.k.every((x) => typeof x === 'string' || (typeof x === 'number' && Number.isSafeInteger(x))))
      return null;
    return { direction: v.d, key: v.k as CursorKey };
  } catch {
    return null;
  }
}

/**
 * The `cursor` query parameter of a list keyed by `arity` values; `check` validates them (a bad one
 * answers 400 on the field `cursor`, never 500).
 */
export function cursorParam(arity: number, check: (key: CursorKey) => boolean) {
  return z
    .string()
    .transform((text, ctx) => {
      const c = decodeCursor(text, arity);
      if (!c || !check(c.key)) {
        ctx.addIssue({ code: 'custom', message: '分页游标无效，请从第一页重新浏览' });
        return z.NEVER;
      }
      return c;
    })
    .optional()
    .meta({ description: '上一页/下一页游标（取自上次回答的 nextCursor 或 prevCursor）；给出时忽略 page' });
}

/**
 * Shapes a keyset page read with one extra row: `rows` came in the direction of travel (reversed
 * for `prev`), at most `limit + 1` of them. Answers the page in list order and the cursors around it.
 */
export function keysetPage<R>(
  rows: R[],
  limit: number,
  cursor: Cursor | undefined,
  keyOf: (row: R) => CursorKey,
): { items: R[]; nextCursor: string | null; prevCursor: string | null } {
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const backwards = cursor?.direction === 'prev';
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // going forward there is a previous page when we came from a cursor; backward, a next page
  const hasNext = backwards ? true : more;
  const hasPrev = backwards ? more : cursor !== undefined;
  return {
    items: page,
    nextCursor: hasNext && last ? encodeCursor({ direction: 'next', key: keyOf(last) }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ direction: 'prev', key: keyOf(first) }) : null,
  };
}
