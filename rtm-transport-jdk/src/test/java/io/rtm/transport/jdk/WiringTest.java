package io.rtm.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;
import io.rtm.transport.tck.LoopbackHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Discovery through ServiceLoader and wiring through Guice. */
class WiringTest {

    @Test
    void serviceLoaderFindsTheProviderNamedJdkWithPriority50BelowTheDefaultTransport() throws Exception {
        List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(providers).hasSize(1);
        TransportProvider provider = providers.get(0);
        assertThat(provider).isInstanceOf(JdkTransportProvider.class);
        assertThat(provider.name()).isEqualTo("jdk");
        assertThat(provider.priority()).isEqualTo(50).isLessThan(100);
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Transport transport = provider.create(TransportConfig.defaults())) {
            assertThat(transport).isInstanceOf(JdkHttpTransport.class);
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/sl")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleBindsOneWorkingTransportWithDefaultConfig() throws Exception {
        Injector injector = Guice.createInjector(new JdkTransportModule());
        Transport transport = injector.getInstance(Transport.class);
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); transport) {
            assertThat(transport).isInstanceOf(JdkHttpTransport.class).isSameAs(injector.getInstance(Transport.class));
            assertThat(transport.toString()).contains(TransportConfig.defaults().toString());
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/guice")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleUsesABoundTransportConfigAndCombinesWithAModuleThatSetsItsDefault() {
        TransportConfig custom = TransportConfig.builder().responseTimeout(Duration.ofMillis(1234)).build();
        Injector injector = Guice.createInjector(new JdkTransportModule(), new JdkTransportModule(), new AbstractModule() {
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

    @Test
    void builderRejectsNonsenseOptions() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> JdkHttpTransport.builder().maxResponseBytes(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> JdkHttpTransport.builder().closeGracePeriod(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeGracePeriod");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> JdkHttpTransport.builder().executor(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    }
}
