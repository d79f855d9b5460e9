package io.rtm.transport.jdk;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;

/**
 * Makes {@link JdkHttpTransport} discoverable through {@link java.util.ServiceLoader} under the name
 * {@value #NAME}, with priority {@value #PRIORITY}: below the default transport (rtm-transport-httpclient,
 * 100), so with both on the class path the JDK one is used only when named ({@code -Drtm.transport=jdk} or
 * {@code RTM_TRANSPORT=jdk}). Stateless and thread-safe.
 */
public final class JdkTransportProvider implements TransportProvider {

    /** The provider's name, as {@code rtm.transport} / {@code RTM_TRANSPORT} select it. */
    public static final String NAME = "jdk";

    /** The provider's priority: below the default transport's 100. */
    public static final int PRIORITY = 50;

    /** Creates the provider (ServiceLoader calls this). */
    public JdkTransportProvider() {
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

    /** A new {@link JdkHttpTransport}; the caller owns it and closes it. */
    @Override
    public Transport create(TransportConfig config) {
        return JdkHttpTransport.create(config);
    }
}
