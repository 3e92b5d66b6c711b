/**
 * The server's business date. The server sends it as `x-honglian-today` on every API answer (its one
 * clock, which a test run may set to a fixed day); the pages use it for "today" so that defaults,
 * date limits and the server's checks agree, whatever the browser's own clock or zone says.
 */
let serverToday: string | undefined;

export function noteServerToday(value: string | null): void {
  if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) serverToday = value;
}

/** The server's today, once any API answer has told it. */
export function knownServerToday(): string | undefined {
  return serverToday;
}
