package io.rtm.examples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.Credentials;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Transport;
import io.rtm.examples.plugins.AuditLogInterceptor;
import io.rtm.examples.plugins.AuditSink;
import java.util.Objects;

/**
 * The application's Guice module: the SDK from {@link RtmCoreModule}, and the application's choices layered on it
 * through the bindings the SDK declares replaceable — no {@code Modules.override}, no fork:
 * <ul>
 *   <li>{@link Credentials}: {@code OptionalBinder.setBinding()} (the SDK has no default; the authenticator is
 *       discovered for them, here rtm-auth's Basic or token authenticator);</li>
 *   <li>{@link Transport}: {@code OptionalBinder.setBinding()} replaces the discovered transport with
 *       {@link CountingTransport};</li>
 *   <li>{@link Interceptor}s: {@code Multibinder.addBinding()} adds the audit log (its per-call stage and its
 *       attempt counter);</li>
 *   <li>{@link AuditSink}: a default (SLF4J) set with {@code OptionalBinder.setDefault()}, so that a test or another
 *       module can {@code setBinding()} its own.</li>
 * </ul>
 * The client that {@code injector.getInstance(RtmAsyncClient.class)} returns is a singleton owned by the application:
 * close it when the application stops (it closes the transport).
 */
public final class AppModule extends AbstractModule {

    private final RtmConfig config;
    private final Credentials credentials;

    /** The module for this endpoint/App ID and these credentials. */
    public AppModule(RtmConfig config, Credentials credentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    protected void configure() {
        install(new RtmCoreModule(config));

        OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(credentials);

        // Replace the transport the SDK would discover. CountingTransport is a @Singleton, so the application can
        // inject it too and read its counters; the RTM client closes it.
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(CountingTransport.class);

        OptionalBinder.newOptionalBinder(binder(), AuditSink.class).setDefault().toInstance(AuditSink.slf4j());
        Multibinder<Interceptor> interceptors = Multibinder.newSetBinder(binder(), Interceptor.class);
        interceptors.addBinding().to(AuditLogInterceptor.class);
        interceptors.addBinding().to(AuditLogInterceptor.AttemptCounter.class);
    }

    @Override
    public String toString() {
        return "AppModule{" + config + ", credentials=" + credentials + '}';
    }
}
