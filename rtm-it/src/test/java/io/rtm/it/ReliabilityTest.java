package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmServiceTimeoutException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries, Retry-After, deadlines, cancellation and exactly-once completion, proved against the emulator's
 * fault injection over real loopback HTTP. Emulator request counts show what reached the service.
 */
class ReliabilityTest {

    private static final Duration FAST_BACKOFF = Duration.ofMillis(5);
    private static RtmEmulator emulator;
    private static EmulatorApp app;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(100_000).start();
        app = emulator.app();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(app.appId(), Faults.none());
    }

    private static RtmBuilder client(RetryPolicy policy) {
        return Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret()))
                .retryPolicy(policy).rateLimit(RateLimit.disabled())
                .responseTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(20));
    }

    private static RetryPolicy fast(RetryPolicy base) {
        return RetryPolicy.builder().maxAttempts(base.maxAttempts()).retryStatuses(base.retryStatuses())
                .retryMayHaveReached(base.retryMayHaveReached()).initialBackoff(Duration.ofMillis(1)).maxBackoff(FAST_BACKOFF).build();
    }

    private static PeerMessage peer(String to) {
        return PeerMessage.builder().from("alice").to(to).payload("hello").build();
    }

    @Test
    void defaultPolicyRetries500UpToThreeAttemptsAndKeepsEarlierFailures() {
        emulator.faults(app.appId(), Faults.builder().errorProbability(1.0).seed(1).build());
        try (RtmClient rtm = client(fast(RetryPolicy.defaults())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmServerException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(500);
                assertThat(e.code()).contains("internal_error");
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.retried()).isTrue();
                assertThat(e.getSuppressed()).filteredOn(s -> s instanceof RtmServerException).hasSize(2);
            });
        }
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(3);
        assertThat(emulator.accepted(app.appId())).isEmpty();
    }

    @Test
    void atMostOnceNeverRetriesAFailureThatMayHaveReachedTheService() {
        emulator.faults(app.appId(), Faults.builder().errorProbability(1.0).seed(1).build());
        try (RtmClient rtm = client(fast(RetryPolicy.atMostOnce())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmServerException.class,
                    e -> assertThat(e.attempts()).isEqualTo(1));
        }
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(1);
    }

    @Test
    void service408IsRetriedByDefault() {
        emulator.faults(app.appId(), Faults.builder().timeoutProbability(1.0).seed(1).build());
        try (RtmClient rtm = client(fast(RetryPolicy.defaults())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmServiceTimeoutException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(408);
                assertThat(e.mayHaveReachedService()).isTrue();
                assertThat(e.attempts()).isEqualTo(3);
            });
        }
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(3);
    }

    @Test
    void droppedConnectionAfterTheRequestIsRetriedByDefaultButNotAtMostOnce() {
        emulator.faults(app.appId(), Faults.builder().dropProbability(1.0).seed(1).build());
        try (RtmClient rtm = client(fast(RetryPolicy.atMostOnce())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmTransportException.class, e -> {
                assertThat(e.mayHaveReachedService()).isTrue();
                assertThat(e.attempts()).isEqualTo(1);
            });
        }
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(1);
        try (RtmClient rtm = client(fast(RetryPolicy.defaults())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmTransportException.class,
                    e -> assertThat(e.attempts()).isEqualTo(3));
        }
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(4);
    }

    @Test
    void connectFailuresAreRetriedEvenAtMostOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RtmClient rtm = Rtm.builder().endpoint("http://127.0.0.1:" + closedPort).appId(app.appId())
                .credentials(Credentials.basic("k", "s")).retryPolicy(fast(RetryPolicy.atMostOnce())).build()) {
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmTransportException.class, e -> {
                assertThat(e.mayHaveReachedService()).isFalse();
                assertThat(e.attempts()).isEqualTo(3);
            });
        }
    }

    @Test
    void retryAfterFromA429IsHonoured() {
        try (RtmEmulator strict = RtmEmulator.builder().rateLimitPerSecond(1).start();
             RtmClient rtm = Rtm.builder().endpoint(strict.baseUri().toString()).appId(strict.app().appId())
                     .credentials(Credentials.basic(strict.app().apiKey(), strict.app().apiSecret()))
                     .rateLimit(RateLimit.disabled()).build()) {
            rtm.sendPeer(peer("bob"));
            long start = System.nanoTime();
            SendResult second = rtm.sendPeer(peer("bob"));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(second.attempts()).isEqualTo(2);
            assertThat(waitedMs).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
            assertThat(strict.stats(strict.app().appId()).status(429)).isEqualTo(1);
        }
    }

    @Test
    void a429WithRetriesDisabledSurfacesRetryAfter() {
        try (RtmEmulator strict = RtmEmulator.builder().rateLimitPerSecond(1).start();
             RtmClient rtm = Rtm.builder().endpoint(strict.baseUri().toString()).appId(strict.app().appId())
                     .credentials(Credentials.basic(strict.app().apiKey(), strict.app().apiSecret()))
                     .retryPolicy(RetryPolicy.none()).rateLimit(RateLimit.disabled()).build()) {
            rtm.sendPeer(peer("bob"));
            assertThatThrownBy(() -> rtm.sendPeer(peer("bob"))).isInstanceOfSatisfying(RtmRateLimitedException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(429);
                assertThat(e.code()).contains("rate_limited");
                assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
            });
        }
    }

    @Test
    void theDeadlineBoundsTheWholeCallRetriesIncluded() {
        emulator.faults(app.appId(), Faults.builder().latency(Duration.ofSeconds(3)).seed(1).build());
        try (RtmAsyncClient rtm = client(fast(RetryPolicy.defaults())).buildAsync()) {
            long start = System.nanoTime();
            CompletableFuture<SendResult> f = rtm.sendPeer(peer("bob"), RequestOptions.builder().timeout(Duration.ofMillis(400)).build());
            assertThat(f).failsWithin(Duration.ofSeconds(3)).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RtmTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(350L, 2_000L);
        }
        awaitAccepted(1); // the emulator still finishes the delayed call: let it, so it can't leak into the next test
    }

    private static void awaitAccepted(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emulator.accepted(app.appId()).size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void cancellingTheFutureAbortsTheRequest() throws Exception {
        emulator.faults(app.appId(), Faults.builder().latency(Duration.ofSeconds(2)).seed(1).build());
        try (RtmAsyncClient rtm = client(fast(RetryPolicy.defaults())).buildAsync()) {
            CompletableFuture<SendResult> f = rtm.sendPeer(peer("bob"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (emulator.stats(app.appId()).requests() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(f.cancel(true)).isTrue();
            assertThat(f).isCancelled();
        }
        Thread.sleep(2_300);
        // the latency ran out after the client hung up: nothing was retried, nothing else was sent
        assertThat(emulator.stats(app.appId()).requests()).isEqualTo(1);
    }

    @Test
    void everyFutureCompletesExactlyOnceUnderMixedFaultsAndDuplicatesAreReportedThroughAttempts() {
        emulator.faults(app.appId(), Faults.builder().errorProbability(0.15).dropProbability(0.05)
                .afterAcceptErrorProbability(0.1).latency(Duration.ZERO, Duration.ofMillis(5)).seed(42).build());
        int n = 400;
        AtomicInteger completions = new AtomicInteger();
        AtomicInteger retriedSuccesses = new AtomicInteger();
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();
        try (RtmAsyncClient rtm = client(fast(RetryPolicy.builder().maxAttempts(5).build())).buildAsync()) {
            for (int i = 0; i < n; i++) {
                CompletableFuture<SendResult> f = rtm.sendPeer(peer("user-" + i));
                f.whenComplete((r, e) -> {
                    completions.incrementAndGet();
                    if (r != null && r.attempts() > 1) {
                        retriedSuccesses.incrementAndGet();
                    }
                });
                futures.add(f);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((v, e) -> null).join();
        }
        assertThat(completions.get()).isEqualTo(n);
        long accepted = emulator.accepted(app.appId()).size();
        long distinctDelivered = emulator.accepted(app.appId()).stream().map(m -> m.to()).distinct().count();
        // accepted-then-500 replies were retried: the service holds duplicates, and the results said attempts > 1
        assertThat(accepted).isGreaterThan(distinctDelivered);
        assertThat(retriedSuccesses.get()).isGreaterThanOrEqualTo((int) (accepted - distinctDelivered));
    }
}
