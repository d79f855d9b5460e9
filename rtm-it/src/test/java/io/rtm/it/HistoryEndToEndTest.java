package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryOrder;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.ServiceReply;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The history API of the assembled SDK (discovered HttpClient 5 transport, rtm-validation, rtm-auth) against the real
 * emulator over loopback: 230 messages sent with history on are read back in both orders with every page size,
 * through the auto-paging iterator, the publisher (with request(n) backpressure) and paged futures, each page's read
 * answered "in progress" once first; exact order and content.
 */
class HistoryEndToEndTest {

    private static final int SENT = 230;
    private static RtmEmulator emulator;
    private static EmulatorApp app;
    private static RtmClient rtm;
    /** The messages from alice to bob, as the emulator accepted them (oldest first). */
    private static List<AcceptedMessage> aliceToBob;
    private static HistoryFilter filter;
    /** Each history call's operation and reply code, as an interceptor of the client saw them. */
    private static final List<String> replies = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void sendWithHistory() {
        // one "in progress" answer per query handle and per count, as the emulator's default
        emulator = RtmEmulator.builder().historyInProgressReplies(1).start();
        app = emulator.app();
        Interceptor recorder = chain -> chain.proceed(chain.request()).thenApply(r -> {
            if (chain.call().operation().api().equals("history")) {
                replies.add(chain.call().operation().name() + " " + ServiceReply.of(r).code().orElse("-"));
            }
            return r;
        });
        rtm = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret()))
                .historyPollInterval(Duration.ofMillis(20)) // the published 2 s would make this test take minutes
                .addInterceptor(recorder).build();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < SENT; i++) {
            rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload(payload(i)).history(true).build());
            if (i % 23 == 0) { // noise the filter must leave out: another receiver, a channel, no history
                rtm.sendPeer(PeerMessage.builder().from("alice").to("carol").payload("not for bob").history(true).build());
                rtm.sendChannel(ChannelMessage.builder().from("alice").channel("bob-fans").payload("channel").history(true).build());
                rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("not kept").build());
            }
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS); // inclusive: the whole last second
        filter = HistoryFilter.builder().source("alice").destination("bob").start(start).end(end).build();
        aliceToBob = emulator.history(app.appId()).stream().filter(m -> m.from().equals("alice") && m.to().equals("bob"))
                .collect(Collectors.toList());
        assertThat(aliceToBob).extracting(AcceptedMessage::payload)
                .isEqualTo(java.util.stream.IntStream.range(0, SENT).mapToObj(HistoryEndToEndTest::payload).collect(Collectors.toList()));
    }

    @AfterAll
    static void stop() {
        if (rtm != null) {
            rtm.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private static String payload(int i) {
        // text of every kind the history keeps: ASCII, accents, an emoji (a surrogate pair), quotes and a newline
        return String.format("m-%03d %s", i, i % 5 == 0 ? "héllo 😀 \"q\"\n" : "plain");
    }

    private static List<String> expected(HistoryOrder order) {
        List<String> out = aliceToBob.stream().map(HistoryEndToEndTest::describe).collect(Collectors.toList());
        if (order == HistoryOrder.DESC) {
            Collections.reverse(out);
        }
        return out;
    }

    private static String describe(AcceptedMessage m) {
        return m.from() + ">" + m.to() + " peer_message " + m.sentAt().toEpochMilli() + " " + m.payload();
    }

    private static String describe(HistoryMessage m) {
        return m.source() + ">" + m.destination() + " " + m.messageType() + " " + m.timestamp().toEpochMilli() + " " + m.payload();
    }

    private static int pages(int limit) {
        return SENT / limit + 1; // the last page is short (230 is no multiple of 20, 50 or 100)
    }

    @ParameterizedTest(name = "{0}, {1} per page")
    @CsvSource({"ASC,20", "ASC,50", "ASC,100", "DESC,20", "DESC,50", "DESC,100"})
    void theAutoPagingIteratorReadsEveryMessageInOrderAcrossInProgressAnswers(HistoryOrder order, int limit) {
        replies.clear();
        long tooMany = emulator.stats(app.appId()).status(429);
        List<String> read = new ArrayList<>();
        for (HistoryMessage m : rtm.history().query(HistoryQuery.builder(filter).order(order).limit(limit).build())) {
            read.add(describe(m));
        }
        assertThat(read).hasSize(SENT).isEqualTo(expected(order));
        int pages = pages(limit);
        assertThat(replies).filteredOn(r -> r.startsWith("history_query")).hasSize(pages);
        assertThat(replies).filteredOn(r -> r.equals("history_read in progress")).as("in progress once per read").hasSize(pages);
        assertThat(replies).filteredOn(r -> r.equals("history_read ok")).hasSize(pages);
        assertThat(emulator.stats(app.appId()).status(429)).as("within the 100/s history quota").isEqualTo(tooMany);
    }

    @Test
    void countsEveryMessageOfTheFilterAcrossAnInProgressAnswer() {
        replies.clear();
        assertThat(rtm.history().count(filter)).isEqualTo(SENT);
        assertThat(replies).containsExactly("history_count in progress", "history_count ok");
        assertThat(rtm.history().count(filter.toBuilder().source(null).destination("bob-fans").build()))
                .as("one channel message per 23 sends: i = 0, 23, ..., 207").isEqualTo(10);
    }

    @Test
    void aChannelAsSourceIsSentAndSelectsNothing() {
        assertThat(rtm.history().query(HistoryQuery.of(filter.toBuilder().source("bob-fans").destination(null).build()))).isEmpty();
        assertThat(rtm.history().count(filter.toBuilder().source("bob-fans").destination(null).build())).isZero();
    }

    @Test
    void thePublisherDeliversEveryMessageInOrderWithRequestNBackpressure() throws Exception {
        RtmAsyncClient async = rtm.async();
        Flow.Publisher<HistoryMessage> publisher = async.history().query(HistoryQuery.builder(filter)
                .order(HistoryOrder.DESC).limit(50).build());
        List<String> read = new CopyOnWriteArrayList<>();
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger maxOutstandingExceeded = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        replies.clear();
        publisher.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                outstanding.set(7);
                s.request(7);
            }

            @Override
            public void onNext(HistoryMessage m) {
                read.add(describe(m));
                if (outstanding.decrementAndGet() < 0) {
                    maxOutstandingExceeded.incrementAndGet(); // more than requested: a backpressure violation
                }
                if (outstanding.get() == 0) {
                    outstanding.set(7);
                    s.request(7);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(60, TimeUnit.SECONDS);
        assertThat(read).isEqualTo(expected(HistoryOrder.DESC));
        assertThat(maxOutstandingExceeded.get()).isZero();
        assertThat(replies).filteredOn(r -> r.startsWith("history_query")).hasSize(pages(50));
    }

    @Test
    void pagedFuturesFollowNextUntilTheLastPage() throws Exception {
        RtmAsyncClient async = rtm.async();
        List<HistoryPage> pages = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> sizes = new ConcurrentHashMap<>();
        CompletableFuture<Void> all = follow(async, HistoryQuery.builder(filter).limit(100).build(), pages);
        all.get(60, TimeUnit.SECONDS);
        for (HistoryPage p : pages) {
            sizes.put((int) p.offset(), p.messages().size());
        }
        assertThat(sizes).containsExactlyInAnyOrderEntriesOf(Map.of(0, 100, 100, 100, 200, 30));
        assertThat(pages.get(2).isLast()).isTrue();
        assertThat(pages.stream().flatMap(p -> p.messages().stream()).map(HistoryEndToEndTest::describe))
                .isEqualTo(expected(HistoryOrder.ASC));
    }

    private static CompletableFuture<Void> follow(RtmAsyncClient async, HistoryQuery query, List<HistoryPage> pages) {
        return async.history().page(query).thenCompose(page -> {
            pages.add(page);
            return page.next().map(next -> follow(async, next, pages)).orElse(CompletableFuture.completedFuture(null));
        });
    }
}
