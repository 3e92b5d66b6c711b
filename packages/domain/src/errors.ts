/**
 * The one error type the domain rules throw. `code` is a stable, dotted identifier from the
 * project's error catalogue (API.md "Errors"); `message` is the Chinese text shown to the user;
 * `field` names the request field that was wrong, so the server can turn the error into an
 * `errors[]` item of an `application/problem+json` answer without guessing.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: string;
  readonly field: string | undefined;

  // Plain fields rather than parameter properties, so the file also runs under Node's type stripping.
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** True for a `DomainError` (also across module copies, where `instanceof` can fail). */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError || (value instanceof Error && value.name === 'DomainError');
}

/** The failure half of the validators' results: the same `code`/`message` pair as `DomainError`. */
export interface ValidationFailure {
  ok: false;
  code: string;
  message: string;
}
