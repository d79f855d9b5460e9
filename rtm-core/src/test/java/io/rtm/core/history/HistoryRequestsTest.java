package io.rtm.core.history;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Operation;
import io.rtm.core.RateLimit;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmUnexpectedResponseException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.testsupport.Replies;
import io.rtm.core.testsupport.ScriptedTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the history operations hand the transport, and how their replies become pages and counts. */
class HistoryRequestsTest {

    static final Instant START = Instant.parse("2019-08-01T01:22:10Z");
    static final Instant END = Instant.parse("2019-08-01T01:32:10Z");
    static final HistoryFilter ALICE_TO_BOB = HistoryFilter.builder().source("alice").destination("bob").start(START).end(END).build();
    private static final String BASE = "http://127.0.0.1:1/dev/v2/project/app1/rtm/message/history";

    private final ScriptedTransport transport = new ScriptedTransport();

    private RtmAsyncClient client() {
        return builder(transport).historyPollInterval(Duration.ofMillis(50)).buildAsync();
    }

    private HistoryPage page(HistoryQuery query) {
        try (RtmAsyncClient c = client()) {
            return c.history().page(query).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void postsTheQueryWithFilterOffsetLimitAndOrderInThePublishedOrder() {
        transport.respond(200, Replies.created("h1", 100, 50, "desc")).respond(200, Replies.page("a"));
        page(HistoryQuery.builder(ALICE_TO_BOB).offset(100).limit(50).order(HistoryOrder.DESC).build());

        HttpRequest post = transport.request(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.uri().toString()).isEqualTo(BASE + "/query");
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).isEqualTo("{\"filter\":{\"source\":\"alice\","
                + "\"destination\":\"bob\",\"start_time\":\"2019-08-01T01:22:10Z\",\"end_time\":\"2019-08-01T01:32:10Z\"},"
                + "\"offset\":100,\"limit\":50,\"order\":\"desc\"}");
        assertThat(post.headers().allValues("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(post.headers().allValues("Accept")).containsExactly("application/json");
    }

    @Test
    void sendsTheDefaultsExplicitlyAndLeavesAnAbsentSourceOut() {
        transport.respond(200, Replies.created("h1", 0, 20, "asc")).respond(200, Replies.page());
        page(HistoryQuery.of(HistoryFilter.builder().destination("lobby").start(START).end(END).build()));

        assertThat(new String(transport.request(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"filter\":{"
                + "\"destination\":\"lobby\",\"start_time\":\"2019-08-01T01:22:10Z\",\"end_time\":\"2019-08-01T01:32:10Z\"},"
                + "\"offset\":0,\"limit\":20,\"order\":\"asc\"}");
    }

    @Test
    void sendsAChannelAsSourceAsIsAndReturnsTheServicesEmptyPage() {
        // the table's "a channel as source" is a valid request (an empty result); the SDK cannot tell a channel's name
        transport.respond(200, Replies.created("h1", 0, 20, "asc")).respond(200, Replies.page());
        HistoryPage p = page(HistoryQuery.of(HistoryFilter.builder().source("lobby").start(START).end(END).build()));

        assertThat(transport.calls()).isEqualTo(2);
        assertThat(p.messages()).isEmpty();
        assertThat(p.isLast()).isTrue();
    }

    @Test
    void readsTheLocationsHandleWithAGetWithoutBodyOrContentType() {
        transport.respond(200, Replies.created("q7x9f", 0, 20, "asc")).respond(200, Replies.page("a"));
        page(HistoryQuery.of(ALICE_TO_BOB));

        HttpRequest get = transport.request(1);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.uri().toString()).isEqualTo(BASE + "/query/q7x9f");
        assertThat(get.body()).isEmpty();
        assertThat(get.headers().allValues("Content-Type")).isEmpty();
        assertThat(get.headers().allValues("Accept")).containsExactly("application/json");
    }

    @Test
    void aPercentEncodedHandleIsDecodedOnceAndEncodedOnceAgain() {
        transport.respond(200, Replies.created("a%20b%2Fc", 0, 20, "asc"));
        try (RtmAsyncClient c = client()) {
            // "a b/c" holds a slash: not one path segment, so the reply cannot be followed
            assertThat(failureOf(c.history().page(HistoryQuery.of(ALICE_TO_BOB))))
                    .isInstanceOf(RtmUnexpectedResponseException.class).hasMessageContaining("location");
        }
        transport.respond(200, Replies.created("a%20b%2Bc", 0, 20, "asc")).respond(200, Replies.page());
        page(HistoryQuery.of(ALICE_TO_BOB));
        assertThat(transport.request(2).uri().getRawPath()).endsWith("/history/query/a%20b%2Bc");
    }

    @Test
    void turnsTheMessagesOfAReplyIntoThePageInOrder() {
        transport.respond(200, Replies.created("h", 0, 20, "asc")).respond(200, "{\"result\":\"success\",\"code\":\"ok\","
                + "\"messages\":[{\"src\":\"alice\",\"dst\":\"bob\",\"message_type\":\"peer_message\",\"payload\":\"h\\u00e9 \\uD83D\\uDE00\","
                + "\"ms\":1587009745719,\"extra\":1},{\"src\":\"carol\",\"dst\":\"lobby\",\"message_type\":\"channel_message\","
                + "\"payload\":\"2\",\"ms\":1587009745720}]}");
        HistoryPage p = page(HistoryQuery.of(ALICE_TO_BOB));

        assertThat(p.messages()).containsExactly(
                new HistoryMessage("alice", "bob", HistoryMessage.PEER_MESSAGE, "hé 😀", Instant.ofEpochMilli(1587009745719L)),
                new HistoryMessage("carol", "lobby", HistoryMessage.CHANNEL_MESSAGE, "2", Instant.ofEpochMilli(1587009745720L)));
        assertThat(p.messages().get(1).isChannelMessage()).isTrue();
        assertThat(p.messages().get(0).toString()).doesNotContain("hé").contains("payload=5 chars");
    }

    @Test
    void asksAgainAfterThePollIntervalWhileInProgress() {
        transport.respond(200, Replies.created("h", 0, 20, "asc"))
                .respond(200, Replies.IN_PROGRESS).respond(200, Replies.IN_PROGRESS).respond(200, Replies.page("a", "b"));
        HistoryPage p = page(HistoryQuery.of(ALICE_TO_BOB));

        assertThat(p.messages()).extracting(HistoryMessage::payload).containsExactly("a", "b");
        assertThat(transport.calls()).isEqualTo(4);
        for (int i = 2; i <= 3; i++) {
            assertThat(transport.request(i).uri().toString()).isEqualTo(BASE + "/query/h");
            long gapMs = (transport.exchange(i).nanoTime() - transport.exchange(i - 1).nanoTime()) / 1_000_000;
            assertThat(gapMs).as("wait before read %d", i).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void aShortPageIsTheLastAndAFullOneLeadsToOffsetPlusLimitAsTheServiceAppliedThem() {
        transport.respond(200, Replies.created("h", 40, 20, "asc")).respond(200, Replies.page(Replies.payloads(0, 20)));
        HistoryPage full = page(HistoryQuery.builder(ALICE_TO_BOB).offset(40).build());
        assertThat(full.isLast()).isFalse();
        assertThat(full.next()).contains(HistoryQuery.builder(ALICE_TO_BOB).offset(60).build());

        transport.respond(200, Replies.created("h", 60, 20, "asc")).respond(200, Replies.page(Replies.payloads(0, 19)));
        HistoryPage shortPage = page(full.next().get());
        assertThat(shortPage.isLast()).isTrue();
        assertThat(shortPage.next()).isEmpty();
    }

    @Test
    void theServicesAppliedLimitDecidesTheNextPageNotTheOneAskedFor() {
        // asked 100, the service applied 20 and answered 20: not the last page, next at 20 (never a silent truncation)
        transport.respond(200, Replies.created("h", 0, 20, "asc")).respond(200, Replies.page(Replies.payloads(0, 20)));
        HistoryPage p = page(HistoryQuery.builder(ALICE_TO_BOB).limit(100).build());
        assertThat(p.limit()).isEqualTo(20);
        assertThat(p.isLast()).isFalse();
        assertThat(p.next().get().offset()).isEqualTo(20);
    }

    @Test
    void countsWithTheFilterAsPercentEncodedQueryComponents() {
        transport.respond(200, Replies.count(123));
        try (RtmAsyncClient c = client()) {
            assertThat(c.history().count(HistoryFilter.builder().source("a b+c").destination("bob").start(START).end(END)
                    .build())).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(123L);
        }
        HttpRequest get = transport.request(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.uri().toString()).isEqualTo(BASE + "/count?source=a%20b%2Bc&destination=bob"
                + "&start_time=2019-08-01T01%3A22%3A10Z&end_time=2019-08-01T01%3A32%3A10Z");
        assertThat(get.body()).isEmpty();
        assertThat(get.headers().allValues("Content-Type")).isEmpty();
    }

    @Test
    void aCountLeavesAnAbsentDestinationOutAndAsksAgainWhileInProgress() {
        transport.respond(200, Replies.IN_PROGRESS).respond(200, Replies.count(0));
        try (RtmAsyncClient c = client()) {
            assertThat(c.history().count(HistoryFilter.builder().source("alice").start(START).end(END).build()))
                    .succeedsWithin(Duration.ofSeconds(5)).isEqualTo(0L);
        }
        assertThat(transport.calls()).isEqualTo(2);
        assertThat(transport.request(1).uri().getRawQuery())
                .isEqualTo("source=alice&start_time=2019-08-01T01%3A22%3A10Z&end_time=2019-08-01T01%3A32%3A10Z");
    }

    @Test
    void aReplyWithoutWhatTheOperationNeedsIsAnUnexpectedResponseThatNeverQuotesTheBody() {
        transport.respond(200, Replies.created("h", 0, 20, "asc"))
                .respond(200, "{\"result\":\"success\",\"code\":\"ok\",\"request_id\":\"r-9\",\"messages\":[{\"src\":\"a\","
                        + "\"dst\":\"b\",\"message_type\":\"peer_message\",\"payload\":\"secret plans\"}]}");
        try (RtmAsyncClient c = client()) {
            Throwable t = failureOf(c.history().page(HistoryQuery.of(ALICE_TO_BOB)));
            assertThat(t).isInstanceOfSatisfying(RtmUnexpectedResponseException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(200);
                assertThat(e.requestId()).contains("r-9");
                assertThat(e.mayHaveReachedService()).isTrue();
                assertThat(e.getMessage()).contains("history read", "\"ms\" is missing").doesNotContain("secret");
            });
        }
    }

    @Test
    void aCreatedQueryWithoutLocationOrWithAZeroLimitCannotBeFollowed() {
        transport.respond(200, "{\"result\":\"success\",\"offset\":0,\"limit\":20}");
        transport.respond(200, "{\"result\":\"success\",\"offset\":0,\"limit\":0,\"location\":\"~/rtm/message/history/query/h\"}");
        try (RtmAsyncClient c = client()) {
            assertThat(failureOf(c.history().page(HistoryQuery.of(ALICE_TO_BOB))))
                    .isInstanceOf(RtmUnexpectedResponseException.class).hasMessageContaining("\"location\" is missing");
            assertThat(failureOf(c.history().page(HistoryQuery.of(ALICE_TO_BOB))))
                    .isInstanceOf(RtmUnexpectedResponseException.class).hasMessageContaining("\"limit\" is not a page size");
        }
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void everyHistoryOperationCountsAgainstTheOneHistoryQuotaAndIsIdempotent() {
        assertThat(List.of(Operation.HISTORY_QUERY, Operation.HISTORY_READ, Operation.HISTORY_COUNT)).allSatisfy(op -> {
            assertThat(RateLimit.defaults().quotaFor(op, "app1").key()).isEqualTo("app1:history");
            assertThat(RateLimit.defaults().quotaFor(op, "app1").permits()).isEqualTo(100);
            assertThat(op.idempotent()).isTrue();
        });
        assertThat(Operation.builtIn()).contains(Operation.HISTORY_QUERY, Operation.HISTORY_READ, Operation.HISTORY_COUNT,
                Operation.USER_EVENTS, Operation.CHANNEL_EVENTS);
    }
}
