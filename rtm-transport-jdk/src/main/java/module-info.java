/**
 * An alternative {@link io.rtm.core.spi.Transport} on {@code java.net.http}, found by
 * {@link java.util.ServiceLoader} (name {@code jdk}); {@code JdkTransportModule} for Guice users (Guice is optional).
 */
module io.rtm.transport.jdk {
    requires transitive io.rtm.core;
    requires java.net.http;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports io.rtm.transport.jdk;

    provides io.rtm.core.spi.TransportProvider with io.rtm.transport.jdk.JdkTransportProvider;
}
