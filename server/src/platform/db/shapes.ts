import { isDeepStrictEqual } from 'node:util';
import { type Compilable, type CompiledQuery, createQueryId } from 'kysely';
import type { Executor } from '../context.ts';
import { tableWrites } from './writes.ts';

/** Where a value of the statement's record goes: a parameter's place in a statement compiled once. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}
  read(values: unknown): unknown {
    let v = values;
    for (const k of this.path) v = (v as Record<string | number, unknown>)[k];
    if (v === undefined) throw new Error(`statement value ${this.path.join('.')} is undefined`);
    return v;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

const holdsSlot = (v: unknown): boolean =>
  v instanceof Slot ||
  (Array.isArray(v) ? v.some(holdsSlot) : isRecord(v) && Object.values(v).some(holdsSlot));

/**
 * The record with each value replaced by its slot. Plain objects, and arrays of plain objects (rows
 * whose number is part of the shape), are structure and kept; everything else (a string, a number, a
 * Date, a null, an array of values such as a `text[]` parameter) is one parameter.
 */
function slotted(value: unknown, path: (string | number)[]): unknown {
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, slotted(v, [...path, k])]));
  if (Array.isArray(value) && value.length > 0 && value.every(isRecord))
    return value.map((v, i) => slotted(v, [...path, i]));
  return new Slot(path);
}

/**
 * A hot statement built and compiled by Kysely once per shape instead of once per run (issue 11: the
 * intake's statement of four CTEs took 17% of the server's CPU samples in building and compiling
 * alone).
 *
 * `build(db, values, fixed)` makes the statement from a record of its values and the shape's constants.
 * It may branch on the shape (which the caller names: how many rows, which parts) and use `fixed` as it
 * is, and must not look at a value: the first build of a shape gets, in place of each value, its slot,
 * and a later run of the shape fills the compiled statement's slots from its own record.
 *
 * Only for a statement whose root is a select (its writes in CTEs): a root insert, update or delete
 * would tell `TableWrites` of its table when compiled, and a compiled statement run again would not.
 *
 * Checked: with `HONGLIAN_CHECK_STATEMENTS=1` (the integration and browser tiers set it) each run is also built and
 * compiled the ordinary way and must give the same text and parameters; a build that looked at a value,
 * or a shape that leaves something out, fails the test that ran it.
 */
export class CompiledShapes<V extends Record<string, unknown>, F, R> {
  readonly #compiled = new Map<string, CompiledQuery<R>>();
  readonly #check = process.env.HONGLIAN_CHECK_STATEMENTS === '1';

  constructor(
    private readonly build: (db: Executor, values: V, fixed: F) => Compilable<R>,
    private readonly maxShapes = 500,
  ) {}

  /** The statement for `values`, of the shape `shape` whose constants are `fixed`. */
  compile(db: Executor, shape: string, values: V, fixed: F): CompiledQuery<R> {
    let template = this.#compiled.get(shape);
    if (!template) {
      template = this.build(db, slotted(values, []) as V, fixed).compile();
      if (tableWrites(template.query).length > 0)
        throw new Error('CompiledShapes: a statement whose root writes a table is compiled each time');
      // a record or a list of records used as one parameter (a JSON value not stringified) was taken for
      // structure: its slots would travel to the database as they are
      if (template.parameters.some((p) => !(p instanceof Slot) && holdsSlot(p)))
        throw new Error('CompiledShapes: a parameter holds slots (pass a JSON value as text)');
      // a caller whose shape names grow with its values must not grow this map without end
      if (this.#compiled.size >= this.maxShapes) this.#compiled.clear();
      this.#compiled.set(shape, template);
    }
    const compiled: CompiledQuery<R> = {
      query: template.query,
      sql: template.sql,
      queryId: createQueryId(),
      parameters: template.parameters.map((p) => (p instanceof Slot ? p.read(values) : p)),
    };
    if (this.#check) {
      const direct = this.build(db, values, fixed).compile();
      if (direct.sql !== compiled.sql)
        throw new Error(
          `statement of shape ${shape}: its text differs from a direct build's\n${compiled.sql}\n${direct.sql}`,
        );
      const i = direct.parameters.findIndex((p, i) => !isDeepStrictEqual(p, compiled.parameters[i]));
      if (direct.parameters.length !== compiled.parameters.length)
        throw new Error(
          `statement of shape ${shape}: its number of parameters differs from a direct build's`,
        );
      if (i >= 0)
        throw new Error(
          `statement of shape ${shape}: parameter $${i + 1} differs from a direct build's (${String(compiled.parameters[i])} / ${String(direct.parameters[i])})`,
        );
    }
    return compiled;
  }
}
