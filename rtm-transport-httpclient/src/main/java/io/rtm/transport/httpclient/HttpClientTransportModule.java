package io.rtm.transport.httpclient;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.util.Optional;

/**
 * Guice wiring: binds {@link Transport} to one {@link HttpClientTransport} (singleton) through an
 * {@link OptionalBinder}, built from the bound {@link TransportConfig} when there is one and
 * {@link TransportConfig#defaults()} otherwise. The injector's owner closes the transport.
 *
 * <p>It only declares the optional binding for {@code TransportConfig} (never a default), so it combines
 * with any module that sets one.
 */
public final class HttpClientTransportModule extends AbstractModule {

    /** Creates the module. */
    public HttpClientTransportModule() {
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), TransportConfig.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(HttpClientTransport.class);
    }

    @Provides
    @Singleton
    HttpClientTransport httpClientTransport(Optional<TransportConfig> config) {
        return HttpClientTransport.create(config.orElseGet(TransportConfig::defaults));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpClientTransportModule;
    }

    @Override
    public int hashCode() {
        return HttpClientTransportModule.class.hashCode();
    }
}
