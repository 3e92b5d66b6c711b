import type { Kysely, Transaction } from 'kysely';
import type { Actor } from './access.ts';
import type { DB } from './db/schema.ts';

/** What a service needs to know about the request it serves. */
export interface RequestContext {
  actor: Actor;
  ip: string;
  requestId: string;
}

export type Executor = Kysely<DB> | Transaction<DB>;
