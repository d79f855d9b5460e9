package io.rtm.metrics;

import static io.rtm.metrics.Clients.PEER_URI;
import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.RateLimit;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.PipelineAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** rtm.client.ratelimit.wait and rtm.client.ratelimit.rejected, from the local limiter's events. */
class RateLimitMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void eachAdmittedAttemptRecordsExactlyTheTimeTheLimiterMadeItWait() {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        // sees each attempt's wait as the metrics do: from the call's attributes, once the attempt is over
        Interceptor spy = chain -> chain.proceed(chain.request())
                .whenComplete((r, e) -> chain.call().attributes().get(PipelineAttributes.RATE_LIMIT_WAIT).ifPresent(waits::add));
        transport.respondSent().respondSent();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).addInterceptor(spy)
                .rateLimit(RateLimit.perSecond(4).withSafetyMargin(0)).buildAsync()) {
            CompletableFuture<?> first = c.sendPeer(Clients.peer());
            CompletableFuture<?> second = c.sendPeer(Clients.peer());
            assertThat(CompletableFuture.allOf(first, second)).succeedsWithin(Duration.ofSeconds(5));
        }
        Timer peer = registry.get(RtmMetrics.RATE_LIMIT_WAIT).tag(RtmMetrics.TAG_API, "peer").timer();
        assertThat(peer.count()).isEqualTo(2);
        assertThat(waits).hasSize(2);
        assertThat(waits).as("the second call waited for its slot").anySatisfy(d -> assertThat(d).isPositive());
        long sum = waits.stream().mapToLong(Duration::toNanos).sum();
        assertThat((long) peer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(sum);
        assertThat(registry.get(RtmMetrics.RATE_LIMIT_WAIT).tag(RtmMetrics.TAG_API, "channel").timer().count()).isZero();
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_REJECTED)).containsExactly(
                entry("api=channel", 0L), entry("api=channel_events", 0L), entry("api=history", 0L), entry("api=peer", 0L),
                entry("api=user_events", 0L));
    }

    @Test
    void aCallTheLimiterRefusesIsCountedAsRejectedAndSendsNoHttpRequest() {
        transport.respondSent();
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry)
                .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ofMillis(100))).buildAsync()) {
            assertThat(c.sendPeer(Clients.peer())).succeedsWithin(Duration.ofSeconds(5));
            assertThat(c.sendPeer(Clients.peer())).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(RtmLocalRateLimitException.class);
        }
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_REJECTED)).containsExactly(
                entry("api=channel", 0L), entry("api=channel_events", 0L), entry("api=history", 0L), entry("api=peer", 1L),
                entry("api=user_events", 0L));
        assertThat(series(registry, RtmMetrics.RATE_LIMIT_WAIT)).containsExactly(
                entry("api=channel", 0L), entry("api=channel_events", 0L), entry("api=history", 0L), entry("api=peer", 1L),
                entry("api=user_events", 0L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).as("only the request actually sent").containsExactly(
                entry("client.name=127.0.0.1,exception=none,method=POST,outcome=SUCCESS,status=200,uri=" + PEER_URI, 1L));
        // the refused call ends with the caller's RtmLocalRateLimitException, whose code is rate_limited
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L),
                entry("api=peer,code=rate_limited,exception=RtmLocalRateLimitException,outcome=UNKNOWN", 1L));
        assertThat(Meters.inflight(registry, "peer")).isZero();
    }
}
