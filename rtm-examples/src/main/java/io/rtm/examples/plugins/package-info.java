/**
 * Examples of custom {@link io.rtm.core.spi.Interceptor}s: an audit log
 * ({@link io.rtm.examples.plugins.AuditLogInterceptor}, per call, with secrets and payloads left out) and a W3C
 * trace header ({@link io.rtm.examples.plugins.TraceHeaderInterceptor}, per attempt). See
 * {@code docs/writing-a-plugin.md}.
 */
package io.rtm.examples.plugins;
