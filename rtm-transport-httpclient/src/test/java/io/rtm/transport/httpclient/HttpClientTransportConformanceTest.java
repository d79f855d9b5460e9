package io.rtm.transport.httpclient;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.TransportConformanceSuite;
import java.util.Optional;

/** {@link HttpClientTransport} against the Transport Conformance Kit, with no known deviation. */
class HttpClientTransportConformanceTest extends TransportConformanceSuite {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return HttpClientTransport.create(config);
    }

    @Override
    protected Optional<String> threadNamePrefix(Transport transport) {
        return Optional.of(((HttpClientTransport) transport).threadNamePrefix());
    }
}
