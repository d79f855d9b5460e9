package io.rtm.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Sender;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The automatic in-flight number: Little's law by itself, capped by the pool; a short queue at the limiter. */
class BulkSenderInFlightTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static PeerMessage template() {
        return PeerMessage.builder().from("news").to("placeholder").payload("hello").build();
    }

    private static List<String> users(int n) {
        return IntStream.range(0, n).mapToObj(i -> "u" + i).toList();
    }

    /** Answers every request with 200 message_sent after {@code latency}; counts requests at the transport. */
    private ScriptedTransport slowService(Duration latency, AtomicInteger atTransport, AtomicInteger peakAtTransport) {
        HttpResponse sent = ScriptedTransport.response(200, ScriptedTransport.SENT_BODY);
        return new ScriptedTransport().otherwise(r -> {
            peakAtTransport.accumulateAndGet(atTransport.incrementAndGet(), Math::max);
            CompletableFuture<HttpResponse> f = new CompletableFuture<>();
            timer.schedule(() -> {
                atTransport.decrementAndGet();
                f.complete(sent);
            }, latency.toNanos(), TimeUnit.NANOSECONDS);
            return f;
        });
    }

    @Test
    void automaticInFlightKeepsTheQuotaAtHalfASecondOfLatency() {
        AtomicInteger atTransport = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ScriptedTransport transport = slowService(Duration.ofMillis(500), atTransport, peak);
        try (RtmAsyncClient client = Fixtures.builder(transport).rateLimit(RateLimit.perSecond(200))
                .callTimeout(Duration.ofSeconds(30)).buildAsync()) {
            BulkSender bulk = BulkSender.builder(client).build();
            assertThat(bulk.automaticInFlight()).isTrue();
            BulkSummary s = bulk.fanOut(template(), users(500)).orTimeout(30, TimeUnit.SECONDS).join();

            assertThat(s.sent()).isEqualTo(500);
            List<ScriptedTransport.Exchange> ex = transport.exchanges();
            double seconds = (ex.get(ex.size() - 1).nanoTime() - ex.get(0).nanoTime()) / 1e9;
            // 200/s less the guard's 20 ms and the 0.5 % margin is 196/s; a fixed 64 in flight would give 128/s.
            // 0.9 leaves room for a loaded machine's late timers, still far above 128.
            assertThat(499 / seconds).as("requests per second at the transport").isGreaterThan(0.9 * 200);
            // Little's law: 200/s × 0.5 s = 100 at the transport, plus at most 32 waiting for a permit
            assertThat(peak.get()).as("peak at the transport").isBetween(90, 110);
            assertThat(s.peakInFlight()).isBetween(100, 100 + BulkSender.LIMITER_QUEUE + 10);
        }
    }

    @Test
    void automaticInFlightIsCappedByTheClientsConnectionsPerHost() {
        AtomicInteger atTransport = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ScriptedTransport transport = slowService(Duration.ofMillis(200), atTransport, peak);
        try (RtmAsyncClient client = Fixtures.builder(transport).maxConnections(40, 40).buildAsync()) {
            BulkSender bulk = BulkSender.builder(client).build();
            assertThat(bulk.maxInFlight()).isEqualTo(40);
            BulkSummary s = bulk.fanOut(template(), users(200)).orTimeout(30, TimeUnit.SECONDS).join();
            assertThat(s.sent()).isEqualTo(200);
            assertThat(s.peakInFlight()).isEqualTo(40);
            assertThat(peak.get()).isLessThanOrEqualTo(40);
        }
    }

    @Test
    void theDefaultCapIsAThousandInFlight() {
        try (RtmAsyncClient client = Fixtures.builder(new ScriptedTransport()).buildAsync()) {
            assertThat(BulkSender.builder(client).build().maxInFlight()).isEqualTo(BulkSender.DEFAULT_IN_FLIGHT_CAP).isEqualTo(1_000);
        }
    }

    @Test
    void onlyAShortQueueWaitsAtTheLimiterSoTheSourceIsReadAsFastAsPermitsAreGranted() throws Exception {
        ScriptedTransport transport = new ScriptedTransport().otherwise(r -> new CompletableFuture<>()); // never answers
        AtomicInteger pulled = new AtomicInteger();
        Iterable<String> endless = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                return "u" + pulled.incrementAndGet();
            }
        };
        try (RtmAsyncClient client = Fixtures.builder(transport).rateLimit(RateLimit.perSecond(10))
                .callTimeout(Duration.ofSeconds(30)).buildAsync()) {
            CompletableFuture<BulkSummary> run = BulkSender.builder(client).build().fanOut(template(), endless);
            Thread.sleep(1_000);
            int granted = transport.calls();
            assertThat(granted).as("10/s for about a second").isBetween(8, 12);
            // every message handed out either went to the transport or waits for its permit: at most 32 wait
            assertThat(pulled.get()).isEqualTo(granted + BulkSender.LIMITER_QUEUE);
            run.cancel(true);
        }
    }

    @Test
    void aSenderThatIsNotTheSdksClientGetsAFixedSixtyFour() {
        List<CompletableFuture<SendResult>> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sender decorator = new Sender() {
            @Override
            public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
                CompletableFuture<SendResult> f = new CompletableFuture<>();
                calls.add(f);
                return f;
            }

            @Override
            public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
                return sendPeer(null, o);
            }
        };
        BulkSender bulk = BulkSender.builder(decorator).build();
        assertThat(bulk.automaticInFlight()).isFalse();
        assertThat(bulk.maxInFlight()).isEqualTo(BulkSender.FALLBACK_IN_FLIGHT).isEqualTo(64);
        CompletableFuture<BulkSummary> run = bulk.fanOut(template(), users(1_000));
        assertThat(calls).hasSize(64);
        run.cancel(true);
    }

    @Test
    void aFixedMaxInFlightOverridesTheAutomaticNumberForTheSdksClientToo() throws Exception {
        ScriptedTransport transport = new ScriptedTransport().otherwise(r -> new CompletableFuture<>());
        try (RtmAsyncClient client = Fixtures.builder(transport).buildAsync()) {
            BulkSender bulk = BulkSender.builder(client).maxInFlight(7).build();
            assertThat(bulk.automaticInFlight()).isFalse();
            CompletableFuture<BulkSummary> run = bulk.fanOut(template(), users(100));
            Thread.sleep(300); // paced 2 ms apart: all 7 are at the transport long before
            assertThat(transport.calls()).isEqualTo(7);
            run.cancel(true);
        }
    }

    @Test
    void fansAChannelMessageOutToEveryChannel() {
        ScriptedTransport transport = new ScriptedTransport().respondSentForever();
        try (RtmAsyncClient client = Fixtures.builder(transport).buildAsync()) {
            ChannelMessage template = ChannelMessage.builder().from("ops").channel("x").payload("deploy at 5").build();
            BulkSummary s = BulkSender.builder(client).build().fanOut(template, List.of("eu", "us", "ap"), null)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(s.sent()).isEqualTo(3);
            assertThat(transport.exchanges()).extracting(e -> e.request().uri().getPath())
                    .allSatisfy(p -> assertThat(p).endsWith("/rtm/users/ops/channel_messages"));
            assertThat(transport.exchanges()).extracting(e -> new String(e.request().body(), java.nio.charset.StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(
                            "{\"channel_name\":\"eu\",\"enable_historical_messaging\":false,\"payload\":\"deploy at 5\"}",
                            "{\"channel_name\":\"us\",\"enable_historical_messaging\":false,\"payload\":\"deploy at 5\"}",
                            "{\"channel_name\":\"ap\",\"enable_historical_messaging\":false,\"payload\":\"deploy at 5\"}");
        }
    }
}
