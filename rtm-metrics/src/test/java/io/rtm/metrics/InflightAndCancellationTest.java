package io.rtm.metrics;

import static io.rtm.metrics.Clients.PEER_URI;
import static io.rtm.metrics.Meters.inflight;
import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;

/** rtm.client.inflight goes up when a call starts and down exactly once when it ends, however it ends. */
class InflightAndCancellationTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void inflightCountsACallUntilItsResponseArrives() {
        transport.hang();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(Clients.peer());
            Clients.await(() -> transport.calls() == 1, "the request reached the transport");
            assertThat(inflight(registry, "peer")).isEqualTo(1.0);
            assertThat(inflight(registry, "channel")).isZero();

            transport.futures().get(0).complete(HttpResponse.of(200, HttpHeaders.empty(), ScriptedTransport.SENT));
            assertThat(f).succeedsWithin(Duration.ofSeconds(5));
        }
        assertThat(inflight(registry, "peer")).isZero();
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
    }

    @Test
    void cancellingACallInFlightReturnsInflightToZeroAndRecordsTheCancellation() {
        transport.hang();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(Clients.peer());
            Clients.await(() -> transport.calls() == 1, "the request reached the transport");
            assertThat(inflight(registry, "peer")).isEqualTo(1.0);

            assertThat(f.cancel(true)).isTrue();
            Clients.await(() -> inflight(registry, "peer") == 0.0, "the cancelled call left the gauge");
            assertThat(transport.futures().get(0)).as("the exchange was aborted").isCancelled();
        }
        assertThat(inflight(registry, "peer")).isZero();
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=none,exception=CancellationException,outcome=UNKNOWN", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(entry(
                "client.name=127.0.0.1,exception=CancellationException,method=POST,outcome=UNKNOWN,status=IO_ERROR,uri=" + PEER_URI, 1L));
    }

    @Test
    void aCallThatHitsItsDeadlineWithAnAttemptInFlightLeavesTheGaugeAndIsCountedOnce() {
        transport.hang();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport).callTimeout(Duration.ofMillis(100)), registry)
                .buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(Clients.peer());
            assertThat(f).failsWithin(Duration.ofSeconds(5));
            Clients.await(() -> inflight(registry, "peer") == 0.0, "the timed-out call left the gauge");
        }
        // rtm-core ends the per-call chain by cancelling it, so the exception tag is not pinned here
        assertThat(series(registry, RtmMetrics.CALLS)).hasSize(1).containsValue(1L)
                .hasKeySatisfying(new Condition<>(k -> k.endsWith("outcome=UNKNOWN"), "outcome UNKNOWN"));
    }

    @Test
    void closingTheClientWithACallInFlightLeavesTheGaugeAtZero() {
        transport.hang();
        RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync();
        CompletableFuture<SendResult> f = c.sendPeer(Clients.peer());
        Clients.await(() -> transport.calls() == 1, "the request reached the transport");
        c.close();
        assertThat(f).failsWithin(Duration.ofSeconds(5));
        Clients.await(() -> inflight(registry, "peer") == 0.0, "the aborted call left the gauge");
        assertThat(series(registry, RtmMetrics.CALLS).values()).containsExactly(1L);
    }

    @Test
    void cancellingACallDuringItsRetryWaitReturnsInflightToZero() {
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "3");
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(Clients.peer());
            // the 429 attempt is recorded just before the retry stage schedules the retry, 3 s away (the retries counter
            // counts only when the retry starts: too late to cancel during the wait)
            Clients.await(() -> registry.find(RtmMetrics.HTTP_CLIENT_REQUESTS).timer() != null, "the 429 attempt ended");
            assertThat(f.cancel(true)).isTrue();
            Clients.await(() -> inflight(registry, "peer") == 0.0, "the cancelled call left the gauge");
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsOnlyKeys(
                "api=peer,code=none,exception=CancellationException,outcome=UNKNOWN");
    }

    @Test
    void clientsOnOneRegistryShareTheInflightGauge() {
        ScriptedTransport other = new ScriptedTransport().hang();
        transport.hang();
        try (RtmAsyncClient a = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync();
             RtmAsyncClient b = RtmMetrics.bindTo(Clients.builder(other), registry).buildAsync()) {
            CompletableFuture<SendResult> fa = a.sendPeer(Clients.peer());
            CompletableFuture<SendResult> fb = b.sendPeer(Clients.peer());
            Clients.await(() -> transport.calls() == 1 && other.calls() == 1, "both requests were sent");
            assertThat(registry.find(RtmMetrics.INFLIGHT).tag(RtmMetrics.TAG_API, "peer").gauges()).hasSize(1);
            assertThat(inflight(registry, "peer")).isEqualTo(2.0);
            fa.cancel(true);
            Clients.await(() -> inflight(registry, "peer") == 1.0, "one call left");
            fb.cancel(true);
            Clients.await(() -> inflight(registry, "peer") == 0.0, "both calls left");
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=none,exception=CancellationException,outcome=UNKNOWN", 2L));
    }

    @Test
    void manyConcurrentCallsLeaveInflightAtZeroAndAreEachCountedOnce() {
        int n = 200;
        for (int i = 0; i < n; i++) {
            transport.respondSent();
        }
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync()) {
            CompletableFuture<?>[] all = new CompletableFuture<?>[n];
            for (int i = 0; i < n; i++) {
                all[i] = i % 2 == 0 ? c.sendPeer(Clients.peer()) : c.sendChannel(Clients.channel());
            }
            assertThat(CompletableFuture.allOf(all)).succeedsWithin(Duration.ofSeconds(10));
        }
        assertThat(inflight(registry, "peer")).isZero();
        assertThat(inflight(registry, "channel")).isZero();
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=channel,code=message_sent,exception=none,outcome=SUCCESS", 100L),
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 100L));
    }
}
