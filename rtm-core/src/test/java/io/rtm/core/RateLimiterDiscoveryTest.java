package io.rtm.core;

import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import io.rtm.core.testsupport.TestPlugins;
import io.rtm.core.testsupport.TestPlugins.RecordingLimiter;
import io.rtm.core.testsupport.TestValidator;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link io.rtm.core.spi.RateLimiterProvider} found by ServiceLoader (the fixture "complete-fleet": providers
 * "fleet", configured by {@code rtm.test-fleet-url}, and "backup") makes the client's limiter, which the client closes;
 * a limiter given to the builder or bound in Guice wins and stays its giver's. Both wirings, builder and Guice.
 */
class RateLimiterDiscoveryTest {

    private static final Map<String, String> FLEET_ENV = Map.of("RTM_TEST_FLEET_URL", "x://fleet");

    private final ScriptedTransport transport = new ScriptedTransport().respondSentForever();

    @BeforeEach
    void clear() {
        TestPlugins.CREATED_LIMITERS.clear();
        TestPlugins.CREATED_TRANSPORTS.clear();
        TestPlugins.CREATED_TRANSPORT_NAMES.clear();
    }

    /** Runs the action with the named plugin fixture as the context class loader (the default PluginLoader's). */
    private static <T> T withPlugins(String fixture, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Fixtures.pluginFixture(fixture));
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private RtmBuilder builder(Map<String, String> environment) {
        return Fixtures.builder(transport).fromEnvironment(environment, new Properties());
    }

    @Test
    void aConfiguredProviderMakesTheLimiterEveryAttemptAcquiresAndTheClientClosesIt() {
        RtmClient client = withPlugins("complete-fleet", () -> builder(FLEET_ENV).build());
        RecordingLimiter limiter = TestPlugins.CREATED_LIMITERS.get(0);
        try (client) {
            client.sendPeer(peer());
            client.sendPeer(peer());
            assertThat(limiter.closed).isFalse();
        }
        assertThat(TestPlugins.CREATED_LIMITERS).singleElement().isSameAs(limiter);
        assertThat(limiter.provider).isEqualTo("fleet");
        assertThat(limiter.setting).as("read from fromEnvironment's sources").isEqualTo("x://fleet");
        assertThat(limiter.acquires).hasValue(2);
        assertThat(limiter.closed).as("closed with the client that made it").isTrue();
    }

