import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envInt, envString } from './env-parsers';

const absoluteUrl = (example: string) => envString().refine((v) => URL.canParse(v) && /^https?:/.test(v), `must be an absolute http(s) URL such as ${example}`);

// Metrics, tracing and error tracking: all off (and loading nothing) until configured.
export const observabilityConfig = defineConfig(
  'observability',
  z.object({
    // Bearer token for GET /metrics; unset, only loopback callers get an answer.
    METRICS_TOKEN: envString().min(16, 'must be at least 16 characters').optional(),
    // WORKERS=only has no HTTP server: with this port it serves GET /metrics (only) for Prometheus.
    METRICS_PORT: envInt(1, 65535).optional(),
    // OTLP/HTTP collector base URL (the SDK appends /v1/traces); unset, no tracing code is loaded.
    OTEL_EXPORTER_OTLP_ENDPOINT: absoluteUrl('http://otel-collector:4318').optional(),
    OTEL_SERVICE_NAME: envString().default('hotleads'),
    // Sentry (or a compatible service) DSN; unset, no error tracking code is loaded.
    SENTRY_DSN: absoluteUrl('https://key@o0.ingest.sentry.io/1').optional(),
    // The commit this build runs, shown by the system health (the Docker image sets it at build time).
    APP_COMMIT: envString().optional(),
  }),
);

export type ObservabilityConfig = ConfigOf<typeof observabilityConfig>;
