package io.rtm.core.history;

import static io.rtm.core.history.HistoryRequestsTest.ALICE_TO_BOB;
import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.testsupport.Replies;
import io.rtm.core.testsupport.ScriptedTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Following the pages (blocking iterator, publisher), waiting out "in progress", deadlines, cancellation and close. */
class HistoryPagingTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    /** Scripts the pages of {@code total} messages at page size 20 (each page: created, one in progress, the page). */
    private void scriptPages(int total) {
        for (int offset = 0; ; offset += 20) {
            int n = Math.max(0, Math.min(20, total - offset));
            transport.respond(200, Replies.created("h" + offset, offset, 20, "asc")).respond(200, Replies.IN_PROGRESS)
                    .respond(200, Replies.page(Replies.payloads(offset, offset + n)));
            if (n < 20) {
                return;
            }
        }
    }

    private static List<String> payloads(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "p" + i).collect(Collectors.toList());
    }

    private String body(int index) {
        return new String(transport.request(index).body(), StandardCharsets.UTF_8);
    }

    @Test
    void theIteratorFollowsThePagesUntilAShortOne() {
        scriptPages(45);
        List<String> read = new ArrayList<>();
        try (RtmClient c = builder(transport).historyPollInterval(Duration.ofMillis(10)).build()) {
            c.history().query(HistoryQuery.of(ALICE_TO_BOB)).forEach(m -> read.add(m.payload()));
        }
        assertThat(read).isEqualTo(payloads(0, 45));
        assertThat(transport.calls()).isEqualTo(9);
        assertThat(body(0)).contains("\"offset\":0,");
        assertThat(body(3)).contains("\"offset\":20,");
        assertThat(body(6)).contains("\"offset\":40,");
    }

    @Test
    void aFullLastPageIsFollowedByAnEmptyOne() {
        scriptPages(40);
        try (RtmClient c = builder(transport).historyPollInterval(Duration.ofMillis(10)).build()) {
            assertThat(c.history().query(HistoryQuery.of(ALICE_TO_BOB))).hasSize(40);
        }
        assertThat(transport.calls()).isEqualTo(9);
        assertThat(body(6)).contains("\"offset\":40,");
    }

    @Test
    void theIteratorThrowsThePagesErrorAndNothingIsFetchedUntilIterated() {
        transport.respond(200, Replies.created("h", 0, 20, "asc"))
                .respond(404, "{\"result\":\"failed\",\"code\":\"not_found\",\"message\":\"no history query with this handle\"}");
        try (RtmClient c = builder(transport).build()) {
            Iterable<HistoryMessage> messages = c.history().query(HistoryQuery.of(ALICE_TO_BOB));
            assertThat(transport.calls()).isZero();
            assertThatThrownBy(() -> messages.iterator().hasNext()).isInstanceOfSatisfying(RtmBadRequestException.class,
                    e -> assertThat(e.code()).contains("not_found"));
        }
    }

    @Test
    void thePublisherFetchesAPageOnlyForDemandTheHeldMessagesCannotMeet() throws Exception {
        scriptPages(45);
        TestSubscriber s = new TestSubscriber();
        try (RtmAsyncClient c = builder(transport).historyPollInterval(Duration.ofMillis(10)).buildAsync()) {
            c.history().query(HistoryQuery.of(ALICE_TO_BOB)).subscribe(s);
            assertThat(s.subscription).succeedsWithin(Duration.ofSeconds(5));
            Thread.sleep(200);
            assertThat(transport.calls()).as("no demand, nothing fetched").isZero();

            s.request(1);
            s.awaitItems(1);
            Thread.sleep(200);
            assertThat(transport.calls()).as("one page").isEqualTo(3);

            s.request(19);
            s.awaitItems(20);
            Thread.sleep(200);
            assertThat(transport.calls()).as("the held page met the demand").isEqualTo(3);

            s.request(1);
            s.awaitItems(21);
            assertThat(transport.calls()).isEqualTo(6);

            s.request(Long.MAX_VALUE);
            assertThat(s.done).succeedsWithin(Duration.ofSeconds(5));
        }
        assertThat(s.items).isEqualTo(payloads(0, 45));
        assertThat(s.error).isNull();
        // the subscriber's own thread inside request(n), or the completion pool once a page arrived: never the SDK's
        // timer thread, which ran the polls here (the scripted transport answers on the thread that sends)
        assertThat(s.threads).allSatisfy(t -> assertThat(t).matches("main|rtm-completion-.*"));
        assertThat(s.threads).anySatisfy(t -> assertThat(t).startsWith("rtm-completion-"));
        assertThat(transport.calls()).isEqualTo(9);
    }

    @Test
    void cancellingTheSubscriptionStopsFetching() throws Exception {
        transport.respond(200, Replies.created("h", 0, 20, "asc")).hang();
        TestSubscriber s = new TestSubscriber();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            c.history().query(HistoryQuery.of(ALICE_TO_BOB)).subscribe(s);
            s.request(5);
            awaitCalls(2);
            s.subscription.get().cancel();
            assertThat(transport.exchange(1).future()).as("the read in flight is cancelled")
                    .failsWithin(Duration.ofSeconds(5));
            Thread.sleep(200);
        }
        assertThat(transport.calls()).isEqualTo(2);
        assertThat(s.items).isEmpty();
        assertThat(s.done).isNotDone();
    }

    @Test
    void aNonPositiveRequestEndsTheSubscriptionWithIllegalArgument() throws Exception {
        TestSubscriber s = new TestSubscriber();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            c.history().query(HistoryQuery.of(ALICE_TO_BOB)).subscribe(s);
            s.request(0);
            assertThat(s.done).failsWithin(Duration.ofSeconds(5));
        }
        assertThat(s.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
        assertThat(transport.calls()).isZero();
    }

    @Test
    void anInvalidQueryEndsTheSubscriptionWithTheValidationErrorBeforeSendingAnything() {
        TestSubscriber s = new TestSubscriber();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            c.history().query(HistoryQuery.builder(ALICE_TO_BOB).limit(25).build()).subscribe(s);
            s.request(1);
            assertThat(s.done).failsWithin(Duration.ofSeconds(5));
        }
        assertThat(s.error).isInstanceOf(RtmValidationException.class);
        assertThat(transport.calls()).isZero();
    }

    @Test
    void aPageThatStaysInProgressFailsAtItsDeadlineNotBefore() {
        transport.respond(200, Replies.count(1)) // warms the client up, so that its first call's set-up is not timed
                .respond(200, Replies.created("h", 0, 20, "asc")).otherwise(r -> done(200, Replies.IN_PROGRESS));
        try (RtmAsyncClient c = builder(transport).historyPollInterval(Duration.ofMillis(100)).buildAsync()) {
            assertThat(c.history().count(ALICE_TO_BOB)).succeedsWithin(Duration.ofSeconds(5));
            long start = System.nanoTime();
            Throwable t = failureOf(c.history().page(HistoryQuery.of(ALICE_TO_BOB),
                    RequestOptions.builder().timeout(Duration.ofMillis(600)).build()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(t).isInstanceOfSatisfying(RtmTimeoutException.class, e -> {
                assertThat(e.kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE);
                assertThat(e.getMessage()).contains("PT0.6S");
            });
            assertThat(ms).isGreaterThanOrEqualTo(600);
            // loose: a loaded 2-core machine may run the timer late; without the deadline it would poll forever
            assertThat(ms).isLessThan(3_000);
        }
        // the count, the query, then reads every 100 ms until the next one would pass the deadline
        assertThat(transport.calls()).isBetween(1 + 1 + 3, 1 + 1 + 6);
    }

    @Test
    void cancellingAPageDuringItsPollWaitStopsIt() throws Exception {
        transport.respond(200, Replies.created("h", 0, 20, "asc")).respond(200, Replies.IN_PROGRESS);
        try (RtmAsyncClient c = builder(transport).historyPollInterval(Duration.ofMillis(300)).buildAsync()) {
            CompletableFuture<HistoryPage> page = c.history().page(HistoryQuery.of(ALICE_TO_BOB));
            awaitCalls(2);
            page.cancel(true);
            Thread.sleep(600);
        }
        assertThat(transport.calls()).as("no read after the cancel").isEqualTo(2);
    }

    @Test
    void closingTheClientEndsAPageWaitingToPollAtOnce() {
        transport.respond(200, Replies.created("h", 0, 20, "asc")).respond(200, Replies.IN_PROGRESS);
        RtmAsyncClient c = builder(transport).historyPollInterval(Duration.ofSeconds(30)).closeGrace(Duration.ofSeconds(5)).buildAsync();
        CompletableFuture<HistoryPage> page = c.history().page(HistoryQuery.of(ALICE_TO_BOB));
        awaitCalls(2);
        long start = System.nanoTime();
        c.close();
        assertThat((System.nanoTime() - start) / 1_000_000).as("close did not wait for the poll").isLessThan(2_000);
        assertThat(failureOf(page)).isInstanceOfSatisfying(RtmClientClosedException.class, e -> assertThat(e.aborted()).isTrue());
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void eachHistoryRequestIsRetriedEvenUnderAPolicyThatRefusesDuplicates() {
        // idempotent: a query POST only creates a handle, so a 503 that may have reached the service is retried
        transport.respond(503, "{\"result\":\"failed\",\"code\":\"unavailable\"}").respond(200, Replies.created("h", 0, 20, "asc"))
                .respond(503, "").respond(200, Replies.page("a"));
        RetryPolicy noDuplicates = RetryPolicy.builder().retryMayHaveReached(false).initialBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = builder(transport).retryPolicy(noDuplicates).buildAsync()) {
            assertThat(c.history().page(HistoryQuery.of(ALICE_TO_BOB))).succeedsWithin(Duration.ofSeconds(5))
                    .extracting(p -> p.messages().size()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(4);
    }

    private void awaitCalls(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (transport.calls() < n) {
            assertThat(System.nanoTime()).as("waiting for %d requests", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static CompletableFuture<HttpResponse> done(int status, String body) {
        return CompletableFuture.completedFuture(ScriptedTransport.response(status, body));
    }

    /** Records what a publisher signals. */
    static final class TestSubscriber implements Flow.Subscriber<HistoryMessage> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final List<String> items = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
        }

        @Override
        public void onNext(HistoryMessage item) {
            items.add(item.payload());
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        void request(long n) {
            subscription.join().request(n);
        }

        void awaitItems(int n) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (items.size() < n) {
                assertThat(System.nanoTime()).as("waiting for %d items, have %d", n, items.size()).isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(items).hasSize(n);
        }
    }
}
