// Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) must hook fastify, pg and http before they
// load, so the service itself is imported only after it started; without it nothing of
// OpenTelemetry is loaded.
import { startTelemetry } from '@bmm/telemetry';

await startTelemetry({ serviceName: 'bmm-oauth-as' });
await import('./main.js');
