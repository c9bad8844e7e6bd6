import { existsSync } from 'node:fs';
import { observabilityConfig } from '../../config/observability.config';
import { setTraceIdReader } from './trace-id';

// OpenTelemetry tracing, started before anything it instruments is loaded (main.ts imports this first):
// the http, Fastify, pg and undici (fetch) instrumentations patch those modules as they are required.
// Without OTEL_EXPORTER_OTLP_ENDPOINT it returns at once and requires nothing.
export function startTracing(env: NodeJS.ProcessEnv = process.env): { shutdown(): Promise<void> } | undefined {
  // main.ts reads .env too, later; the endpoint may be set there.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = observabilityConfig.schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  // An invalid value is reported by the configuration check in main.ts, which then stops the start.
  if (!parsed.success || !parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: serviceName } = parsed.data;

  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { FastifyInstrumentation } = require('@opentelemetry/instrumentation-fastify') as typeof import('@opentelemetry/instrumentation-fastify');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { trace } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
    instrumentations: [
      // Health probes and scrapes every few seconds would drown the traces that matter.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') }),
      new FastifyInstrumentation(),
      // Statement text only, never the values (they are people's data).
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  setTraceIdReader(() => trace.getActiveSpan()?.spanContext().traceId);
  return { shutdown: () => sdk.shutdown() };
}
