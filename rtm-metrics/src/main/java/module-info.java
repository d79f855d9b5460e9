/**
 * Micrometer instrumentation of the send pipeline ({@code RtmMetrics}); {@code MetricsModule} for Guice users
 * (Guice is optional).
 */
module io.rtm.metrics {
    requires transitive io.rtm.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires micrometer.commons;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports io.rtm.metrics;
}
