package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.httpclient.HttpClientTransport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * Apache HttpClient 5 prints every request header, credentials included, through its own DEBUG loggers; it installs
 * them whenever they are enabled, so the transport cannot keep them quiet. It says so, once per transport built.
 */
class HttpClientLoggingTest {

    private static final String TRANSPORT_LOGGER = HttpClientTransport.class.getName();

    @Test
    void aTransportBuiltWhileHttpClientsHeaderLoggerIsAtDebugWarnsThatItPrintsCredentials() {
        List<CapturingLoggerProvider.Event> events;
        CapturingLoggerProvider.capture(); // every logger at TRACE, HttpClient's included
        try {
            HttpClientTransport.create(TransportConfig.defaults()).close();
        } finally {
            events = CapturingLoggerProvider.stop();
        }

        assertThat(events).filteredOn(e -> e.logger().equals(TRANSPORT_LOGGER) && e.level() == Level.WARN)
                .singleElement().satisfies(e -> assertThat(e.message())
                        .startsWith("Logger org.apache.hc.client5.http.headers is at DEBUG")
                        .contains("credentials included, in clear text")
                        .contains("org.apache.hc.client5.http.wire"));
    }

    @Test
    void aTransportBuiltWithHttpClientsLoggersAtInfoSaysNothing() {
        List<CapturingLoggerProvider.Event> events;
        CapturingLoggerProvider.captureAtInfo();
        try {
            HttpClientTransport.create(TransportConfig.defaults()).close();
        } finally {
            events = CapturingLoggerProvider.stop();
        }

        assertThat(events).filteredOn(e -> e.logger().equals(TRANSPORT_LOGGER)).isEmpty();
    }
}
