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
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly pending = new WeakMap<object, string[]>();

  /** Calls `listener` after every statement that writes one of `tables`; returns the way to stop. */
  on(tables: readonly string[], listener: () => void): () => void {
    for (const t of tables) {
      const set = this.listeners.get(t) ?? new Set();
      this.listeners.set(t, set);
      set.add(listener);
    }
    return () => {
      for (const t of tables) this.listeners.get(t)?.delete(listener);
    };
  }

  transformQuery(args: PluginTransformQueryArgs) {
    if (this.listeners.size > 0) {
      const written = writtenTables(args.node).filter((t) => this.listeners.get(t)?.size);
      if (written.length) this.pending.set(args.queryId, written);
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const written = this.pending.get(args.queryId);
    if (written) {
      this.pending.delete(args.queryId);
      const fired = new Set<() => void>();
      for (const t of written) for (const l of this.listeners.get(t) ?? []) fired.add(l);
      for (const l of fired) l();
    }
    return args.result;
  }
}

const RAW_WRITE = /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?([a-z_][a-z0-9_]*)"?/gi;

/** The tables a statement writes: its target, or for raw SQL every `insert into`/`update`/`delete from` in it. */
export function writtenTables(node: OperationNode): string[] {
  if (InsertQueryNode.is(node)) return node.into ? [tableName(node.into)] : [];
  if (UpdateQueryNode.is(node)) return node.table ? [tableName(node.table)] : [];
  if (DeleteQueryNode.is(node)) return node.from.froms.map(tableName);
  if (RawNode.is(node))
    return [...node.sqlFragments.join(' ').matchAll(RAW_WRITE)].map((m) => m[1]!.toLowerCase());
  return [];
}

function tableName(node: OperationNode): string {
  const inner = AliasNode.is(node) ? node.node : node;
  return TableNode.is(inner) ? inner.table.identifier.name : '';
}
