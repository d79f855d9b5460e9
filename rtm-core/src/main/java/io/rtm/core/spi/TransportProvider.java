package io.rtm.core.spi;

/**
 * Makes a {@link Transport} discoverable through {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.rtm.core.spi.TransportProvider}. Selection: an instance given to the builder
 * wins; else the provider named by {@code rtm.transport} (system property) or {@code RTM_TRANSPORT}
 * (environment); else the highest {@link #priority()}.
 */
public interface TransportProvider {

    /** A short unique name, e.g. {@code httpclient5} or {@code jdk}. */
    String name();

    /** Higher wins when nothing names a provider. The default transport uses 100. */
    int priority();

    /** Creates a transport; the caller owns it and closes it. */
    Transport create(TransportConfig config);
}
