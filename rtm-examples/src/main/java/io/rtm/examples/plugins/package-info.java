/**
 * An example of custom {@link io.rtm.core.spi.Interceptor}s: an audit log
 * ({@link io.rtm.examples.plugins.AuditLogInterceptor}, per call, with secrets and payloads left out). Tracing and
 * W3C trace headers are rtm-opentelemetry's. See {@code docs/writing-a-plugin.md}.
 */
package io.rtm.examples.plugins;
