package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a transport plugin is found and wired: its {@link TransportProvider} is the one {@link ServiceLoader} finds
 * on the test class path, under the declared name and priority, and creates a working transport; its Guice module
 * binds one working transport (a singleton) with {@link TransportConfig#defaults()}, uses a bound
 * {@code TransportConfig}, and can be installed twice and next to a module that sets the config's default.
 * The transport's {@code toString()} must show its {@code TransportConfig}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class PluginWiringSuite {

    /** For subclasses. */
    protected PluginWiringSuite() {
    }

    /** The provider's {@link TransportProvider#name()}. */
    protected abstract String providerName();

    /** The provider's {@link TransportProvider#priority()}. */
    protected abstract int providerPriority();

    /** The class of the transport the provider and the module create. */
    protected abstract Class<? extends Transport> transportType();

    /** A new instance of the plugin's Guice module (binds {@code Transport}, reads an optional {@code TransportConfig}). */
    protected abstract Module guiceModule();

    @Test
    void serviceLoaderFindsTheOneProviderWithItsNameAndPriorityAndItCreatesAWorkingTransport() throws Exception {
        List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(providers).hasSize(1);
        TransportProvider provider = providers.get(0);
        assertThat(provider.name()).isEqualTo(providerName());
        assertThat(provider.priority()).isEqualTo(providerPriority());
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Transport transport = provider.create(TransportConfig.defaults())) {
            assertThat(transport).isInstanceOf(transportType());
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/sl")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleBindsOneWorkingTransportWithDefaultConfig() throws Exception {
        Injector injector = Guice.createInjector(guiceModule());
        Transport transport = injector.getInstance(Transport.class);
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); transport) {
            assertThat(transport).isInstanceOf(transportType()).isSameAs(injector.getInstance(Transport.class));
            assertThat(transport.toString()).contains(TransportConfig.defaults().toString());
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/guice")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleUsesABoundTransportConfigAndCombinesWithAModuleThatSetsItsDefault() {
        TransportConfig custom = TransportConfig.builder().responseTimeout(Duration.ofMillis(1234)).build();
        Injector injector = Guice.createInjector(guiceModule(), guiceModule(), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), TransportConfig.class).setDefault().toInstance(TransportConfig.defaults());
                OptionalBinder.newOptionalBinder(binder(), TransportConfig.class).setBinding().toInstance(custom);
            }
        });
        try (Transport transport = injector.getInstance(Transport.class)) {
            assertThat(transport.toString()).contains("responseTimeout=PT1.234S");
        }
    }
}
