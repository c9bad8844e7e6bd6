import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envInt } from './env-parsers';

// Live updates (GET /api/v1/events): how often a quiet stream says it is alive (and re-checks its
// credential), how long missed events stay replayable, and how many streams one user or key may hold.
export const liveConfig = defineConfig(
  'live',
  z.object({
    LIVE_HEARTBEAT_SECONDS: envInt(1, 300).default(15),
    LIVE_RETENTION_MINUTES: envInt(5, 7 * 24 * 60).default(60),
    LIVE_MAX_STREAMS_PER_PRINCIPAL: envInt(1, 1000).default(20),
  }),
);

export type LiveConfig = ConfigOf<typeof liveConfig>;
