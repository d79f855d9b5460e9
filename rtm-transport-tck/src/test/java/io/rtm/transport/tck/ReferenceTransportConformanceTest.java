package io.rtm.transport.tck;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.util.Optional;
import java.util.Set;

/** The kit against its trivially correct reference transport: every test passes. */
class ReferenceTransportConformanceTest extends TransportConformanceSuite {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return new ReferenceTransport(config, Set.of());
    }

    @Override
    protected Optional<String> threadNamePrefix(Transport transport) {
        return Optional.of(((ReferenceTransport) transport).threadNamePrefix());
    }
}
