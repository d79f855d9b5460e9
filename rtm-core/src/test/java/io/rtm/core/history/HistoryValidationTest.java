package io.rtm.core.history;

import static io.rtm.core.history.HistoryRequestsTest.ALICE_TO_BOB;
import static io.rtm.core.history.HistoryRequestsTest.END;
import static io.rtm.core.history.HistoryRequestsTest.START;
import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestValidator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every rule of a history request is checked before anything is sent; all violations come together, fields named as on the wire. */
class HistoryValidationTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    private List<Violation> queryViolations(HistoryQuery query) {
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            return violations(c.history().page(query));
        }
    }

    private List<Violation> countViolations(HistoryFilter filter) {
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            return violations(c.history().count(filter));
        }
    }

    private List<Violation> violations(CompletableFuture<?> f) {
        Throwable t = failureOf(f);
        assertThat(t).isInstanceOf(RtmValidationException.class);
        assertThat(((RtmValidationException) t).attempts()).isZero();
        assertThat(transport.calls()).as("nothing sent").isZero();
        return ((RtmValidationException) t).violations();
    }

    private static HistoryFilter.Builder filter() {
        return ALICE_TO_BOB.toBuilder();
    }

    @Test
    void refusesAFilterWithNeitherSourceNorDestination() {
        HistoryFilter neither = HistoryFilter.builder().start(START).end(END).build();
        assertThat(queryViolations(HistoryQuery.of(neither))).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("filter.source", "source_or_destination"));
        assertThat(countViolations(neither)).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("source", "source_or_destination"));
    }

    @Test
    void acceptsEveryOtherCombinationOfTheTable() {
        transport.respondSentForever(); // any reply: only "was it sent" matters here
        for (HistoryFilter f : List.of(filter().source(null).build(), filter().destination(null).build(), ALICE_TO_BOB,
                filter().source(null).destination("lobby").build(), filter().destination("lobby").build())) {
            try (RtmAsyncClient c = builder(transport).buildAsync()) {
                failureOf(c.history().count(f)); // message_sent is no count: unreadable, but it was sent
            }
        }
        assertThat(transport.calls()).isEqualTo(5);
    }

    @Test
    void refusesSubSecondTimesInsteadOfRoundingTheRange() {
        List<Violation> v = queryViolations(HistoryQuery.of(filter().start(START.plusMillis(500)).end(END.plusNanos(1)).build()));
        assertThat(v).extracting(Violation::field, Violation::rule).containsExactly(
                tuple("filter.start_time", "whole_seconds"),
                tuple("filter.end_time", "whole_seconds"));
        assertThat(v.get(0).message()).contains("truncatedTo(ChronoUnit.SECONDS)");
    }

    @Test
    void refusesTimesOutsideWhatYyyyMmDdThhMmSsZCanWrite() {
        List<Violation> v = countViolations(filter().start(Instant.parse("-0001-12-31T23:59:59Z"))
                .end(Instant.parse("+10000-01-01T00:00:00Z")).build());
        assertThat(v).extracting(Violation::field, Violation::rule).containsExactly(
                tuple("start_time", "format"), tuple("end_time", "format"));
    }

    @Test
    void acceptsTheFirstAndLastSecondsTheFormatCanWrite() {
        transport.respondSentForever();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            failureOf(c.history().count(filter().start(Instant.parse("0000-01-01T00:00:00Z"))
                    .end(Instant.parse("9999-12-31T23:59:59Z")).build()));
        }
        assertThat(transport.request(0).uri().getRawQuery())
                .endsWith("start_time=0000-01-01T00%3A00%3A00Z&end_time=9999-12-31T23%3A59%3A59Z");
    }

    @Test
    void refusesAStartAfterTheEndButNotAnEqualOne() {
        assertThat(countViolations(filter().start(END).end(START).build())).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("start_time", "not_after_end_time"));
        transport.respondSentForever();
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            failureOf(c.history().count(filter().start(START).end(START).build()));
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void refusesAPageSizeOtherThan20Or50Or100AndANegativeOffset() {
        for (int limit : new int[] {0, 19, 21, 30, 99, 101, -20}) {
            assertThat(queryViolations(HistoryQuery.builder(ALICE_TO_BOB).limit(limit).build()))
                    .extracting(Violation::field, Violation::rule)
                    .containsExactly(tuple("limit", "allowed_values"));
        }
        assertThat(queryViolations(HistoryQuery.builder(ALICE_TO_BOB).offset(-1).build()))
                .extracting(Violation::field, Violation::rule).containsExactly(tuple("offset", "min_value"));
    }

    @Test
    void reportsEveryViolationTogetherInFieldOrder() {
        HistoryFilter bad = HistoryFilter.builder().start(END.plusMillis(1)).end(START).build();
        assertThat(queryViolations(HistoryQuery.builder(bad).offset(-5).limit(10).build())).extracting(Violation::field)
                .containsExactly("filter.source", "filter.start_time", "offset", "limit");
    }

    @Test
    void theValidatorsIdRulesApplyToSourceAndDestinationPrefixedInsideAQuery() {
        Violation idRule = new Violation("destination", "allowed_characters", "contains U+002F '/' at index 3");
        try (RtmAsyncClient c = builder(transport).validator(TestValidator.rejecting(idRule)).buildAsync()) {
            assertThat(violations(c.history().page(HistoryQuery.of(ALICE_TO_BOB))))
                    .containsExactly(new Violation("filter.destination", "allowed_characters", "contains U+002F '/' at index 3"));
            assertThat(violations(c.history().count(ALICE_TO_BOB))).containsExactly(idRule);
        }
    }

    @Test
    void refusesAnUnpairedSurrogateWhateverTheValidator() {
        assertThat(countViolations(filter().source("a\uD800").build())).extracting(Violation::field, Violation::rule)
                .containsExactly(tuple("source", "well_formed_unicode"));
    }

    @Test
    void theBuilderRequiresBothTimes() {
        assertThatThrownBy(() -> HistoryFilter.builder().source("alice").build())
                .isInstanceOfSatisfying(RtmValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field, Violation::rule).containsExactly(
                                tuple("start_time", "required"),
                                tuple("end_time", "required")));
    }

    @Test
    void aNullQueryOrFilterIsAValidationErrorNotAnException() {
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            assertThat(violations(c.history().page(null))).extracting(Violation::field).containsExactly("query");
            assertThat(violations(c.history().count(null))).extracting(Violation::field).containsExactly("filter");
        }
    }

    @Test
    void theBlockingIteratorThrowsTheValidationErrorBeforeSendingAnything() {
        try (RtmClient c = builder(transport).build()) {
            Iterable<HistoryMessage> messages = c.history().query(HistoryQuery.builder(ALICE_TO_BOB).limit(7).build());
            assertThatThrownBy(() -> messages.iterator().hasNext()).isInstanceOfSatisfying(RtmValidationException.class,
                    e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("limit"));
            assertThatThrownBy(() -> c.history().query(null)).isInstanceOf(RtmValidationException.class);
        }
        assertThat(transport.calls()).isZero();
    }
}
