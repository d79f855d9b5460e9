package io.rtm.metrics;

import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.RateLimit;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MetricsModule next to RtmCoreModule: contributes both interceptors and the listener through the Multibinders. */
class MetricsModuleTest {

    private final RtmConfig config = RtmConfig.builder().appId(Clients.APP_ID).endpoint(URI.create(Clients.ENDPOINT)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    /** The application's parts; binds the MeterRegistry when {@code bindRegistry}. */
    private Module application(boolean bindRegistry) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                if (bindRegistry) {
                    bind(MeterRegistry.class).toInstance(registry);
                }
                OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().toInstance(transport);
                OptionalBinder.newOptionalBinder(binder(), Validator.class).setBinding().toInstance(Clients.ACCEPT_ALL);
                OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().toInstance(Clients.NO_AUTH);
                OptionalBinder.newOptionalBinder(binder(), RateLimit.class).setBinding().toInstance(RateLimit.disabled());
            }
        };
    }

    private void sendOnce(Injector injector) {
        transport.respondSent();
        try (RtmClient client = injector.getInstance(RtmClient.class)) {
            client.sendPeer(Clients.peer());
        }
    }

    @Test
    void takesTheMeterRegistryFromTheInjector() {
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new RtmCoreModule(config), new MetricsModule(), application(true));
        Set<Interceptor> interceptors = injector.getInstance(Key.get(new TypeLiteral<Set<Interceptor>>() { }));
        assertThat(interceptors).extracting(Interceptor::phase).containsExactlyInAnyOrder(Phase.PER_CALL, Phase.PER_ATTEMPT);

        sendOnce(injector);
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).hasSize(1).containsValue(1L);
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_WAIT)).containsEntry("api=peer", 1L);
    }

    @Test
    void usesTheRegistryOrInstrumentationGivenToItsConstructor() {
        RtmMetrics metrics = RtmMetrics.builder(registry).clientName("rtm-test").extraTags(Tags.of("tenant", "t1")).build();
        Injector injector = Guice.createInjector(new RtmCoreModule(config), new MetricsModule(metrics), application(false));
        sendOnce(injector);
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS,tenant=t1", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsOnlyKeys(
                "client.name=rtm-test,exception=none,method=POST,outcome=SUCCESS,status=200,tenant=t1,uri=" + Clients.PEER_URI);

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        Injector second = Guice.createInjector(new RtmCoreModule(config), new MetricsModule(other), application(false));
        sendOnce(second);
        assertThat(series(other, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
    }

    @Test
    void contributesTheObservationModeOfTheInstrumentationGivenToIt() {
        io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
        java.util.List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add(context.getName());
            }
        });
        RtmMetrics metrics = RtmMetrics.builder(registry).observationRegistry(observations).build();
        sendOnce(Guice.createInjector(new RtmCoreModule(config), new MetricsModule(metrics), application(false)));
        assertThat(stopped).containsExactly(RtmMetrics.HTTP_CLIENT_REQUESTS, RtmMetrics.CALLS);
        assertThat(series(registry, RtmMetrics.CALLS)).isEmpty(); // timed by the Observation, not twice
    }

    @Test
    void installingTheSameModuleTwiceCountsEachCallOnce() {
        Injector injector = Guice.createInjector(new RtmCoreModule(config), new MetricsModule(), new MetricsModule(),
                application(true));
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<Interceptor>>() { }))).hasSize(2);
        sendOnce(injector);
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
        assertThat(new MetricsModule(registry)).isEqualTo(new MetricsModule(registry)).isNotEqualTo(new MetricsModule());
    }

    @Test
    void worksThroughTheBuildersAddModule() {
        transport.respondSent();
        try (RtmClient client = Clients.builder(transport).addModule(new MetricsModule(registry)).build()) {
            client.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
    }
}
