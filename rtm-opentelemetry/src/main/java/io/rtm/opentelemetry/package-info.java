/** OpenTelemetry tracing of the RTM pipeline; start at {@link io.rtm.opentelemetry.RtmTracing}. */
package io.rtm.opentelemetry;
