package io.rtm.metrics;

import static io.rtm.metrics.Clients.CHANNEL_URI;
import static io.rtm.metrics.Clients.PEER_URI;
import static io.rtm.metrics.Meters.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmValidationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What one call records in rtm.client.calls, http.client.requests and rtm.client.retries, series by series. */
class CallAndAttemptMetersTest {

    private static final String PEER_ATTEMPT = "client.name=127.0.0.1,exception=none,method=POST,outcome=%s,status=%s,uri=" + PEER_URI;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScriptedTransport transport = new ScriptedTransport();

    private RtmClient client(RetryPolicy policy) {
        return RtmMetrics.bindTo(Clients.builder(transport).retryPolicy(policy), registry).build();
    }

    @Test
    void aSentPeerMessageIsOneSuccessfulCallAndOneAttemptWithStatus200() {
        transport.respondSent();
        try (RtmClient c = client(RetryPolicy.defaults())) {
            c.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry(PEER_ATTEMPT.formatted("SUCCESS", "200"), 1L));
        assertThat(series(registry, RtmMetrics.RETRIES)).isEmpty();
        assertThat(Meters.inflight(registry, "peer")).isZero();
    }

    @Test
    void aChannelMessageIsTaggedWithTheChannelApiAndItsUriTemplate() {
        transport.respond(200, "{\"code\":\"message sent\",\"request_id\":\"r-2\"}");
        try (RtmClient c = client(RetryPolicy.defaults())) {
            c.sendChannel(Clients.channel());
        }
        assertThat(series(registry, RtmMetrics.CALLS)).as("the SPEC's \"message sent\" spelling is message_sent").containsExactly(
                entry("api=channel,code=message_sent,exception=none,outcome=SUCCESS", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry("client.name=127.0.0.1,exception=none,method=POST,outcome=SUCCESS,status=200,uri=" + CHANNEL_URI, 1L));
    }

    @Test
    void a400IsAClientErrorCallWithTheServiceCode() {
        transport.respond(400, "{\"result\":\"failed\",\"code\":\"invalid_parameter\",\"request_id\":\"r-3\",\"message\":\"bad destination\"}");
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport), registry).buildAsync()) {
            assertThat(c.sendPeer(Clients.peer())).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(RtmBadRequestException.class);
        }
        // the call ended with an HTTP response: outcome and code describe it, exception stays none
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=invalid_parameter,exception=none,outcome=CLIENT_ERROR", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry(PEER_ATTEMPT.formatted("CLIENT_ERROR", "400"), 1L));
        assertThat(series(registry, RtmMetrics.RETRIES)).isEmpty();
    }

    @Test
    void a429ThenA200IsOneSuccessfulCallTwoAttemptsAndOneRetry() {
        transport.respond(429, "{\"result\":\"failed\",\"code\":\"rate_limited\",\"request_id\":\"r-4\"}", "Retry-After", "0")
                .respondSent();
        try (RtmClient c = client(RetryPolicy.defaults())) {
            assertThat(c.sendPeer(Clients.peer()).attempts()).isEqualTo(2);
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry(PEER_ATTEMPT.formatted("CLIENT_ERROR", "429"), 1L),
                entry(PEER_ATTEMPT.formatted("SUCCESS", "200"), 1L));
        assertThat(series(registry, RtmMetrics.RETRIES)).containsExactly(entry("api=peer,reason=rate_limited", 1L));
    }

    @Test
    void a500AfterEveryRetryIsAServerErrorCallWithTheLastCode() {
        RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).build();
        transport.respond(500, "{\"code\":\"internal_error\"}").respond(500, "not json at all");
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport).retryPolicy(twice), registry).buildAsync()) {
            assertThat(c.sendPeer(Clients.peer())).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class);
        }
        assertThat(series(registry, RtmMetrics.CALLS)).as("the final reply had no readable code").containsExactly(
                entry("api=peer,code=none,exception=none,outcome=SERVER_ERROR", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry(PEER_ATTEMPT.formatted("SERVER_ERROR", "500"), 2L));
        assertThat(series(registry, RtmMetrics.RETRIES)).containsExactly(entry("api=peer,reason=server_error", 1L));
    }

    @Test
    void aTransportFailureIsTaggedWithItsExceptionAndIoErrorStatus() {
        transport.fail(() -> RtmTransportException.connectFailed("connection refused", null));
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport).retryPolicy(RetryPolicy.none()), registry).buildAsync()) {
            assertThat(c.sendPeer(Clients.peer())).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(RtmTransportException.class);
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=none,exception=RtmTransportException,outcome=UNKNOWN", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(entry(
                "client.name=127.0.0.1,exception=RtmTransportException,method=POST,outcome=UNKNOWN,status=IO_ERROR,uri=" + PEER_URI, 1L));
        assertThat(Meters.inflight(registry, "peer")).isZero();
    }

    @Test
    void aConnectFailureThatIsRetriedCountsItsReason() {
        RetryPolicy quick = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build();
        transport.fail(() -> RtmTransportException.connectFailed("connection refused", null)).respondSent();
        try (RtmClient c = client(quick)) {
            c.sendPeer(Clients.peer());
        }
        assertThat(series(registry, RtmMetrics.RETRIES)).containsExactly(entry("api=peer,reason=connect_failure", 1L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry("client.name=127.0.0.1,exception=RtmTransportException,method=POST,outcome=UNKNOWN,status=IO_ERROR,uri="
                        + PEER_URI, 1L),
                entry(PEER_ATTEMPT.formatted("SUCCESS", "200"), 1L));
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 1L));
    }

    @Test
    void aMessageThatFailsValidationIsNotCountedBecauseNothingIsSent() {
        try (RtmAsyncClient c = RtmMetrics.bindTo(Clients.builder(transport).validator(Clients.REJECT_ALL), registry).buildAsync()) {
            CompletableFuture<?> f = c.sendPeer(Clients.peer());
            assertThat(f).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(RtmValidationException.class);
        }
        assertThat(transport.calls()).isZero();
        assertThat(series(registry, RtmMetrics.CALLS)).isEmpty();
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).isEmpty();
        assertThat(Meters.inflight(registry, "peer")).isZero();
    }

    @Test
    void callsAreCountedOncePerCallAcrossManySends() {
        for (int i = 0; i < 5; i++) {
            transport.respondSent();
        }
        transport.respond(200, "{\"code\":\"message_offline\",\"request_id\":\"r\"}");
        try (RtmClient c = client(RetryPolicy.defaults())) {
            for (int i = 0; i < 6; i++) {
                c.sendPeer(Clients.peer());
            }
        }
        assertThat(series(registry, RtmMetrics.CALLS)).containsExactly(
                entry("api=peer,code=message_offline,exception=none,outcome=SUCCESS", 1L),
                entry("api=peer,code=message_sent,exception=none,outcome=SUCCESS", 5L));
        assertThat(series(registry, RtmMetrics.HTTP_CLIENT_REQUESTS)).containsExactly(
                entry(PEER_ATTEMPT.formatted("SUCCESS", "200"), 6L));
    }
}
