package io.rtm.core;

import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import io.rtm.core.testsupport.TestPlugins;
import io.rtm.core.testsupport.TestValidator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmBuilderTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    /** A module making the builder discover plugins of the named fixture only. */
    private static AbstractModule plugins(String fixture) {
        PluginLoader loader = new PluginLoader(Map.<String, String>of()::get, Map.<String, String>of()::get,
                fixture == null ? Fixtures.noPlugins() : Fixtures.pluginFixture(fixture));
        return new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), PluginLoader.class).setBinding().toInstance(loader);
            }
        };
    }

    @Test
    void requiresTheAppIdNamingTheOption() {
        assertThatThrownBy(() -> Rtm.builder().credentials(Credentials.basic("k", "s")).transport(transport).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("appId");
    }

    @Test
    void requiresCredentialsNamingTheOption() {
        assertThatThrownBy(() -> Rtm.builder().appId("app1").transport(transport).validator(TestValidator.acceptAll()).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("credentials are required")
                .hasMessageContaining(".credentials(Credentials.basic(");
    }

    @Test
    void refusesPlainHttpToANonLoopbackHost() {
        assertThatThrownBy(() -> Fixtures.builder(transport).endpoint("http://example.com").build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("example.com");
    }

    @Test
    void allowsPlainHttpToANonLoopbackHostWhenAsked() {
        transport.respondSent();
        try (RtmAsyncClient c = Fixtures.builder(transport).endpoint("http://rtm.example.com").allowInsecureHttp(true).buildAsync()) {
            resultOf(c.sendPeer(peer()));
        }
        assertThat(transport.request(0).uri().toString()).startsWith("http://rtm.example.com/dev/v2/project/app1/");
    }

    @Test
    void refusesAnEndpointThatIsNotAUriWithoutEchoingIt() {
        assertThatThrownBy(() -> Rtm.builder().endpoint("https://user:hunter 2@rtm.example.com"))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("endpoint is not a valid URI")
                .hasMessageNotContaining("hunter");
    }

    @Test
    void buildsWithGivenPartsWithoutDiscoveringAnyPlugin() {
        // No plugin anywhere: the given transport, validator and authenticator must be enough (no eager discovery).
        transport.respondSent();
        try (RtmClient c = Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).transport(transport)
                .validator(TestValidator.acceptAll()).authenticator(TestAuthenticator.basic())
                .addModule(plugins(null)).build()) {
            assertThat(c.sendPeer(peer()).attempts()).isEqualTo(1);
        }
    }

    @Test
    void buildsWithTheDefaultPluginLoaderWhenEveryPartIsGiven() {
        transport.respondSent();
        try (RtmClient c = Fixtures.builder(transport).credentials(Credentials.basic("k", "secret")).build()) {
            assertThat(c.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
    }

    @Test
    void namesTheAuthArtifactWhenNoAuthenticatorCanBeFound() {
        assertThatThrownBy(() -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).transport(transport)
                .validator(TestValidator.acceptAll()).credentials(Credentials.basic("k", "secret")).addModule(plugins(null)).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-auth");
    }

    @Test
    void namesTheTransportArtifactWhenNoTransportCanBeFound() {
        assertThatThrownBy(() -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).validator(TestValidator.acceptAll())
                .authenticator(TestAuthenticator.basic()).addModule(plugins(null)).buildAsync())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-transport-httpclient");
    }

    @Test
    void createsNoTransportWhenAnotherPluginIsMissing() {
        TestPlugins.CREATED_TRANSPORTS.clear();
        assertThatThrownBy(() -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).credentials(Credentials.basic("k", "secret"))
                .addModule(plugins("no-validator")).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-validation");
        assertThat(TestPlugins.CREATED_TRANSPORTS).isEmpty(); // nothing to leak
    }

    @Test
    void discoversEveryPartFromTheClassPath() {
        TestPlugins.CREATED_TRANSPORTS.clear();
        try (RtmClient c = Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT).credentials(Credentials.token("alice", "tok-123456"))
                .addModule(plugins("complete")).build()) {
            assertThat(c.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
        assertThat(TestPlugins.CREATED_TRANSPORTS).singleElement().satisfies(t -> assertThat(t.calls()).isEqualTo(1));
    }

    @Test
    void buildsIndependentClientsFromOneBuilder() {
        transport.respondSent();
        RtmBuilder builder = Fixtures.builder(transport);
        RtmAsyncClient first = builder.buildAsync();
        RtmAsyncClient second = builder.buildAsync();
        assertThat(first).isNotSameAs(second);
        first.close();
        assertThat(resultOf(second.sendPeer(peer())).attempts()).isEqualTo(1);
        second.close();
    }

    // Without addModule(...) the builder binds its parts directly (no OptionalBinder/Multibinder); with a module it
    // composes RtmCoreModule. The tests below hold both ways to the same behaviour.

    /** Runs the action with the named plugin fixture as the context class loader (the default PluginLoader's). */
    private static <T> T withContextPlugins(String fixture, java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Fixtures.pluginFixture(fixture));
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A module binding nothing: adding it makes the builder compose RtmCoreModule. */
    private static AbstractModule emptyModule() {
        return new AbstractModule() {
        };
    }

    @Test
    void discoversEveryPartWithTheDefaultPluginLoaderWhenNoModuleIsAdded() {
        TestPlugins.CREATED_TRANSPORTS.clear();
        try (RtmClient c = withContextPlugins("complete", () -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT)
                .credentials(Credentials.token("alice", "tok-123456")).build())) {
            assertThat(c.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
        assertThat(TestPlugins.CREATED_TRANSPORTS).singleElement().satisfies(t -> assertThat(t.calls()).isEqualTo(1));
    }

    @Test
    void createsNoTransportWhenTheValidatorIsMissingAndNoModuleIsAdded() {
        TestPlugins.CREATED_TRANSPORTS.clear();
        assertThatThrownBy(() -> withContextPlugins("no-validator", () -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT)
                .credentials(Credentials.basic("k", "secret")).build()))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-validation");
        assertThat(TestPlugins.CREATED_TRANSPORTS).isEmpty();
    }

    @Test
    void runsTheSameInterceptorAddedTwiceOnceWithOrWithoutAModule() {
        for (boolean withModule : new boolean[] {false, true}) {
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            io.rtm.core.spi.Interceptor counting = chain -> {
                runs.incrementAndGet();
                return chain.proceed(chain.request());
            };
            ScriptedTransport scripted = new ScriptedTransport();
            scripted.respondSent();
            RtmBuilder builder = Fixtures.builder(scripted).addInterceptor(counting).addInterceptor(counting);
            if (withModule) {
                builder.addModule(emptyModule());
            }
            try (RtmClient c = builder.build()) {
                c.sendPeer(peer());
            }
            assertThat(runs.get()).as("with a module: " + withModule).isEqualTo(1);
        }
    }

    @Test
    void runsOneOfTwoDistinctButEqualInterceptorsWithOrWithoutAModule() {
        for (boolean withModule : new boolean[] {false, true}) {
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            ScriptedTransport scripted = new ScriptedTransport();
            scripted.respondSent();
            RtmBuilder builder = Fixtures.builder(scripted)
                    .addInterceptor(new EqualInterceptor(runs)).addInterceptor(new EqualInterceptor(runs));
            if (withModule) {
                builder.addModule(emptyModule());
            }
            try (RtmClient c = builder.build()) {
                c.sendPeer(peer());
            }
            assertThat(runs.get()).as("with a module: " + withModule).isEqualTo(1);
        }
    }

    /** Counts its runs; every instance equals every other. */
    private static final class EqualInterceptor implements io.rtm.core.spi.Interceptor {
        private final java.util.concurrent.atomic.AtomicInteger runs;

        EqualInterceptor(java.util.concurrent.atomic.AtomicInteger runs) {
            this.runs = runs;
        }

        @Override
        public java.util.concurrent.CompletableFuture<io.rtm.core.spi.HttpResponse> intercept(io.rtm.core.spi.Chain chain) {
            runs.incrementAndGet();
            return chain.proceed(chain.request());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EqualInterceptor;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
