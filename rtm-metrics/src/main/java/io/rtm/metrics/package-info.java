/** Micrometer instrumentation of the RTM send pipeline; start at {@link io.rtm.metrics.RtmMetrics}. */
package io.rtm.metrics;
