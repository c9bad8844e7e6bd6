import type { FastifyReply } from 'fastify';
import type { IdempotentOutcome } from './idempotency.service';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

// Applies the status chosen by the service (201 created, 200 merged or replayed) and marks replays.
export function sendOutcome<T>(reply: FastifyReply, outcome: IdempotentOutcome<T>): T {
  reply.status(outcome.status);
  if (outcome.replayed) reply.header(REPLAYED_HEADER, 'true');
  return outcome.body;
}
