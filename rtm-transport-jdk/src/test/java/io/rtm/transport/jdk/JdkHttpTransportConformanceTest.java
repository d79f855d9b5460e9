package io.rtm.transport.jdk;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.TransportConformanceSuite;
import java.util.Optional;

/**
 * {@link JdkHttpTransport} against the Transport Conformance Kit. On Java 17 the JDK client cannot close
 * idle connections before it is garbage collected, so that one check applies from Java 21 on (see
 * {@link JdkHttpTransport#close()}; {@code JdkHttpTransportTest} checks the Java 17 behaviour).
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
    protected boolean closeReleasesIdleConnections() {
        return Runtime.version().feature() >= 21;
    }
}
