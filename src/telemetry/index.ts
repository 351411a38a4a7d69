/**
 * errata/telemetry: errors as telemetry. `otelErrors()` for OpenTelemetry (span,
 * log record, counter), `prometheusErrors(promClient)` for Prometheus, and
 * `errataBeforeSend` for Sentry; `onErrors(...)` joins hooks for a server adapter's
 * `onError`.
 */
export { type ErrorLabels, labelsOf, onErrors } from "./labels.js";
export { otelErrors } from "./otel.js";
export { type PromClientLike, prometheusErrors } from "./prometheus.js";
export { errataBeforeSend, type SentryEventLike } from "./sentry.js";
