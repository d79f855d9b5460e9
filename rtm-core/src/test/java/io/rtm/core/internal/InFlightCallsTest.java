package io.rtm.core.internal;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Deadlines enforced by one sweep while calls are in flight, and nothing kept once they complete. */
class InFlightCallsTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void eachCallFailsAtItsOwnDeadlineNeverBeforeIt() {
        transport.hang().hang().hang();
        try (DefaultRtmAsyncClient c = (DefaultRtmAsyncClient) builder(transport).buildAsync()) {
            ConcurrentLinkedQueue<Long> order = new ConcurrentLinkedQueue<>();
            Map<Long, Long> elapsedMillis = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<CompletableFuture<SendResult>> calls = new ArrayList<>();
            for (long millis : new long[] {600, 150, 350}) {
                CompletableFuture<SendResult> f = c.sendPeer(peer(), RequestOptions.builder().timeout(Duration.ofMillis(millis)).build());
                f.whenComplete((r, e) -> {
                    elapsedMillis.put(millis, (System.nanoTime() - start) / 1_000_000);
                    order.add(millis);
                });
                calls.add(f);
            }
            for (CompletableFuture<SendResult> f : calls) {
                Throwable failure = failureOf(f);
                assertThat(failure).isInstanceOf(RtmTimeoutException.class);
                assertThat(((RtmTimeoutException) failure).kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE);
            }
            assertThat(order).containsExactly(150L, 350L, 600L);
            elapsedMillis.forEach((timeout, elapsed) -> assertThat(elapsed).as("call with timeout %d ms", timeout)
                    .isGreaterThanOrEqualTo(timeout));
            assertThat(transport.calls()).isEqualTo(3);
            // the call fails first (so its caller gets the deadline error), then its exchange is cancelled
            assertThat(eventually(() -> transport.exchanges().stream().allMatch(x -> x.future().isCancelled()))).isTrue();
        }
    }

    @Test
    void theSweepStopsWhenNothingIsInFlightAndStartsAgainWithTheNextCall() {
        transport.respondSentForever();
        try (DefaultRtmAsyncClient c = (DefaultRtmAsyncClient) builder(transport).buildAsync()) {
            assertThat(c.scheduler().pendingTasks()).isZero();
            for (int round = 0; round < 2; round++) {
                List<CompletableFuture<SendResult>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    calls.add(c.sendPeer(peer()));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
                // a completed call leaves the set in its own completion stage, which may run just after the caller's
                assertThat(eventually(() -> c.inFlight().size() == 0)).isTrue();
                // the running sweep sees an empty set at its next tick and does not reschedule itself
                assertThat(eventually(() -> c.scheduler().pendingTasks() == 0)).isTrue();
            }
            assertThat(transport.calls()).isEqualTo(400);
        }
    }

    @Test
    void aHangingCallKeepsTheSweepRunningUntilItsDeadline() throws InterruptedException {
        transport.hang();
        try (DefaultRtmAsyncClient c = (DefaultRtmAsyncClient) builder(transport).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer(), RequestOptions.builder().timeout(Duration.ofMillis(300)).build());
            Thread.sleep(100); // several ticks
            assertThat(f).isNotDone();
            assertThat(c.scheduler().pendingTasks()).isEqualTo(1);
            assertThat(failureOf(f)).isInstanceOf(RtmTimeoutException.class);
            assertThat(eventually(() -> c.inFlight().size() == 0)).isTrue();
            assertThat(eventually(() -> c.scheduler().pendingTasks() == 0)).isTrue();
        }
    }

    /** Polls for up to 5 s. */
    private static boolean eventually(BooleanSupplier condition) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
