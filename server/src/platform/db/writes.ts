import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  RawNode,
  TableNode,
  type UnknownRow,
  UpdateQueryNode,
} from 'kysely';

/**
 * Tells a process's in-memory copies that this process just wrote one of their tables. A cached thing
 * that another process may change has a version row (`VersionedCache`, checked at most once a second);
 * a write made here needs no wait: every statement passes this plugin, and when it inserts into,
 * updates or deletes from a watched table, its listeners run after the statement. A listener runs
 * before the transaction commits, so a concurrent reader may still load the old rows; the version row,
 * bumped in the same transaction, corrects that within a second.
 */
export class TableWrites implements KyselyPlugin {
  /** table → listener → the kinds of write it waits for (all of them when undefined) */
  private readonly listeners = new Map<string, Map<() => void, ReadonlySet<WriteKind> | undefined>>();
  private readonly pending = new WeakMap<object, TableWrite[]>();

  /**
   * Calls `listener` after every statement that writes one of `tables` (only deletes, say, with `kinds`);
   * returns the way to stop.
   */
  on(tables: readonly string[], listener: () => void, kinds?: readonly WriteKind[]): () => void {
    for (const t of tables) {
      const map = this.listeners.get(t) ?? new Map();
      this.listeners.set(t, map);
      map.set(listener, kinds ? new Set(kinds) : undefined);
    }
    return () => {
      for (const t of tables) this.listeners.get(t)?.delete(listener);
    };
  }

  transformQuery(args: PluginTransformQueryArgs) {
    if (this.listeners.size > 0) {
      const written = tableWrites(args.node).filter((w) => this.listeners.get(w.table)?.size);
      if (written.length) this.pending.set(args.queryId, written);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const written = this.pending.get(args.queryId);
    if (written) {
      this.pending.delete(args.queryId);
      const fired = new Set<() => void>();
      for (const w of written)
        for (const [l, kinds] of this.listeners.get(w.table) ?? [])
          if (!kinds || kinds.has(w.kind)) fired.add(l);
      for (const l of fired) l();
    }
    return args.result;
  }
}

export type WriteKind = 'insert' | 'update' | 'delete';
export interface TableWrite {
  table: string;
  kind: WriteKind;
}

const RAW_WRITE = /\b(insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?([a-z_][a-z0-9_]*)"?/gi;

/** The tables a statement writes: its target, or for raw SQL every `insert into`/`update`/`delete from` in it. */
export function writtenTables(node: OperationNode): string[] {
  return tableWrites(node).map((w) => w.table);
}

/** The same, with the kind of each write (a truncate counts as a delete). */
export function tableWrites(node: OperationNode): TableWrite[] {
  if (InsertQueryNode.is(node)) return node.into ? [{ table: tableName(node.into), kind: 'insert' }] : [];
  if (UpdateQueryNode.is(node)) return node.table ? [{ table: tableName(node.table), kind: 'update' }] : [];
  if (DeleteQueryNode.is(node)) return node.from.froms.map((f) => ({ table: tableName(f), kind: 'delete' }));
  if (RawNode.is(node))
    return [...node.sqlFragments.join(' ').matchAll(RAW_WRITE)].map((m) => ({
      table: m[2]!.toLowerCase(),
      kind: kindOf(m[1]!),
    }));
  return [];
}

function kindOf(verb: string): WriteKind {
  const v = verb.toLowerCase();
  return v.startsWith('insert') ? 'insert' : v.startsWith('update') ? 'update' : 'delete';
}

function tableName(node: OperationNode): string {
  const inner = AliasNode.is(node) ? node.node : node;
  return TableNode.is(inner) ? inner.table.identifier.name : '';
}