    @Test
    void withoutAConfiguredProviderTheClientPacesLocallyAndCreatesNoLimiter() {
        try (RtmClient client = withPlugins("complete-fleet", () -> builder(Map.of()).build())) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).isEmpty();
    }

    @Test
    void aSystemPropertyConfiguresTheProviderWhenFromEnvironmentWasNotCalled() {
        System.setProperty("rtm.test-fleet-url", "x://from-property");
        try (RtmClient client = withPlugins("complete-fleet", () -> Fixtures.builder(transport).build())) {
            client.sendPeer(peer());
        } finally {
            System.clearProperty("rtm.test-fleet-url");
        }
        assertThat(TestPlugins.CREATED_LIMITERS).singleElement().satisfies(l -> {
            assertThat(l.setting).isEqualTo("x://from-property");
            assertThat(l.acquires).hasValue(1);
            assertThat(l.closed).isTrue();
        });
    }

    @Test
    void aGivenLimiterWinsOverAConfiguredProviderAndStaysTheCallers() {
        RecordingLimiter given = new RecordingLimiter("given", "");
        try (RtmClient client = withPlugins("complete-fleet", () -> builder(FLEET_ENV).rateLimiter(given).build())) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).isEmpty();
        assertThat(given.acquires).hasValue(1);
        assertThat(given.closed).isFalse();
    }

    @Test
    void noProviderIsAskedWhenRateLimitingIsDisabled() {
        try (RtmClient client = withPlugins("complete-fleet", () -> builder(Map.of("RTM_TEST_FLEET_URL", "x://fleet",
                "RTM_RATE_LIMITER", "nope")).rateLimit(RateLimit.disabled()).build())) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).isEmpty();
    }

    @Test
    void anUnknownRateLimiterNameFailsTheBuildBeforeAnythingIsMade() {
        assertThatThrownBy(() -> withPlugins("complete-fleet", () -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT)
                .credentials(Credentials.basic("k", "secret"))
                .fromEnvironment(Map.of("RTM_RATE_LIMITER", "nope"), new Properties()).build()))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("'nope'");
        assertThat(TestPlugins.CREATED_LIMITERS).isEmpty();
        assertThat(TestPlugins.CREATED_TRANSPORTS).isEmpty();
    }

    @Test
    void aLimiterMadeForAClientWhoseTransportIsMissingIsClosed() {
        assertThatThrownBy(() -> withPlugins("fleet-no-transport", () -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT)
                .credentials(Credentials.basic("k", "secret")).fromEnvironment(FLEET_ENV, new Properties()).build()))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-transport-httpclient");
        assertThat(TestPlugins.CREATED_LIMITERS).singleElement().satisfies(l -> assertThat(l.closed).isTrue());
    }

    @Test
    void fromEnvironmentsSourcesAlsoChooseTheTransport() {
        try (RtmClient client = withPlugins("complete-fleet", () -> Rtm.builder().appId("app1").endpoint(Fixtures.ENDPOINT)
                .validator(TestValidator.acceptAll()).authenticator(TestAuthenticator.basic())
                .fromEnvironment(Map.of("RTM_TRANSPORT", "low"), new Properties()).build())) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_TRANSPORT_NAMES).containsExactly("low");
    }

    @Test
    void theBuilderWithAModuleDiscoversTheSameWay() {
        RtmClient client = withPlugins("complete-fleet", () -> builder(FLEET_ENV).addModule(new AbstractModule() {
        }).build());
        try (client) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).singleElement().satisfies(l -> {
            assertThat(l.setting).isEqualTo("x://fleet");
            assertThat(l.acquires).hasValue(1);
            assertThat(l.closed).isTrue();
        });
    }

    @Test
    void rtmCoreModuleUsesABoundLimiterOverAConfiguredProviderAndLeavesItOpen() {
        RecordingLimiter bound = new RecordingLimiter("bound", "");
        RtmConfig config = RtmConfig.builder().appId("app1").endpoint(URI.create(Fixtures.ENDPOINT)).build();
        System.setProperty("rtm.test-fleet-url", "x://from-property");
        RtmClient client;
        try {
            client = withPlugins("complete-fleet", () -> Guice.createInjector(new RtmCoreModule(config), new AbstractModule() {
                @Override
                protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic("k", "secret"));
                    OptionalBinder.newOptionalBinder(binder(), RateLimiter.class).setBinding().toInstance(bound);
                }
            }).getInstance(RtmClient.class));
        } finally {
            System.clearProperty("rtm.test-fleet-url");
        }
        try (client) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).isEmpty();
        assertThat(bound.acquires).hasValue(1);
        assertThat(bound.closed).isFalse();
    }

    @Test
    void rtmCoreModuleDiscoversAConfiguredProviderWhenNoLimiterIsBound() {
        RtmConfig config = RtmConfig.builder().appId("app1").endpoint(URI.create(Fixtures.ENDPOINT)).build();
        System.setProperty("rtm.test-fleet-url", "x://from-property");
        RtmClient client;
        try {
            client = withPlugins("complete-fleet", () -> Guice.createInjector(new RtmCoreModule(config), new AbstractModule() {
                @Override
                protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic("k", "secret"));
                }
            }).getInstance(RtmClient.class));
        } finally {
            System.clearProperty("rtm.test-fleet-url");
        }
        try (client) {
            client.sendPeer(peer());
        }
        assertThat(TestPlugins.CREATED_LIMITERS).singleElement().satisfies(l -> {
            assertThat(l.acquires).hasValue(1);
            assertThat(l.closed).isTrue();
        });
    }
}
