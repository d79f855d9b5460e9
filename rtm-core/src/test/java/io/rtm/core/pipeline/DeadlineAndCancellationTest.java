package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The call deadline, cancellation by the caller, and that every future completes exactly once. */
class DeadlineAndCancellationTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void failsWithADeadlineTimeoutAndCancelsTheTransportFuture() {
        transport.hang();
        try (RtmAsyncClient c = builder(transport).callTimeout(Duration.ofMillis(200)).buildAsync()) {
            Throwable failure = failureOf(c.sendPeer(peer()));
            assertThat(failure).isExactlyInstanceOf(RtmTimeoutException.class);
            RtmTimeoutException e = (RtmTimeoutException) failure;
            assertThat(e.kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE);
            assertThat(e.mayHaveReachedService()).isTrue();
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.getMessage()).contains("PT0.2S");
        }
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(transport.exchange(0).future()).isCancelled();
    }

    @Test
    void deadlineErrorCarriesTheEarlierFailuresAndIsNotRetried() {
        transport.respond(503, "").hang();
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = builder(transport).retryPolicy(fast).callTimeout(Duration.ofMillis(300)).buildAsync()) {
            RtmTimeoutException e = (RtmTimeoutException) failureOf(c.sendPeer(peer()));
            assertThat(e.kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(RtmServerException.class);
        }
        assertThat(transport.calls()).isEqualTo(2);
        assertThat(transport.exchange(1).future()).isCancelled();
    }

    @Test
    void cancellingTheReturnedFutureCancelsTheTransportFuture() {
        transport.hang();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(f.cancel(true)).isTrue();
            assertThat(f).isCancelled();
        }
        assertThat(transport.exchange(0).future()).isCancelled();
    }

    @Test
    void cancellingDuringARetryWaitStopsThePendingRetry() throws InterruptedException {
        transport.respond(503, "", "Retry-After", "1").otherwise(r -> {
            throw new AssertionError("retried after cancel");
        });
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(transport.calls()).isEqualTo(1); // the 503 arrived synchronously; the retry waits 1 s
            f.cancel(true);
            Thread.sleep(1300); // past the retry's due time
            assertThat(transport.calls()).isEqualTo(1);
        }
    }

    @Test
    void completesEveryOneOfManyConcurrentCallsExactlyOnce() throws Exception {
        ScheduledExecutorService io = Executors.newScheduledThreadPool(2);
        try {
            AtomicInteger seq = new AtomicInteger();
            // Mixed outcomes, completed later on other threads: ok, 400, 503 (retried), connect failure (retried),
            // reset after send (retried), never (deadline), and some calls the caller cancels.
            transport.otherwise(request -> {
                int n = seq.getAndIncrement();
                CompletableFuture<HttpResponse> f = new CompletableFuture<>();
                long delay = n % 3;
                switch (n % 6) {
                    case 0 -> io.schedule(() -> f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY)), delay, TimeUnit.MILLISECONDS);
                    case 1 -> io.schedule(() -> f.complete(ScriptedTransport.response(400, "")), delay, TimeUnit.MILLISECONDS);
                    case 2 -> io.schedule(() -> f.complete(ScriptedTransport.response(503, "")), delay, TimeUnit.MILLISECONDS);
                    case 3 -> io.schedule(() -> f.completeExceptionally(RtmTransportException.connectFailed("refused", null)), delay, TimeUnit.MILLISECONDS);
                    case 4 -> io.schedule(() -> f.completeExceptionally(RtmTransportException.afterSend("reset", null)), delay, TimeUnit.MILLISECONDS);
                    default -> { } // never completes: the deadline ends it
                }
                return f;
            });
            RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(3)).build();
            int calls = 500;
            AtomicInteger completions = new AtomicInteger();
            AtomicInteger results = new AtomicInteger();
            AtomicInteger rtmErrors = new AtomicInteger();
            AtomicInteger cancellations = new AtomicInteger();
            AtomicInteger others = new AtomicInteger();
            int cancelledByCaller = 0;
            CountDownLatch all = new CountDownLatch(calls);
            List<CompletableFuture<SendResult>> futures = new ArrayList<>();
            try (RtmAsyncClient c = builder(transport).retryPolicy(fast).callTimeout(Duration.ofMillis(400)).buildAsync()) {
                for (int i = 0; i < calls; i++) {
                    CompletableFuture<SendResult> f = c.sendPeer(peer());
                    f.whenComplete((r, e) -> {
                        completions.incrementAndGet();
                        if (e == null) {
                            results.incrementAndGet();
                        } else if (e instanceof java.util.concurrent.CancellationException) {
                            cancellations.incrementAndGet();
                        } else if (e instanceof RtmException) {
                            rtmErrors.incrementAndGet();
                        } else {
                            others.incrementAndGet();
                        }
                        all.countDown();
                    });
                    futures.add(f);
                    if (i % 50 == 7 && f.cancel(true)) {
                        cancelledByCaller++;
                    }
                }
                assertThat(all.await(10, TimeUnit.SECONDS)).as("every call completed").isTrue();
            }
            assertThat(completions.get()).isEqualTo(calls);
            assertThat(futures).allMatch(CompletableFuture::isDone);
            assertThat(others.get()).isZero();
            assertThat(results.get()).isPositive();
            assertThat(rtmErrors.get()).isPositive();
            assertThat(cancellations.get()).isEqualTo(cancelledByCaller);
            assertThat(results.get() + rtmErrors.get() + cancellations.get()).isEqualTo(calls);
        } finally {
            io.shutdownNow();
        }
    }
}
