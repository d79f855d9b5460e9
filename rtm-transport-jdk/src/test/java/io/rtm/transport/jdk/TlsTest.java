package io.rtm.transport.jdk;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.TlsConformanceSuite;

/** The conformance kit's TLS checks (trusted context, hostname verification, untrusted certificate). */
class TlsTest extends TlsConformanceSuite {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return JdkHttpTransport.create(config);
    }
}
