package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
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

/** Discovery through ServiceLoader and wiring through Guice. */
class WiringTest {

    @Test
    void serviceLoaderFindsTheProviderNamedHttpclient5WithPriority100() throws Exception {
        List<TransportProvider> providers = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(providers).hasSize(1);
        TransportProvider provider = providers.get(0);
        assertThat(provider).isInstanceOf(HttpClientTransportProvider.class);
        assertThat(provider.name()).isEqualTo("httpclient5");
        assertThat(provider.priority()).isEqualTo(100);
        try (RawHttpServer server = RawHttpServer.ok(); Transport transport = provider.create(TransportConfig.defaults())) {
            assertThat(transport).isInstanceOf(HttpClientTransport.class);
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/sl")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleBindsOneWorkingTransportWithDefaultConfig() throws Exception {
        Injector injector = Guice.createInjector(new HttpClientTransportModule());
        Transport transport = injector.getInstance(Transport.class);
        try (RawHttpServer server = RawHttpServer.ok(); transport) {
            assertThat(transport).isInstanceOf(HttpClientTransport.class).isSameAs(injector.getInstance(Transport.class));
            assertThat(transport.toString()).contains(TransportConfig.defaults().toString());
            assertThat(transport.execute(HttpRequest.builder().uri(server.uri("/guice")).build()).get(5, TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void guiceModuleUsesABoundTransportConfigAndCombinesWithAModuleThatSetsItsDefault() {
        TransportConfig custom = TransportConfig.builder().responseTimeout(Duration.ofMillis(1234)).build();
        Injector injector = Guice.createInjector(new HttpClientTransportModule(), new HttpClientTransportModule(), new AbstractModule() {
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
