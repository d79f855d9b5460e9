package io.rtm.core;

import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Transport;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestPlugins;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embedding with Guice: RtmCoreModule plus the application's own module, no Modules.override. */
class RtmCoreModuleTest {

    private final RtmConfig config = RtmConfig.builder().appId("app1").endpoint(URI.create(Fixtures.ENDPOINT)).build();
    private final ScriptedTransport transport = new ScriptedTransport();

    @BeforeEach
    void clearCreatedTransports() {
        TestPlugins.CREATED_TRANSPORTS.clear();
    }

    /** The application's module: binds credentials and overrides only the Transport. */
    private Module application(Interceptor... interceptors) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic("k", "secret"));
                OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().toInstance(transport);
                Multibinder<Interceptor> set = Multibinder.newSetBinder(binder(), Interceptor.class);
                for (Interceptor i : interceptors) {
                    set.addBinding().toInstance(i);
                }
            }
        };
    }

    /**
     * Runs with the "complete" fixture (a transport, an authenticator and a validator provider) as the context
     * class loader, which the module's default PluginLoader discovers plugins with.
     */
    private static <T> T withPlugins(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Fixtures.pluginFixture("complete"));
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void usesTheTransportTheApplicationBindsThroughTheOptionalBinder() {
        transport.respondSent();
        RtmClient client = withPlugins(() -> Guice.createInjector(new RtmCoreModule(config), application()).getInstance(RtmClient.class));
        try (client) {
            assertThat(client.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(transport.request(0).uri().toString()).startsWith(Fixtures.ENDPOINT + "/dev/v2/project/app1/");
        assertThat(TestPlugins.CREATED_TRANSPORTS).as("the discoverable transport is never created").isEmpty();
    }

    @Test
    void doesNotDiscoverAnOverriddenTransportEvenInProductionStage() {
        transport.respondSent();
        Injector injector = withPlugins(() -> Guice.createInjector(Stage.PRODUCTION, new RtmCoreModule(config), application()));
        try (RtmClient client = injector.getInstance(RtmClient.class)) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_TRANSPORTS).isEmpty();
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void runsAnInterceptorAddedThroughTheMultibinder() {
        AtomicInteger runs = new AtomicInteger();
        Interceptor counting = chain -> {
            runs.incrementAndGet();
            return chain.proceed(chain.request());
        };
        transport.respondSent();
        RtmClient client = withPlugins(() -> Guice.createInjector(new RtmCoreModule(config), application(counting)).getInstance(RtmClient.class));
        try (client) {
            client.sendPeer(peer());
        }
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void sharesOneAsyncClientBetweenBothFaces() {
        Injector injector = withPlugins(() -> Guice.createInjector(new RtmCoreModule(config), application()));
        RtmClient blocking = injector.getInstance(RtmClient.class);
        assertThat(blocking.async()).isSameAs(injector.getInstance(RtmAsyncClient.class));
        blocking.close();
    }

    @Test
    void discoversEveryDefaultWhenTheApplicationBindsOnlyCredentials() {
        Injector injector = withPlugins(() -> Guice.createInjector(new RtmCoreModule(config), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic("k", "secret"));
            }
        }));
        try (RtmClient client = withPlugins(() -> injector.getInstance(RtmClient.class))) {
            assertThat(client.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
        assertThat(TestPlugins.CREATED_TRANSPORTS).hasSize(1);
    }

    @Test
    void saysCredentialsAreRequiredWhenNeitherCredentialsNorAnAuthenticatorIsBound() {
        Injector injector = withPlugins(() -> Guice.createInjector(new RtmCoreModule(config)));
        assertThatThrownBy(() -> withPlugins(() -> injector.getInstance(RtmClient.class)))
                .isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(RtmConfigurationException.class)
                .rootCause().hasMessageContaining("credentials are required");
    }
}
