/**
 * The transport conformance kit: abstract JUnit 5 suites a {@link io.rtm.core.spi.Transport} extends in its tests.
 * Opened to JUnit, which runs the suites' (package-private) test methods reflectively.
 */
module io.rtm.transport.tck {
    requires transitive io.rtm.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;
    requires jdk.httpserver;
    requires static com.google.guice;

    exports io.rtm.transport.tck;

    opens io.rtm.transport.tck to org.junit.platform.commons;
}
