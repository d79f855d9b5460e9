package io.rtm.transport.jdk;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.TransportConformanceSuite;
import java.util.Map;
import java.util.Optional;

/**
 * {@link JdkHttpTransport} against the Transport Conformance Kit. One known deviation: {@code java.net.http} reads
 * {@code HTTP/1.1 2000} as status 200 and skips a header line without a colon, and the transport never sees the raw
 * head, so it cannot refuse them.
 */
class JdkHttpTransportConformanceTest extends TransportConformanceSuite {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return JdkHttpTransport.create(config);
    }

    @Override
    protected Optional<String> threadNamePrefix(Transport transport) {
        return Optional.of(((JdkHttpTransport) transport).threadNamePrefix());
    }

    @Override
    protected Map<String, String> knownDeviations() {
        return Map.of("aStatusCodeOrHeaderLineHttpForbidsIsATypedFailure",
                "java.net.http reads a 4-digit status by its first 3 digits and skips header lines without a colon");
    }
}
