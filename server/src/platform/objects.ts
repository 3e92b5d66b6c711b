/**
 * `{ ...row, ...fields }`, made by setting `fields` on `row` itself: for a wide row on a hot path.
 *
 * Node 20's V8 builds a literal that spreads an object and then adds fields through its slow path,
 * making new hidden classes each time: a case's detail (a 28-field list item spread, then 25 fields)
 * took 84–93 µs this way in the running server and ~1 µs by `Object.assign` (issue 11). `row` is
 * changed and must not be used as it was afterwards.
 */
export function assignInPlace<T extends object, U extends object>(row: T, fields: U): Omit<T, keyof U> & U {
  return Object.assign(row, fields) as unknown as Omit<T, keyof U> & U;
}

/** The keys of `T` whose values may be a Date (not those of any type at all: a JSON column's). */
export type DateKeys<T> = {
  [K in keyof T]-?: unknown extends T[K] ? never : Date extends T[K] ? K : never;
}[keyof T];

/**
 * A row that PostgreSQL sent as one JSON text (`row_to_json`), made what the driver would have made of
 * its columns: the timestamps named in `dates` become Dates (JSON carries them as ISO text with an offset).
 * Integers, `double precision`, booleans, text, `date` (text either way here) and JSON columns read the
 * same either way; `int8` must fit a number, as the driver's parser for it assumes too
 * (platform/db/database.ts). Not for `numeric` (the driver gives text, JSON a number) or `bytea`.
 * Called as `rowFromJson<Row, typeof LIST>`, a list that leaves out a timestamp of `Row` does not compile.
 */
export function rowFromJson<T, K extends readonly DateKeys<T>[]>(
  text: string,
  dates: [Exclude<DateKeys<T>, K[number]>] extends [never] ? K : { missing: Exclude<DateKeys<T>, K[number]> },
): T {
  const row = JSON.parse(text) as Record<PropertyKey, unknown>;
  for (const k of dates as K) {
    const v = row[k];
    if (typeof v === 'string') row[k] = new Date(v);
  }
  return row as T;
}
