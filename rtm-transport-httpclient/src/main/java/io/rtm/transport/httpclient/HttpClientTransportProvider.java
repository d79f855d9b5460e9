package io.rtm.transport.httpclient;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;

/**
 * Makes {@link HttpClientTransport} discoverable through {@link java.util.ServiceLoader} under the name
 * {@value #NAME}, with priority {@value #PRIORITY} (the default transport). Stateless and thread-safe.
 */
public final class HttpClientTransportProvider implements TransportProvider {

    /** The provider's name, as {@code rtm.transport} / {@code RTM_TRANSPORT} select it. */
    public static final String NAME = "httpclient5";

    /** The provider's priority: the default transport's. */
    public static final int PRIORITY = 100;

    /** Creates the provider (ServiceLoader calls this). */
    public HttpClientTransportProvider() {
    }

    /** {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** {@value #PRIORITY}. */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /** A new, started {@link HttpClientTransport}; the caller owns it and closes it. */
    @Override
    public Transport create(TransportConfig config) {
        return HttpClientTransport.create(config);
    }
}
