package io.rtm.opentelemetry;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestValidator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span tree of a call, as the OpenTelemetry SDK's in-memory exporter receives it. */
class SpanTreeTest {

    private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

    private final TestTracing tracing = new TestTracing();
    private final ScriptedTransport transport = new ScriptedTransport();

    @AfterEach
    void close() {
        tracing.close();
    }

    private RtmClient client() {
        return RtmTracing.bindTo(builder(transport).retryPolicy(FAST), tracing.sdk).build();
    }

    @Test
    void aCallRetriedTwiceIsOneCallSpanWithThreeExchangeSpansAndTwoRetryEvents() {
        transport.respond(503, "{\"code\":\"busy\",\"request_id\":\"r-1\"}")
                .respond(500, "{\"request_id\":\"r-2\"}")
                .respond(200, "{\"code\":\"message_delivered\",\"result\":\"success\",\"request_id\":\"r-3\"}");
        try (RtmClient c = client()) {
            assertThat(c.sendPeer(peer()).attempts()).isEqualTo(3);
        }
        assertThat(tracing.spans()).hasSize(4);
        SpanData call = tracing.span("send_peer");
        assertThat(call).hasKind(SpanKind.CLIENT).hasNoParent().hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
                .hasAttributesSatisfyingExactly(
                        equalTo(AttributeKey.stringKey("messaging.system"), "rtm"),
                        equalTo(AttributeKey.stringKey("messaging.operation.name"), "send_peer"),
                        equalTo(AttributeKey.stringKey("messaging.operation.type"), "send"),
                        equalTo(AttributeKey.stringKey("rtm.api"), "peer"),
                        equalTo(AttributeKey.longKey("rtm.attempts"), 3L),
                        equalTo(AttributeKey.stringKey("rtm.code"), "message_delivered"),
                        equalTo(AttributeKey.stringKey("rtm.request_id"), "r-3"),
                        equalTo(AttributeKey.stringKey("rtm.delivery_code"), "delivered"));
        List<SpanData> exchanges = tracing.children(call);
        assertThat(exchanges).extracting(SpanData::getName).containsExactly(
                TestTracing.PEER_EXCHANGE, TestTracing.PEER_EXCHANGE, TestTracing.PEER_EXCHANGE);
        assertThat(exchanges.get(0)).hasKind(SpanKind.CLIENT).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
                .hasAttributesSatisfyingExactly(
                        equalTo(AttributeKey.stringKey("http.request.method"), "POST"),
                        equalTo(AttributeKey.stringKey("server.address"), "127.0.0.1"),
                        equalTo(AttributeKey.longKey("server.port"), 1L),
                        equalTo(AttributeKey.stringKey("url.template"), "/dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages"),
                        equalTo(AttributeKey.longKey("http.response.status_code"), 503L),
                        equalTo(AttributeKey.stringKey("error.type"), "503"),
                        equalTo(AttributeKey.stringKey("rtm.code"), "busy"),
                        equalTo(AttributeKey.stringKey("rtm.request_id"), "r-1"));
        assertThat(exchanges.get(1)).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
                .hasAttribute(AttributeKey.longKey("http.request.resend_count"), 1L)
                .hasAttribute(AttributeKey.stringKey("error.type"), "500");
        assertThat(exchanges.get(2)).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
                .hasAttribute(AttributeKey.longKey("http.request.resend_count"), 2L)
                .hasAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
                .hasAttribute(AttributeKey.stringKey("rtm.request_id"), "r-3");
        assertThat(exchanges.get(2).getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
        List<EventData> retries = call.getEvents().stream().filter(e -> e.getName().equals("rtm.retry")).toList();
        assertThat(retries).hasSize(2);
        assertThat(retries).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("rtm.retry.reason")))
                .containsExactly("server_error", "server_error");
        assertThat(retries).extracting(e -> e.getAttributes().get(AttributeKey.longKey("http.request.resend_count")))
                .containsExactly(1L, 2L);
        assertThat(retries).allSatisfy(e -> assertThat(e.getAttributes().get(AttributeKey.doubleKey("rtm.retry.delay")))
                .isBetween(0.0, 0.002));
        // each retry event comes after the exchange it retries and before the next one starts
        assertThat(retries.get(0).getEpochNanos()).isBetween(exchanges.get(0).getEndEpochNanos(), exchanges.get(1).getStartEpochNanos());
        assertThat(retries.get(1).getEpochNanos()).isBetween(exchanges.get(1).getEndEpochNanos(), exchanges.get(2).getStartEpochNanos());
    }

    @Test
    void aFailedCallRecordsItsErrorTheOpenTelemetryWay() {
        transport.respond(503, "{\"code\":\"busy\",\"request_id\":\"r-1\",\"message\":\"user alice is busy\"}");
        try (RtmAsyncClient c = RtmTracing.bindTo(builder(transport).retryPolicy(RetryPolicy.none()), tracing.sdk).buildAsync()) {
            failureOf(c.sendPeer(peer()));
        }
        SpanData call = tracing.span("send_peer");
        assertThat(call).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
                        "RtmServerException: server_error, HTTP 503, code=busy, attempts=1"))
                .hasAttribute(AttributeKey.stringKey("error.type"), "io.rtm.core.error.RtmServerException")
                .hasAttribute(AttributeKey.stringKey("rtm.error.reason"), "server_error")
                .hasAttribute(AttributeKey.stringKey("rtm.code"), "busy")
                .hasAttribute(AttributeKey.stringKey("rtm.request_id"), "r-1")
                .hasAttribute(AttributeKey.longKey("rtm.attempts"), 1L);
        EventData exception = call.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElseThrow();
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo("io.rtm.core.error.RtmServerException");
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
                .isEqualTo("RtmServerException: server_error, HTTP 503, code=busy, attempts=1");
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
                .startsWith("io.rtm.core.error.RtmServerException\n\tat ").doesNotContain("alice");
    }

    @Test
    void aLocalRateLimitRefusalIsACallSpanWithTheErrorAndNoExchangeSpan() {
        transport.respondSentForever();
        try (RtmAsyncClient c = RtmTracing.bindTo(builder(transport)
                .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ZERO)), tracing.sdk).buildAsync()) {
            resultOf(c.sendPeer(peer()));
            tracing.exporter.reset();
            assertThat(failureOf(c.sendPeer(peer()))).isInstanceOf(RtmLocalRateLimitException.class);
        }
        assertThat(tracing.spans()).hasSize(1);
        assertThat(tracing.span("send_peer")).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
                        "RtmLocalRateLimitException: rate_limited_local, code=rate_limited, attempts=0"))
                .hasAttribute(AttributeKey.stringKey("error.type"), "io.rtm.core.error.RtmLocalRateLimitException")
                .hasAttribute(AttributeKey.stringKey("rtm.error.reason"), "rate_limited_local");
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void aRateLimitWaitIsAnEventOnTheCallSpanBeforeItsExchangeSpan() {
        transport.respondSentForever();
        try (RtmAsyncClient c = RtmTracing.bindTo(builder(transport)
                .rateLimit(RateLimit.perSecond(10).withSafetyMargin(0)), tracing.sdk).buildAsync()) {
            resultOf(c.sendPeer(peer()));
            tracing.exporter.reset();
            resultOf(c.sendPeer(peer())); // the second of a 10/s quota waits ~100 ms
        }
        SpanData call = tracing.span("send_peer");
        EventData wait = call.getEvents().stream().filter(e -> e.getName().equals("rtm.rate_limit.wait")).findFirst().orElseThrow();
        // loose bounds: the limiter's slot is ~100 ms away; a loaded machine may add to it
        assertThat(wait.getAttributes().get(AttributeKey.doubleKey("rtm.rate_limit.wait"))).isBetween(0.02, 0.5);
        SpanData exchange = tracing.children(call).get(0);
        assertThat(exchange.getStartEpochNanos()).isGreaterThanOrEqualTo(wait.getEpochNanos());
        assertThat(exchange.getStartEpochNanos() - call.getStartEpochNanos()).isGreaterThanOrEqualTo(20_000_000L);
    }

    @Test
    void aValidationErrorIsACallSpanWithTheErrorAndNoExchangeSpan() {
        try (RtmAsyncClient c = RtmTracing.bindTo(builder(transport).validator(TestValidator.rejecting(
                new Violation("to", Violation.REQUIRED, "user 'bob' is not allowed"))), tracing.sdk).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isInstanceOf(RtmValidationException.class);
        }
        assertThat(tracing.spans()).hasSize(1);
        assertThat(tracing.span("send_peer")).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
                        "RtmValidationException: invalid_input, attempts=0"))
                .hasAttribute(AttributeKey.stringKey("error.type"), "io.rtm.core.error.RtmValidationException");
        assertThat(transport.calls()).isZero();
    }

    @Test
    void aCancelledCallEndsItsCallAndExchangeSpansAsCancelled() {
        transport.hang();
        try (RtmAsyncClient c = RtmTracing.bindTo(builder(transport), tracing.sdk).buildAsync()) {
            CompletableFuture<SendResult> f = c.sendPeer(peer());
            assertThat(f.cancel(true)).isTrue();
        }
        // the cancellation ends both spans on the cancelling thread, before cancel() returns
        SpanData call = tracing.span("send_peer");
        assertThat(call).hasStatus(io.opentelemetry.sdk.trace.data.StatusData.create(StatusCode.ERROR,
                "java.util.concurrent.CancellationException"))
                .hasAttribute(AttributeKey.stringKey("error.type"), "java.util.concurrent.CancellationException");
        assertThat(tracing.children(call)).singleElement().satisfies(exchange -> assertThat(exchange)
                .hasAttribute(AttributeKey.stringKey("error.type"), "java.util.concurrent.CancellationException"));
        assertThat(transport.exchange(0).future()).isCancelled();
    }

    @Test
    void theCallSpanIsAChildOfTheCallersCurrentSpan() {
        transport.respondSent();
        Span caller = tracing.sdk.getTracer("test").spanBuilder("handle-request").startSpan();
        try (RtmClient c = client(); Scope ignored = caller.makeCurrent()) {
            c.sendPeer(peer());
        } finally {
            caller.end();
        }
        SpanData call = tracing.span("send_peer");
        assertThat(call).hasParentSpanId(caller.getSpanContext().getSpanId()).hasTraceId(caller.getSpanContext().getTraceId());
        assertThat(tracing.children(call)).hasSize(1);
    }

    @Test
    void aChannelMessageIsASendChannelSpan() {
        transport.respondSent();
        try (RtmClient c = client()) {
            c.sendChannel(io.rtm.core.testsupport.Fixtures.channel());
        }
        assertThat(tracing.span("send_channel")).hasAttribute(AttributeKey.stringKey("rtm.api"), "channel");
        assertThat(tracing.span("POST /dev/v2/project/{appid}/rtm/users/{user_id}/channel_messages"))
                .hasAttribute(AttributeKey.stringKey("url.template"), "/dev/v2/project/{appid}/rtm/users/{user_id}/channel_messages");
    }

    @Test
    void anEventsReadIsAReceiveAndAHistoryCountIsNoMessagingOperation() {
        transport.respond(200, io.rtm.core.testsupport.Replies.userEvents("Login"))
                .respond(200, "{\"result\":\"success\",\"code\":\"ok\",\"count\":3}");
        try (RtmClient c = client()) {
            assertThat(c.events().userEvents()).hasSize(1);
            assertThat(c.history().count(io.rtm.core.history.HistoryFilter.builder().source("alice")
                    .start(java.time.Instant.parse("2026-12-01T00:00:00Z")).end(java.time.Instant.parse("2026-12-02T00:00:00Z"))
                    .build())).isEqualTo(3L);
        }
        assertThat(tracing.span("user_events")).hasAttribute(AttributeKey.stringKey("messaging.operation.type"), "receive");
        assertThat(tracing.span("history_count").getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isNull();
    }
}
