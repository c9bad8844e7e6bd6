import type { ObservabilityConfig } from '../../config/observability.config';

// What an error report may say about its request: ids, never an email, a body or a header.
export interface ErrorReportContext {
  requestId: string;
  userId?: string | null;
  tenantId?: string | null;
}

type Capture = (error: unknown, context: ErrorReportContext) => void;

let capture: Capture | undefined;
let flush: ((timeoutMs: number) => Promise<boolean>) | undefined;

// Sentry (@sentry/nestjs), loaded only with SENTRY_DSN. No default integrations: they would add request
// data, breadcrumbs of outgoing URLs and local variables; unhandled errors and rejections are added back.
// Each event carries its ids explicitly, and beforeSend drops anything else a future integration adds.
export async function startErrorReporting(config: ObservabilityConfig, release?: string): Promise<boolean> {
  if (!config.SENTRY_DSN) return false;
  const Sentry = await import('@sentry/nestjs');
  Sentry.init({
    dsn: config.SENTRY_DSN,
    release,
    sendDefaultPii: false,
    defaultIntegrations: false,
    integrations: [Sentry.onUncaughtExceptionIntegration(), Sentry.onUnhandledRejectionIntegration({ mode: 'warn' })],
    // Tracing is OpenTelemetry's business (tracing.ts), not Sentry's.
    skipOpenTelemetrySetup: true,
    beforeSend: (event) => {
      delete event.request;
      delete event.breadcrumbs;
      delete event.extra;
      if (event.user) event.user = event.user.id === undefined ? undefined : { id: event.user.id };
      return event;
    },
  });
  capture = (error, { requestId, userId, tenantId }) => {
    Sentry.captureException(error, { tags: { requestId, ...(tenantId ? { tenantId } : {}) }, user: userId ? { id: userId } : undefined });
  };
  flush = (timeoutMs) => Sentry.flush(timeoutMs);
  return true;
}

// Called for every unhandled error and 5xx answer (ProblemDetailsFilter); a no-op without SENTRY_DSN.
export function reportServerError(error: unknown, context: ErrorReportContext): void {
  capture?.(error, context);
}

export async function stopErrorReporting(timeoutMs = 2000): Promise<void> {
  await flush?.(timeoutMs);
  capture = undefined;
  flush = undefined;
}
