package io.rtm.core.events;

import static io.rtm.core.testsupport.Fixtures.builder;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmException;
import io.rtm.core.testsupport.Replies;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The poller: each batch once, in order, handed over before the next fetch; backoff while empty; within the quota; stopping. */
class EventPollerTest {

    private final ScriptedTransport transport = new ScriptedTransport();
    private final Recorder listener = new Recorder();

    /** Records batches (as "u0 Login" strings), failures and the threads the listener ran on. */
    static final class Recorder implements EventListener<UserEvent> {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        volatile long blockMillis;

        @Override
        public void onEvents(List<UserEvent> events) {
            threads.add(Thread.currentThread().getName());
            batches.add(events.stream().map(e -> e.userId() + " " + e.type()).collect(Collectors.toList()));
            if (blockMillis > 0) {
                sleep(blockMillis);
            }
        }

        @Override
        public void onFailure(RtmException failure, boolean eventsMayBeLost) {
            failures.add(failure.reason().value() + (eventsMayBeLost ? " lost" : ""));
        }
    }

    private static EventPollerOptions delays(long minMillis, long maxMillis) {
        return EventPollerOptions.builder().minDelay(Duration.ofMillis(minMillis)).maxDelay(Duration.ofMillis(maxMillis)).build();
    }

    private long gapMillis(int request) {
        return (transport.exchange(request).nanoTime() - transport.exchange(request - 1).nanoTime()) / 1_000_000;
    }

    @Test
    void deliversEachBatchOnceInOrderAndBacksOffWhileEmpty() {
        transport.respond(200, Replies.userEvents("Login", "Logout")).respond(200, Replies.NO_EVENTS)
                .respond(200, Replies.NO_EVENTS).respond(200, Replies.NO_EVENTS).respond(200, Replies.userEvents("Login"))
                .otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                        ScriptedTransport.response(200, Replies.NO_EVENTS)));
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener, delays(150, 600));
            await(() -> transport.calls() >= 6, "six fetches");
            poller.stop();
            assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(poller.batches()).isEqualTo(2);
            assertThat(poller.events()).isEqualTo(3);
            assertThat(poller.failures()).isZero();
        }
        assertThat(listener.batches).containsExactly(List.of("u0 Login", "u1 Logout"), List.of("u0 Login"));
        assertThat(listener.threads).allSatisfy(t -> assertThat(t).startsWith("rtm-completion-"));
        // 1 -> 2 after a batch: at once, paced by the 10/s limiter; then 150, 300, 600 ms while empty; at once again
        assertThat(gapMillis(2)).isGreaterThanOrEqualTo(150);
        assertThat(gapMillis(3)).isGreaterThanOrEqualTo(300);
        assertThat(gapMillis(4)).isGreaterThanOrEqualTo(600);
        assertThat(gapMillis(5)).as("back to no delay after a batch").isLessThan(600);
    }

    @Test
    void staysWithinTheQuotaOf10FetchesPerSecond() {
        transport.otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                ScriptedTransport.response(200, Replies.userEvents("Login"))));
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener);
            sleep(1_600);
            poller.stop();
            assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));
        }
        int n = transport.calls();
        assertThat(n).as("fetching as fast as the quota allows").isGreaterThanOrEqualTo(12);
        for (int i = 10; i < n; i++) {
            long windowNanos = transport.exchange(i).nanoTime() - transport.exchange(i - 10).nanoTime();
            assertThat(windowNanos).as("11 fetches %d..%d span at least one second", i - 10, i)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
        }
        assertThat(listener.batches).hasSize(n); // every batch delivered exactly once
    }

    @Test
    void theNextFetchWaitsUntilTheListenerReturned() {
        listener.blockMillis = 400;
        transport.respond(200, Replies.userEvents("Login")).respond(200, Replies.userEvents("Logout"))
                .otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                        ScriptedTransport.response(200, Replies.NO_EVENTS)));
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener, delays(1_000, 1_000));
            await(() -> transport.calls() >= 2, "a second fetch");
            assertThat(gapMillis(1)).isGreaterThanOrEqualTo(400);
            poller.stop();
            assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void stoppingNeverCancelsAFetchInFlightItsBatchIsStillDelivered() {
        transport.hang();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener);
            await(() -> transport.calls() == 1, "the fetch");
            poller.stop();
            assertThat(poller.isRunning()).isFalse();
            sleep(200);
            assertThat(poller.stopped()).isNotDone();
            transport.exchange(0).future().complete(ScriptedTransport.response(200, Replies.userEvents("Login")));
            assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));
            sleep(300);
        }
        assertThat(listener.batches).containsExactly(List.of("u0 Login"));
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void aFetchThatMayHaveReachedTheServiceIsCountedReportedAndPollingGoesOn() {
        transport.respond(503, "{\"result\":\"failed\",\"code\":\"unavailable\"}")
                .respond(429, "{\"result\":\"failed\",\"code\":\"rate_limited\"}", "Retry-After", "0")
                .respond(200, Replies.userEvents("Join"))
                .otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                        ScriptedTransport.response(200, Replies.NO_EVENTS)));
        try (RtmAsyncClient c = builder(transport).retryPolicy(io.rtm.core.RetryPolicy.none()).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener, delays(20, 20));
            await(() -> listener.batches.size() == 1, "the batch after the failures");
            assertThat(poller.failures()).isEqualTo(2);
            assertThat(poller.possiblyLostBatches()).isEqualTo(1);
            assertThat(poller.isRunning()).isTrue();
            poller.close();
        }
        assertThat(listener.failures).containsExactly("server_error lost", "rate_limited");
    }

    @Test
    void aFailureThatIsNotRetryableStopsThePollerWithIt() {
        transport.respond(401, "{\"result\":\"failed\",\"code\":\"invalid_credentials\"}");
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(listener);
            assertThat(poller.stopped()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(Exception.class)
                    .withCauseInstanceOf(RtmAuthenticationException.class);
            assertThat(poller.isRunning()).isFalse();
            sleep(300);
        }
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(listener.failures).containsExactly("authentication");
    }

    @Test
    void closingTheClientStopsItsPollers() {
        transport.otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                ScriptedTransport.response(200, Replies.NO_EVENTS)));
        RtmAsyncClient c = builder(transport).buildAsync();
        EventPoller poller = c.events().pollUserEvents(listener, delays(10_000, 10_000));
        await(() -> transport.calls() == 1, "the first fetch");
        long start = System.nanoTime();
        c.close();
        assertThat((System.nanoTime() - start) / 1_000_000).as("close does not wait for the poller's delay").isLessThan(2_000);
        assertThat(poller.stopped()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(poller.isRunning()).isFalse();
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(c.events().pollUserEvents(listener).stopped()).as("a closed client's poller never starts")
                .failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void aListenerThatThrowsDoesNotStopThePoller() {
        transport.respond(200, Replies.userEvents("Login")).respond(200, Replies.userEvents("Logout"))
                .otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(
                        ScriptedTransport.response(200, Replies.NO_EVENTS)));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            EventPoller poller = c.events().pollUserEvents(events -> {
                seen.add(events.get(0).type());
                throw new IllegalStateException("listener bug");
            });
            await(() -> seen.size() == 2, "both batches");
            poller.stop();
        }
        assertThat(seen).containsExactly("Login", "Logout");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            sleep(5);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
