package io.rtm.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.Sender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkSenderTest {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Completes each send after 1 ms: user "failN" fails with a 500, "netN" with a transport error, "offN" is offline. */
    private final class FakeSender implements Sender {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

        @Override
        public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions options) {
            seen.add(m.to());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<SendResult> f = new CompletableFuture<>();
            executor.schedule(() -> {
                inFlight.decrementAndGet();
                if (m.to().startsWith("fail")) {
                    f.completeExceptionally(RtmServiceException.builder(500).message("boom").code("internal_error").requestId("r").build());
                } else if (m.to().startsWith("net")) {
                    f.completeExceptionally(RtmTransportException.connectFailed("refused", null));
                } else if (m.to().startsWith("off")) {
                    f.complete(SendResult.of(200, "message_offline", null, "r", 1));
                } else {
                    f.complete(SendResult.of(200, "message_sent", "success", "r", 1));
                }
            }, 1, TimeUnit.MILLISECONDS);
            return f;
        }

        @Override
        public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions options) {
            return CompletableFuture.completedFuture(SendResult.of(200, "message_sent", "success", "r", 1));
        }
    }

    private static PeerMessage template() {
        return PeerMessage.builder().from("news").to("placeholder").payload("hello").build();
    }

    @Test
    void everyRecipientIsSentOnceAndCountedOnceWithFailuresByReason() {
        FakeSender sender = new FakeSender();
        List<String> recipients = new ArrayList<>();
        IntStream.range(0, 900).forEach(i -> recipients.add("user" + i));
        IntStream.range(0, 50).forEach(i -> recipients.add("fail" + i));
        IntStream.range(0, 30).forEach(i -> recipients.add("net" + i));
        IntStream.range(0, 20).forEach(i -> recipients.add("off" + i));
        Collections.shuffle(recipients, new java.util.Random(7));
        List<BulkItemResult<PeerMessage>> items = Collections.synchronizedList(new ArrayList<>());

        BulkSummary summary = BulkSender.builder(sender).maxInFlight(16).build()
                .fanOut(template(), recipients, (item, progress) -> items.add(item))
                .orTimeout(30, TimeUnit.SECONDS).join();

        assertThat(summary.total()).isEqualTo(1000);
        assertThat(summary.sent()).isEqualTo(900);
        assertThat(summary.offline()).isEqualTo(20);
        assertThat(summary.failed()).isEqualTo(80);
        assertThat(summary.failuresByReason()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("server_error", 50L, "connect_failure", 30L));
        assertThat(sender.seen).hasSize(1000).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(recipients);
        assertThat(items).hasSize(1000);
        assertThat(items).extracting(BulkItemResult::index).doesNotHaveDuplicates();
        assertThat(sender.maxInFlight.get()).isLessThanOrEqualTo(16).isGreaterThan(1);
    }

    @Test
    void progressCountsUpToTheTotal() {
        FakeSender sender = new FakeSender();
        List<BulkProgress> progress = Collections.synchronizedList(new ArrayList<>());
        BulkSender.builder(sender).maxInFlight(4).build()
                .fanOut(template(), List.of("a", "b", "fail1", "c"), (item, p) -> progress.add(p)).join();
        assertThat(progress).extracting(BulkProgress::completed).containsExactly(1L, 2L, 3L, 4L);
        assertThat(progress.get(3).failed()).isEqualTo(1);
    }

    @Test
    void aThrowingListenerDoesNotStopTheRun() {
        FakeSender sender = new FakeSender();
        BulkSummary s = BulkSender.builder(sender).build()
                .fanOut(template(), List.of("a", "b", "c"), (item, p) -> {
                    throw new IllegalStateException("listener bug");
                }).join();
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.sent()).isEqualTo(3);
    }

    @Test
    void emptySourceCompletesWithAnEmptySummary() {
        BulkSummary s = BulkSender.builder(new FakeSender()).build().fanOut(template(), List.of()).join();
        assertThat(s.total()).isZero();
        assertThat(s.failed()).isZero();
    }

    @Test
    void readsTheSourceLazily() {
        List<CompletableFuture<SendResult>> pending = Collections.synchronizedList(new ArrayList<>());
        Sender sender = new Sender() {
            @Override
            public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
                CompletableFuture<SendResult> f = new CompletableFuture<>();
                pending.add(f);
                return f;
            }

            @Override
            public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
                return sendPeer(null, o);
            }
        };
        AtomicInteger pulled = new AtomicInteger();
        Iterable<String> endless = () -> new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < 1_000_000;
            }

            @Override
            public String next() {
                return "u" + pulled.incrementAndGet();
            }
        };
        CompletableFuture<BulkSummary> run = BulkSender.builder(sender).maxInFlight(8).build().fanOut(template(), endless);
        assertThat(pulled.get()).isEqualTo(8);
        pending.get(0).complete(SendResult.of(200, "message_sent", "success", "r", 1));
        assertThat(pulled.get()).as("one completed, one more pulled").isEqualTo(9);
        run.cancel(true);
        assertThat(run).isCancelled();
        assertThat(pending).hasSize(9).allSatisfy(f -> assertThat(f).isDone());
    }

    @Test
    void synchronouslyCompletingSendsDoNotOverflowTheStack() {
        Sender immediate = new Sender() {
            @Override
            public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
                return CompletableFuture.completedFuture(SendResult.of(200, "message_sent", "success", "r", 1));
            }

            @Override
            public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
                return sendPeer(null, o);
            }
        };
        List<String> many = new ArrayList<>();
        IntStream.range(0, 100_000).forEach(i -> many.add("u" + i));
        BulkSummary s = BulkSender.builder(immediate).maxInFlight(1).build().fanOut(template(), many).join();
        assertThat(s.sent()).isEqualTo(100_000);
        assertThat(s.elapsed()).isLessThan(Duration.ofSeconds(30));
    }

    /** A sender whose calls stay pending until completed by the test. */
    private static final class PendingSender implements Sender {
        final List<CompletableFuture<SendResult>> calls = Collections.synchronizedList(new ArrayList<>());

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
    }

    @Test
    void stopLetsTheMessagesInFlightFinishAndReportsThatTheRestWasNotSent() {
        PendingSender sender = new PendingSender();
        BulkSender bulk = BulkSender.builder(sender).maxInFlight(4).build();
        List<String> recipients = IntStream.range(0, 100).mapToObj(i -> "u" + i).toList();
        CompletableFuture<BulkSummary> run = bulk.fanOut(template(), recipients);
        assertThat(sender.calls).hasSize(4);
        bulk.stop();
        assertThat(run).isNotDone(); // four still in flight
        sender.calls.forEach(f -> f.complete(SendResult.of(200, "message_sent", "success", "r", 1)));
        BulkSummary s = run.join();
        assertThat(s.stopped()).isTrue();
        assertThat(s.total()).isEqualTo(4);
        assertThat(s.sent()).isEqualTo(4);
        assertThat(sender.calls).as("nothing read after stop()").hasSize(4);
    }

    @Test
    void aClosingClientStopsTheRunWithAnExactAccount() {
        AtomicInteger attempts = new AtomicInteger();
        Sender closing = new Sender() {
            @Override
            public CompletableFuture<SendResult> sendPeer(PeerMessage m, RequestOptions o) {
                return attempts.incrementAndGet() <= 3
                        ? CompletableFuture.completedFuture(SendResult.of(200, "message_sent", "success", "r", 1))
                        : CompletableFuture.failedFuture(io.rtm.core.error.RtmClientClosedException.rejected());
            }

            @Override
            public CompletableFuture<SendResult> sendChannel(ChannelMessage m, RequestOptions o) {
                return sendPeer(null, o);
            }
        };
        List<String> recipients = IntStream.range(0, 1_000).mapToObj(i -> "u" + i).toList();
        BulkSummary s = BulkSender.builder(closing).maxInFlight(1).build().fanOut(template(), recipients).join();
        assertThat(s.stopped()).isTrue();
        assertThat(s.sent()).isEqualTo(3);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.failuresByReason()).containsExactly(java.util.Map.entry("client_closed", 1L));
        assertThat(s.total()).isEqualTo(4);
        assertThat(attempts.get()).as("the source was not read further").isEqualTo(4);
    }

    @Test
    void aRunReadToItsEndIsNotStopped() {
        PendingSender sender = new PendingSender();
        CompletableFuture<BulkSummary> run = BulkSender.builder(sender).build().fanOut(template(), List.of("a", "b"));
        sender.calls.forEach(f -> f.complete(SendResult.of(200, "message_sent", "success", "r", 1)));
        assertThat(run.join().stopped()).isFalse();
    }
}
