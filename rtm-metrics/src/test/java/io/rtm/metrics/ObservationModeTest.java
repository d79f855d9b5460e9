package io.rtm.metrics;

import static io.rtm.metrics.Clients.builder;
import static io.rtm.metrics.Clients.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** RtmMetrics' Observation mode: an Observation per call and per exchange, with the timers' names and tags. */
class ObservationModeTest {

    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final ScriptedTransport transport = new ScriptedTransport();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    ObservationModeTest() {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
    }

    private static Map<String, String> low(Observation.Context c) {
        return c.getLowCardinalityKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b, TreeMap::new));
    }

    private static Map<String, String> high(Observation.Context c) {
        return c.getHighCardinalityKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (a, b) -> b, TreeMap::new));
    }

    @Test
    void eachCallAndExchangeIsAnObservationNamedAndTaggedLikeItsTimer() {
        transport.respond(503, "{\"code\":\"busy\"}").respond(503, "{\"code\":\"busy\"}").respondSent();
        RtmMetrics metrics = RtmMetrics.builder(meters).observationRegistry(observations).build();
        try (RtmClient c = metrics.bindTo(builder(transport).retryPolicy(FAST)).build()) {
            c.sendPeer(peer());
        }
        assertThat(stopped).extracting(Observation.Context::getName).containsExactly(
                "http.client.requests", "http.client.requests", "http.client.requests", "rtm.client.calls");
        Observation.Context call = stopped.get(3);
        assertThat(call.getContextualName()).isEqualTo("send_peer");
        assertThat(low(call)).isEqualTo(Map.of("api", "peer", "outcome", "SUCCESS", "code", "message_sent", "exception", "none"));
        assertThat(high(call)).containsEntry("messaging.system", "rtm").containsEntry("messaging.operation.type", "send")
                .containsEntry("rtm.attempts", "3").containsEntry("rtm.delivery_code", "sent").containsEntry("rtm.request_id", "r-1");
        for (int i = 0; i < 3; i++) {
            Observation.Context exchange = stopped.get(i);
            assertThat(exchange.getParentObservation().getContextView()).isSameAs(call);
            assertThat(exchange.getContextualName()).isEqualTo("POST " + Clients.PEER_URI);
            assertThat(low(exchange)).isEqualTo(Map.of("method", "POST", "uri", Clients.PEER_URI,
                    "status", i < 2 ? "503" : "200", "outcome", i < 2 ? "SERVER_ERROR" : "SUCCESS", "exception", "none",
                    "client.name", "127.0.0.1"));
            assertThat(high(exchange)).containsEntry("url.template", Clients.PEER_URI)
                    .containsEntry("http.response.status_code", i < 2 ? "503" : "200");
        }
        assertThat(high(stopped.get(1))).containsEntry("http.request.resend_count", "1");
        // the timers are the Observations' (a meter handler's) now, not recorded twice
        assertThat(meters.find(RtmMetrics.CALLS).meters()).isEmpty();
        assertThat(meters.find(RtmMetrics.HTTP_CLIENT_REQUESTS).meters()).isEmpty();
        assertThat(meters.get(RtmMetrics.RETRIES).counter().count()).isEqualTo(2.0); // the other meters still are
    }

    @Test
    void aMeterHandlerMakesTheTimersWithTheSameNamesAndTagsAsRtmMetrics() {
        ObservationRegistry withMeters = ObservationRegistry.create();
        withMeters.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        transport.respondSent();
        try (RtmClient c = RtmMetrics.builder(meters).observationRegistry(withMeters).build().bindTo(builder(transport)).build()) {
            c.sendPeer(peer());
        }
        SimpleMeterRegistry direct = new SimpleMeterRegistry();
        ScriptedTransport other = new ScriptedTransport().respondSent();
        try (RtmClient c = RtmMetrics.bindTo(builder(other), direct).build()) {
            c.sendPeer(peer());
        }
        for (String name : List.of(RtmMetrics.CALLS, RtmMetrics.HTTP_CLIENT_REQUESTS)) {
            List<Tag> viaObservation = meters.get(name).timer().getId().getTags();
            List<Tag> viaTimer = direct.get(name).timer().getId().getTags();
            // the handler adds its own "error" tag; every tag of RtmMetrics' timer is there with the same value
            assertThat(viaObservation).containsAll(viaTimer).contains(Tag.of("error", "none")).hasSize(viaTimer.size() + 1);
            assertThat(meters.get(name).timer().count()).isEqualTo(1);
        }
        assertThat(meters.getMeters()).extracting(m -> m.getId().getName())
                .filteredOn(n -> n.startsWith("rtm.client.calls") || n.startsWith("http.client.requests"))
                .containsExactlyInAnyOrder(RtmMetrics.CALLS, RtmMetrics.HTTP_CLIENT_REQUESTS,
                        RtmMetrics.CALLS + ".active", RtmMetrics.HTTP_CLIENT_REQUESTS + ".active");
        assertThat(meters.getMeters()).noneMatch(m -> m.getId().getType() == Meter.Type.OTHER);
    }

    @Test
    void aCallRefusedByValidationIsAnObservationWithItsErrorAndNoExchange() {
        RtmMetrics metrics = RtmMetrics.builder(meters).observationRegistry(observations).build();
        try (RtmAsyncClient c = metrics.bindTo(builder(transport).validator(Clients.REJECT_ALL)).buildAsync()) {
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(5))
                    .withThrowableThat().havingCause().isInstanceOf(RtmValidationException.class);
        }
        assertThat(stopped).singleElement().satisfies(call -> {
            assertThat(call.getName()).isEqualTo(RtmMetrics.CALLS);
            assertThat(low(call)).containsEntry("exception", "RtmValidationException").containsEntry("outcome", "UNKNOWN");
            assertThat(call.getError()).hasMessage("RtmValidationException: invalid_input, attempts=0");
            assertThat(high(call)).containsEntry("error.type", "io.rtm.core.error.RtmValidationException");
        });
        assertThat(transport.calls()).isZero();
    }

    @Test
    void theCallersObservationIsTheCallsParentAndCurrentAgainInContinuations() {
        transport.hang();
        RtmMetrics metrics = RtmMetrics.builder(meters).observationRegistry(observations).build();
        Observation request = Observation.start("app.request", observations);
        java.util.concurrent.CompletableFuture<Observation> seen;
        try (RtmAsyncClient c = metrics.bindTo(builder(transport)).buildAsync()) {
            try (Observation.Scope ignored = request.openScope()) {
                seen = c.sendPeer(peer()).thenApply(r -> observations.getCurrentObservation());
            }
            transport.futures().get(0).complete(io.rtm.core.spi.HttpResponse.of(200,
                    io.rtm.core.spi.HttpHeaders.empty(), ScriptedTransport.SENT));
            assertThat(seen.join()).isSameAs(request);
        } finally {
            request.stop();
        }
        Observation.Context call = stopped.stream().filter(s -> s.getName().equals(RtmMetrics.CALLS)).findFirst().orElseThrow();
        assertThat(call.getParentObservation()).isSameAs(request);
    }
}
