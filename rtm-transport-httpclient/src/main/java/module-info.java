/**
 * The default {@link io.rtm.core.spi.Transport}, on Apache HttpClient 5 async, found by
 * {@link java.util.ServiceLoader} (name {@code httpclient5}); {@code HttpClientTransportModule} for Guice users
 * (Guice is optional).
 */
module io.rtm.transport.httpclient {
    requires transitive io.rtm.core;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
    // httpcore5, an automatic module, loads jdk.net.Sockets when it opens a socket; an automatic module reads only
    // modules that something resolved, and without this the I/O thread dies with NoClassDefFoundError
    requires jdk.net;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports io.rtm.transport.httpclient;

    provides io.rtm.core.spi.TransportProvider with io.rtm.transport.httpclient.HttpClientTransportProvider;
}
