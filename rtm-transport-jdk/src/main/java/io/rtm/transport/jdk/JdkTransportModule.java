package io.rtm.transport.jdk;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.util.Optional;

/**
 * Guice wiring: binds {@link Transport} to one {@link JdkHttpTransport} (singleton) through an
 * {@link OptionalBinder}, built from the bound {@link TransportConfig} when there is one and
 * {@link TransportConfig#defaults()} otherwise. The injector's owner closes the transport.
 *
 * <p>It only declares the optional binding for {@code TransportConfig} (never a default), so it combines
 * with any module that sets one. Install it instead of, not beside, another transport module: two modules
 * setting the {@code Transport} binding is a Guice error.
 */
public final class JdkTransportModule extends AbstractModule {

    /** Creates the module. */
    public JdkTransportModule() {
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), TransportConfig.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(JdkHttpTransport.class);
    }

    @Provides
    @Singleton
    JdkHttpTransport jdkHttpTransport(Optional<TransportConfig> config) {
        return JdkHttpTransport.create(config.orElseGet(TransportConfig::defaults));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JdkTransportModule;
    }

    @Override
    public int hashCode() {
        return JdkTransportModule.class.hashCode();
    }
}
