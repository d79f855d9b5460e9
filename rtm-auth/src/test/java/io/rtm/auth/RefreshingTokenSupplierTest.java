package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.auth.token.RtmToken;
import io.rtm.auth.token.RtmTokenVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RefreshingTokenSupplierTest {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final String APP_ID = "0123456789abcdef0123456789abcdef";
    static final String CERT = "fedcba9876543210fedcba9876543210";

    final MutableClock clock = new MutableClock(T0);

    /** A fetcher whose every fetch is a future the test completes by hand. */
    static final class ManualFetcher implements Supplier<CompletionStage<IssuedToken>> {
        final Queue<CompletableFuture<IssuedToken>> fetches = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public CompletionStage<IssuedToken> get() {
            count.incrementAndGet();
            CompletableFuture<IssuedToken> f = new CompletableFuture<>();
            fetches.add(f);
            return f;
        }

        CompletableFuture<IssuedToken> next() {
            return fetches.remove();
        }
    }

    /** A fetcher issuing t1, t2, ... each valid for 10 minutes from the clock's now. */
    final class SequenceFetcher implements Supplier<CompletionStage<IssuedToken>> {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public CompletionStage<IssuedToken> get() {
            int n = count.incrementAndGet();
            return CompletableFuture.completedFuture(new IssuedToken("t" + n, clock.instant().plus(Duration.ofMinutes(10))));
        }
    }

    RefreshingTokenSupplier supplier(Supplier<CompletionStage<IssuedToken>> fetcher) {
        return RefreshingTokenSupplier.builder(fetcher).clock(clock).build();
    }

    static String now(CompletionStage<String> stage) {
        CompletableFuture<String> f = stage.toCompletableFuture();
        assertThat(f).isDone();
        return f.join();
    }

    @Test
    void fetchesOnFirstUseOnlyAndThenServesTheCachedToken() {
        SequenceFetcher fetcher = new SequenceFetcher();
        RefreshingTokenSupplier tokens = supplier(fetcher);
        assertThat(fetcher.count).hasValue(0);

        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(now(tokens.token()));
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(got).containsOnly("t1");
        assertThat(fetcher.count).hasValue(1);
    }

    @Test
    void refetchesOnceTheClockReachesTheRefreshMarginBeforeExpiry() {
        SequenceFetcher fetcher = new SequenceFetcher(); // expires at T0 + 10 min; margin 60 s
        RefreshingTokenSupplier tokens = supplier(fetcher);
        assertThat(now(tokens.token())).isEqualTo("t1");

        clock.set(T0.plus(Duration.ofMinutes(9)).minusSeconds(1));
        assertThat(now(tokens.token())).isEqualTo("t1");
        clock.set(T0.plus(Duration.ofMinutes(9)));
        assertThat(now(tokens.token())).isEqualTo("t2");
        assertThat(now(tokens.token())).isEqualTo("t2");

        assertThat(fetcher.count).hasValue(2);
    }

    @Test
    void honoursACustomRefreshMargin() {
        SequenceFetcher fetcher = new SequenceFetcher();
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.builder(fetcher).clock(clock)
                .refreshMargin(Duration.ofMinutes(2)).build();
        now(tokens.token());

        clock.set(T0.plus(Duration.ofMinutes(8)).minusNanos(1));
        assertThat(now(tokens.token())).isEqualTo("t1");
        clock.set(T0.plus(Duration.ofMinutes(8)));
        assertThat(now(tokens.token())).isEqualTo("t2");
    }

    @Test
    void aTokenShorterLivedThanTheMarginIsKeptForHalfItsLifetime() {
        AtomicInteger count = new AtomicInteger();
        RefreshingTokenSupplier tokens = supplier(() -> CompletableFuture.completedFuture(
                new IssuedToken("t" + count.incrementAndGet(), clock.instant().plusSeconds(30))));
        now(tokens.token());

        clock.advance(Duration.ofSeconds(14));
        assertThat(now(tokens.token())).isEqualTo("t1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(now(tokens.token())).isEqualTo("t2");
        assertThat(count).hasValue(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        ManualFetcher fetcher = new ManualFetcher();
        RefreshingTokenSupplier tokens = supplier(fetcher);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CompletionStage<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return tokens.token();
                }));
            }
            start.countDown();
            List<CompletableFuture<String>> stages = new ArrayList<>();
            for (Future<CompletionStage<String>> call : calls) {
                stages.add(call.get(10, TimeUnit.SECONDS).toCompletableFuture());
            }

            assertThat(fetcher.count).hasValue(1);
            assertThat(stages).noneMatch(CompletableFuture::isDone);

            fetcher.next().complete(new IssuedToken("shared", T0.plus(Duration.ofHours(1))));

            assertThat(stages).allMatch(s -> "shared".equals(s.getNow(null)));
            assertThat(now(tokens.token())).isEqualTo("shared");
            assertThat(fetcher.count).hasValue(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void invalidatingTheCurrentTokenMakesTheNextCallFetch() {
        SequenceFetcher fetcher = new SequenceFetcher();
        RefreshingTokenSupplier tokens = supplier(fetcher);
        assertThat(now(tokens.token())).isEqualTo("t1");

        tokens.invalidate("t1");

        assertThat(now(tokens.token())).isEqualTo("t2");
        assertThat(fetcher.count).hasValue(2);
    }

    @Test
    void invalidatingATokenThatIsNoLongerCurrentKeepsTheCurrentOne() {
        SequenceFetcher fetcher = new SequenceFetcher();
        RefreshingTokenSupplier tokens = supplier(fetcher);
        now(tokens.token());
        tokens.invalidate("t1");
        assertThat(now(tokens.token())).isEqualTo("t2");

        // late 401s for requests that carried t1
        tokens.invalidate("t1");
        tokens.invalidate("t1");

        assertThat(now(tokens.token())).isEqualTo("t2");
        assertThat(fetcher.count).hasValue(2);
    }

    @Test
    void aFailedFetchFailsItsWaitingCallersAndTheNextCallRetries() {
        ManualFetcher fetcher = new ManualFetcher();
        RefreshingTokenSupplier tokens = supplier(fetcher);
        CompletableFuture<String> a = tokens.token().toCompletableFuture();
        CompletableFuture<String> b = tokens.token().toCompletableFuture();
        IllegalStateException boom = new IllegalStateException("issuer down");

        fetcher.next().completeExceptionally(boom);

        assertThat(a).isCompletedExceptionally();
        assertThat(b).isCompletedExceptionally();
        assertThatThrownBy(a::join).isInstanceOf(CompletionException.class).cause().isSameAs(boom);
        assertThat(fetcher.count).hasValue(1);

        CompletableFuture<String> c = tokens.token().toCompletableFuture();
        assertThat(fetcher.count).hasValue(2);
        fetcher.next().complete(new IssuedToken("recovered", T0.plus(Duration.ofHours(1))));
        assertThat(c.join()).isEqualTo("recovered");
    }

    @Test
    void aFetcherThatThrowsFailsTheCallerAndTheNextCallRetries() {
        AtomicInteger count = new AtomicInteger();
        RefreshingTokenSupplier tokens = supplier(() -> {
            if (count.incrementAndGet() == 1) {
                throw new IllegalStateException("thrown");
            }
            return CompletableFuture.completedFuture(new IssuedToken("ok", T0.plus(Duration.ofHours(1))));
        });

        assertThatThrownBy(() -> tokens.token().toCompletableFuture().join()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(now(tokens.token())).isEqualTo("ok");
        assertThat(count).hasValue(2);
    }

    @Test
    void aFetcherCompletingWithNullFailsTheCaller() {
        RefreshingTokenSupplier tokens = supplier(() -> CompletableFuture.completedFuture(null));

        assertThatThrownBy(() -> tokens.token().toCompletableFuture().join()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFetchThatNeverCompletesTimesOutAndTheNextCallRetries() {
        ManualFetcher fetcher = new ManualFetcher();
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.builder(fetcher).clock(clock)
                .fetchTimeout(Duration.ofMillis(20)).build();

        assertThatThrownBy(() -> tokens.token().toCompletableFuture().join()).hasCauseInstanceOf(TimeoutException.class);

        CompletableFuture<String> again = tokens.token().toCompletableFuture();
        assertThat(fetcher.count).hasValue(2);
        fetcher.fetches.remove().complete(new IssuedToken("late", T0.plusSeconds(1)));
        fetcher.next().complete(new IssuedToken("fresh", T0.plus(Duration.ofHours(1))));
        assertThat(again.join()).isEqualTo("fresh");
    }

    @Test
    void selfIssuedMintsTokensTheVerifierAccepts() {
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ofMinutes(10), clock);

        String token = now(tokens.token());

        RtmToken verified = RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", clock.instant());
        assertThat(verified.loginExpireTs()).hasValue(T0.plus(Duration.ofMinutes(10)).getEpochSecond());
        assertThat(verified.ts()).isEqualTo(T0.plus(Duration.ofHours(24)).getEpochSecond());
    }

    @Test
    void selfIssuedMintsANewTokenInsideTheMargin() {
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ofMinutes(10), clock);
        String first = now(tokens.token());

        clock.advance(Duration.ofMinutes(8));
        assertThat(now(tokens.token())).isEqualTo(first);
        clock.advance(Duration.ofMinutes(1));
        String second = now(tokens.token());

        assertThat(second).isNotEqualTo(first);
        assertThat(RtmTokenVerifier.verify(second, APP_ID, CERT, "alice", clock.instant().plus(Duration.ofMinutes(9)))
                .loginExpireTs()).hasValue(T0.plus(Duration.ofMinutes(19)).getEpochSecond());
    }

    @Test
    void selfIssuedRejectsValidityOutsideOneSecondTo24Hours() {
        assertThatThrownBy(() -> RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ofHours(25), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("validity must be between 1 second and 24 hours");
        assertThatThrownBy(() -> RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("validity");
    }

    @Test
    void selfIssuedValidatesItsArgumentsUpFront() {
        assertThatThrownBy(() -> RefreshingTokenSupplier.selfIssued(APP_ID, "not-a-cert", "alice", Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("appCertificate")
                .message().doesNotContain("not-a-cert");
    }

    @Test
    void builderRejectsNegativeMarginAndNonPositiveTimeout() {
        RefreshingTokenSupplier.Builder b = RefreshingTokenSupplier.builder(new SequenceFetcher());

        assertThatThrownBy(() -> b.refreshMargin(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("refreshMargin");
        assertThatThrownBy(() -> b.fetchTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fetchTimeout");
    }

    @Test
    void isRefreshableSoAuthenticatorsRetryAfter401() {
        assertThat(supplier(new SequenceFetcher())).isInstanceOf(RefreshableTokenSupplier.class);
    }

    @Test
    void toStringShowsExpiryButNeverTheToken() {
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ofMinutes(10), clock);
        String token = now(tokens.token());

        assertThat(tokens.toString()).contains(T0.plus(Duration.ofMinutes(10)).toString())
                .doesNotContain(token).doesNotContain(CERT);
        assertThat(new IssuedToken(token, T0).toString()).doesNotContain(token).contains("<redacted>");
    }
}
