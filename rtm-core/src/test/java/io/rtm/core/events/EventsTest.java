package io.rtm.core.events;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Operation;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.testsupport.Replies;
import io.rtm.core.testsupport.ScriptedTransport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fetch of user or channel events: the request, the batch, and why a read is never retried once it may have reached the service. */
class EventsTest {

    private final ScriptedTransport transport = new ScriptedTransport();
    private static final RetryPolicy FAST = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build();

    @Test
    void fetchesUserEventsWithAGetOnTheVendorPathAndReturnsTheBatchInOrder() {
        transport.respond(200, Replies.userEvents("Login", "Logout", "Kicked"));
        try (RtmClient c = builder(transport).build()) {
            assertThat(c.events().userEvents()).containsExactly(
                    new UserEvent("u0", "Login", Instant.ofEpochMilli(0)),
                    new UserEvent("u1", "Logout", Instant.ofEpochMilli(1)),
                    new UserEvent("u2", "Kicked", Instant.ofEpochMilli(2))); // a type unknown to the SDK is kept as sent
        }
        HttpRequest get = transport.request(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.uri().toString()).isEqualTo("http://127.0.0.1:1/dev/v2/project/app1/rtm/vendor/user_events");
        assertThat(get.body()).isEmpty();
        assertThat(get.headers().allValues("Content-Type")).isEmpty();
        assertThat(get.headers().allValues("Accept")).containsExactly("application/json");
    }

    @Test
    void fetchesChannelEvents() {
        transport.respond(200, "{\"result\":\"success\",\"request_id\":\"r\",\"events\":[{\"channel_id\":\"lobby\","
                + "\"user_id\":\"bob\",\"type\":\"Join\",\"ts\":1578027420761},{\"channel_id\":\"lobby\",\"user_id\":\"bob\","
                + "\"type\":\"Leave\",\"ts\":1578027420762}]}");
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            assertThat(c.events().channelEvents()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(List.of(
                    new ChannelEvent("lobby", "bob", ChannelEvent.JOIN, Instant.ofEpochMilli(1578027420761L)),
                    new ChannelEvent("lobby", "bob", ChannelEvent.LEAVE, Instant.ofEpochMilli(1578027420762L))));
        }
        assertThat(transport.request(0).uri().getRawPath()).isEqualTo("/dev/v2/project/app1/rtm/vendor/channel_events");
    }

    @Test
    void eachEventsApiHasItsOwnQuotaOf10PerSecondAndIsNotIdempotent() {
        assertThat(RateLimit.defaults().quotaFor(Operation.USER_EVENTS, "app1").key()).isEqualTo("app1:user_events");
        assertThat(RateLimit.defaults().quotaFor(Operation.CHANNEL_EVENTS, "app1").key()).isEqualTo("app1:channel_events");
        assertThat(RateLimit.defaults().quotaFor(Operation.USER_EVENTS, "app1").permits()).isEqualTo(10);
        assertThat(RateLimit.defaults().quotaFor(Operation.CHANNEL_EVENTS, "app1").permits()).isEqualTo(10);
        assertThat(Operation.USER_EVENTS.idempotent()).isFalse();
        assertThat(Operation.CHANNEL_EVENTS.idempotent()).isFalse();
    }

    @Test
    void aReadThatMayHaveReachedTheServiceIsNeverRetriedEvenUnderTheAtLeastOncePolicy() {
        // a retry would answer with the next events and silently lose the ones the failed reply carried
        transport.respond(503, "{\"result\":\"failed\",\"code\":\"unavailable\"}")
                .fail(() -> RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "no response", null))
                .respond(200, Replies.userEvents("Login")); // what a retry would have read
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).buildAsync()) {
            assertThat(failureOf(c.events().userEvents())).isInstanceOfSatisfying(RtmServerException.class, e -> {
                assertThat(e.mayHaveReachedService()).isTrue();
                assertThat(e.attempts()).isEqualTo(1);
            });
            assertThat(failureOf(c.events().userEvents())).isInstanceOfSatisfying(RtmTimeoutException.class,
                    e -> assertThat(e.mayHaveReachedService()).isTrue());
        }
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void aReadThatProvablyNeverReachedTheServiceIsRetried() {
        transport.fail(() -> RtmTransportException.connectFailed("refused", new IOException("refused")))
                .respond(429, "{\"result\":\"failed\",\"code\":\"rate_limited\"}", "Retry-After", "0")
                .respond(200, Replies.userEvents("Login"));
        try (RtmAsyncClient c = builder(transport).retryPolicy(FAST).rateLimit(RateLimit.disabled()).buildAsync()) {
            assertThat(c.events().userEvents()).succeedsWithin(Duration.ofSeconds(5)).asList().hasSize(1);
        }
        assertThat(transport.calls()).isEqualTo(3);
    }

    @Test
    void aBatchWithoutEventsArrayIsAnUnexpectedResponseThatMayHaveLostEvents() {
        transport.respond(200, "{\"result\":\"success\"}");
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            Throwable t = failureOf(c.events().channelEvents());
            assertThat(t).isInstanceOf(RtmException.class).hasMessageContaining("channel events read")
                    .hasMessageContaining("\"events\" is missing");
            assertThat(((RtmException) t).mayHaveReachedService()).isTrue();
        }
    }
}
