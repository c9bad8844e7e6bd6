// The current trace id, for the request log line. Stays a no-op unless tracing started (tracing.ts), so
// without OTEL_EXPORTER_OTLP_ENDPOINT no OpenTelemetry module is ever loaded.
let read: () => string | undefined = () => undefined;

export function currentTraceId(): string | undefined {
  return read();
}

export function setTraceIdReader(reader: () => string | undefined): void {
  read = reader;
}
