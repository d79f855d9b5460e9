package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.testsupport.ScriptedTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the futures the client returns complete: never on the transport's I/O thread unless the caller opts out. */
class CompletionExecutorTest {

    /** The transport's one "I/O thread": every response completes on it. */
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-io"));
    private final ScriptedTransport transport = new ScriptedTransport().otherwise(r -> {
        CompletableFuture<HttpResponse> f = new CompletableFuture<>();
        io.execute(() -> f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY)));
        return f;
    });

    @AfterEach
    void stopIo() {
        io.shutdownNow();
    }

    @Test
    void completesFuturesOnTheSdksCompletionPoolNotOnTheTransportsThread() throws InterruptedException {
        // the response is held until the continuation is attached: otherwise the call may be complete already and the
        // continuation would run on the test's own thread
        java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
        ScriptedTransport held = new ScriptedTransport().otherwise(r -> {
            CompletableFuture<HttpResponse> f = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    attached.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY));
            });
            return f;
        });
        try (RtmAsyncClient c = builder(held).buildAsync()) {
            CompletableFuture<String> thread = c.sendPeer(peer()).thenApply(r -> Thread.currentThread().getName());
            attached.countDown();
            assertThat(thread).succeedsWithin(java.time.Duration.ofSeconds(5)).asString().startsWith("rtm-completion-");
        }
    }

    @Test
    void aSlowContinuationDoesNotStallOtherCalls() {
        // before: the continuation ran on the I/O thread that completed the call, and every later response waited for it
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            CompletableFuture<Void> slow = c.sendPeer(peer()).thenRun(() -> sleep(2_000));
            long start = System.nanoTime();
            SendResult next = resultOf(c.sendPeer(peer()));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(next.code()).isEqualTo("message_sent");
            // loose bound for a loaded machine; with the stall it takes the continuation's 2 s
            assertThat(tookMs).isLessThan(1_500);
            slow.join();
        }
    }

    @Test
    void runnableRunOptsOutAndCompletesOnTheTransportsThread() {
        ScriptedTransport late = new ScriptedTransport().otherwise(r -> {
            CompletableFuture<HttpResponse> f = new CompletableFuture<>();
            io.execute(() -> {
                sleep(200); // answers after the caller attached its continuation
                f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY));
            });
            return f;
        });
        try (RtmAsyncClient c = builder(late).completionExecutor(Runnable::run).buildAsync()) {
            CompletableFuture<String> thread = new CompletableFuture<>();
            c.sendPeer(peer()).whenComplete((r, e) -> thread.complete(Thread.currentThread().getName()));
            assertThat(thread).succeedsWithin(java.time.Duration.ofSeconds(5)).isEqualTo("fake-io");
        }
    }

    @Test
    void aCallersExecutorIsUsedAndNotShutDownByClose() {
        // the response is held until sendPeer returned: a call that is already complete is handed back as is (no
        // hand-off), which happened whenever the first call's set-up took longer than the fake I/O thread
        java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
        ScriptedTransport held = new ScriptedTransport().otherwise(r -> {
            CompletableFuture<HttpResponse> f = new CompletableFuture<>();
            io.execute(() -> {
                try {
                    returned.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                f.complete(ScriptedTransport.response(200, ScriptedTransport.SENT_BODY));
            });
            return f;
        });
        AtomicInteger handOffs = new AtomicInteger();
        ExecutorService mine = Executors.newSingleThreadExecutor();
        try {
            RtmAsyncClient c = builder(held).completionExecutor(r -> {
                handOffs.incrementAndGet();
                mine.execute(r);
            }).buildAsync();
            CompletableFuture<SendResult> sent = c.sendPeer(peer());
            returned.countDown();
            resultOf(sent);
            c.close();
            assertThat(handOffs.get()).isEqualTo(1);
            assertThat(mine.isShutdown()).isFalse();
        } finally {
            mine.shutdownNow();
        }
    }

    @Test
    void theBlockingClientNeedsNoHandOff() {
        AtomicInteger handOffs = new AtomicInteger();
        try (RtmClient c = builder(transport).completionExecutor(r -> {
            handOffs.incrementAndGet();
            r.run();
        }).build()) {
            assertThat(c.sendPeer(peer()).code()).isEqualTo("message_sent");
        }
        assertThat(handOffs.get()).isZero();
    }

    @Test
    void cancellingTheReturnedFutureStillCancelsTheCall() throws Exception {
        ScriptedTransport hanging = new ScriptedTransport().hang();
        try (RtmAsyncClient c = builder(hanging).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(f.cancel(true)).isTrue();
        }
        assertThat(hanging.exchange(0).future()).isCancelled();
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
