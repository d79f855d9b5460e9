package io.rtm.metrics;

import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Phase;
import org.junit.jupiter.api.Test;

/** The options and the wiring entry points of RtmMetrics. */
class RtmMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void bindToReturnsTheSameBuilderWithTheInterceptorsAndListenerAdded() {
        RtmBuilder builder = Clients.builder(transport);
        assertThat(RtmMetrics.bindTo(builder, registry)).isSameAs(builder);
        transport.respondSent();
        try (RtmClient c = builder.build()) {
            c.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).hasSize(1);
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).hasSize(1);
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_WAIT)).containsEntry("api=peer", 1L);
    }

    @Test
    void exposesOnePerCallAndOnePerAttemptInterceptor() {
        RtmMetrics metrics = RtmMetrics.builder(registry).build();
        assertThat(metrics.callInterceptor().phase()).isEqualTo(Phase.PER_CALL);
        assertThat(metrics.attemptInterceptor().phase()).isEqualTo(Phase.PER_ATTEMPT);
    }

    @Test
    void registersTheGaugesAndRateLimitMetersAtBuildWithZeroes() {
        RtmMetrics.builder(registry).build();
        assertThat(Meters.inflight(registry, "peer")).isZero();
        assertThat(Meters.inflight(registry, "channel")).isZero();
        // every API of Operation.builtIn(), so dashboards see zeroes before the first call
        for (String meter : new String[] {RtmMetrics.RATE_LIMIT_REJECTED, RtmMetrics.RATE_LIMIT_WAIT}) {
            assertThat(series(registry, meter)).containsExactly(entry("api=channel", 0L), entry("api=channel_events", 0L),
                    entry("api=history", 0L), entry("api=peer", 0L), entry("api=user_events", 0L));
        }
        assertThat(Meters.inflight(registry, "history")).isZero();
        assertThat(series(registry, RtmMetrics.CALLS)).isEmpty();
    }

    @Test
    void addsExtraTagsToEveryMeterAndTheClientNameToHttpRequests() {
        transport.respondSent();
        RtmMetrics metrics = RtmMetrics.builder(registry).clientName("rtm-eu").extraTags(Tags.of("tenant", "t1")).build();
        try (RtmClient c = metrics.bindTo(Clients.builder(transport)).build()) {
            c.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS,tenant=t1", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(entry(
                "client.name=rtm-eu,exception=none,method=POST,outcome=SUCCESS,status=200,tenant=t1,uri=" + Clients.PEER_URI, 1L));
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_REJECTED)).containsOnlyKeys("api=channel,tenant=t1",
                "api=channel_events,tenant=t1", "api=history,tenant=t1", "api=peer,tenant=t1", "api=user_events,tenant=t1");
        assertThat(registry.get(RtmMetrics.INFLIGHT).tags("api", "peer", "tenant", "t1").gauge().value()).isZero();
    }

    @Test
    void rejectsAnExtraTagThatWouldShadowAnRtmTag() {
        assertThatThrownBy(() -> RtmMetrics.builder(registry).extraTags(Tags.of("api", "x")))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("extraTags").hasMessageContaining("\"api\"");
        assertThatThrownBy(() -> RtmMetrics.builder(registry).extraTags(Tags.of("client.name", "x")))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("\"client.name\"");
    }

    @Test
    void rejectsABlankClientName() {
        assertThatThrownBy(() -> RtmMetrics.builder(registry).clientName(" "))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("clientName");
        assertThatThrownBy(() -> RtmMetrics.builder(registry).clientName("a\nb"))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("clientName");
    }

    @Test
    void rejectsAKnownCodeOutsideSnakeCase() {
        assertThatThrownBy(() -> RtmMetrics.builder(registry).knownCodes("Message Queued"))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("knownCodes");
    }

    @Test
    void aRegistryThatFailsNeverFailsTheCall() {
        RtmMetrics metrics = RtmMetrics.builder(registry).build();
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("broken meter filter");
            }
        });
        transport.respondSent();
        try (RtmClient c = metrics.bindTo(Clients.builder(transport)).build()) {
            assertThat(c.sendPeer(Clients.peer()).code()).isEqualTo("message_sent");
        }
        assertThat(series(registry, RtmMetrics.CALLS)).isEmpty();
        assertThat(Meters.inflight(registry, "peer")).as("the gauge is still exact").isZero();
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> RtmMetrics.builder(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("registry");
        assertThatThrownBy(() -> RtmMetrics.builder(registry).build().bindTo(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("builder");
    }
}
