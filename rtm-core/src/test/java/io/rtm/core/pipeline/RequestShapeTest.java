package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.channel;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.ChannelMessage;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.Rtm;
import io.rtm.core.internal.Internals;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import io.rtm.core.testsupport.TestValidator;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What the pipeline hands the transport, and what it refuses to send. */
class RequestShapeTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    private HttpRequest sendPeerAndCapture(PeerMessage message) {
        transport.respondSent();
        try (RtmAsyncClient client = builder(transport).buildAsync()) {
            resultOf(client.sendPeer(message));
        }
        assertThat(transport.calls()).isEqualTo(1);
        return transport.request(0);
    }

    @Test
    void postsAPeerMessageToTheSendersPeerMessagesUri() {
        HttpRequest r = sendPeerAndCapture(peer());
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri().toString()).isEqualTo("http://127.0.0.1:1/dev/v2/project/app1/rtm/users/alice/peer_messages");
    }

    @Test
    void postsAChannelMessageToTheSendersChannelMessagesUri() {
        transport.respondSent();
        try (RtmAsyncClient client = builder(transport).buildAsync()) {
            resultOf(client.sendChannel(channel()));
        }
        HttpRequest r = transport.request(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri().toString()).isEqualTo("http://127.0.0.1:1/dev/v2/project/app1/rtm/users/alice/channel_messages");
        assertThat(r.body()).isEqualTo(Internals.encode(channel()));
    }

    @Test
    void sendsTheEncodedMessageAsTheBody() {
        PeerMessage m = PeerMessage.builder().from("alice").to("bob").payload("héllo").offline(true).build();
        assertThat(sendPeerAndCapture(m).body()).isEqualTo(Internals.encode(m));
    }

    @Test
    void encodesTheSenderAsOnePathSegment() {
        HttpRequest r = sendPeerAndCapture(PeerMessage.builder().from("a b+c%/#?").to("bob").payload("x").build());
        assertThat(r.uri().getRawPath()).isEqualTo("/dev/v2/project/app1/rtm/users/a%20b%2Bc%25%2F%23%3F/peer_messages");
        assertThat(r.uri().getRawQuery()).isNull();
    }

    @Test
    void sendsContentTypeJsonUtf8ExactlyOnce() {
        assertThat(sendPeerAndCapture(peer()).headers().allValues("content-type")).containsExactly("application/json;charset=utf-8");
    }

    @Test
    void sendsTheSdkUserAgent() {
        String userAgent = sendPeerAndCapture(peer()).headers().allValues("User-Agent").get(0);
        assertThat(Rtm.version()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(userAgent).startsWith("rtm-java/" + Rtm.version() + " (").endsWith(")")
                .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void appendsTheUserAgentSuffix() {
        transport.respondSent();
        try (RtmAsyncClient client = builder(transport).userAgentSuffix("my-service/1.2").buildAsync()) {
            resultOf(client.sendPeer(peer()));
        }
        assertThat(transport.request(0).headers().allValues("User-Agent")).containsExactly(io.rtm.core.RtmConfig.builder().appId("a").build().userAgent() + " my-service/1.2");
    }

    @Test
    void asksForAcknowledgementOnlyWhenTheMessageSaysSo() {
        HttpRequest acked = sendPeerAndCapture(PeerMessage.builder().from("alice").to("bob").payload("x").waitForAck(true).build());
        assertThat(acked.uri().getRawQuery()).isEqualTo("wait_for_ack=true");
        assertThat(acked.uri().toString()).endsWith("/peer_messages?wait_for_ack=true");
    }

    @Test
    void sendsNoQueryWithoutWaitForAck() {
        assertThat(sendPeerAndCapture(peer()).uri().getRawQuery()).isNull();
    }

    @Test
    void letsTheAuthenticatorAddItsHeader() {
        assertThat(sendPeerAndCapture(peer()).headers().allValues("Authorization")).containsExactly(TestAuthenticator.AUTHORIZATION);
    }

    @Test
    void keepsThePathPrefixOfTheEndpoint() {
        transport.respondSent();
        try (RtmAsyncClient client = builder(transport).endpoint("http://127.0.0.1:1/gateway/rtm/").buildAsync()) {
            resultOf(client.sendPeer(peer()));
        }
        assertThat(transport.request(0).uri().toString())
                .isEqualTo("http://127.0.0.1:1/gateway/rtm/dev/v2/project/app1/rtm/users/alice/peer_messages");
    }

    @Test
    void returnsTheResultOfTheReply() {
        transport.respond(200, "{\"code\": \"message_offline\", \"request_id\": \"123\"}");
        try (RtmAsyncClient client = builder(transport).buildAsync()) {
            SendResult r = resultOf(client.sendPeer(peer()));
            assertThat(r).isEqualTo(SendResult.of(200, "message_offline", null, "123", 1));
            assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.OFFLINE);
        }
    }

    // --- nothing is sent ---

    @Test
    void failsValidationWithEveryViolationBeforeAnythingIsSent() {
        Violation v1 = new Violation("destination", "max_length", "is longer than 64 characters");
        Violation v2 = new Violation("payload", "not_empty", "is empty");
        TestValidator validator = TestValidator.rejecting(v1, v2);
        TestAuthenticator authenticator = TestAuthenticator.basic();
        try (RtmAsyncClient client = builder(transport, authenticator).validator(validator).buildAsync()) {
            Throwable failure = failureOf(client.sendPeer(peer()));
            assertThat(failure).isExactlyInstanceOf(RtmValidationException.class);
            RtmValidationException e = (RtmValidationException) failure;
            assertThat(e.violations()).containsExactly(v1, v2);
            assertThat(e.attempts()).isZero();
            assertThat(e.httpStatus()).isZero();
        }
        assertThat(validator.calls()).isEqualTo(1);
        assertThat(authenticator.authenticateCalls()).isZero();
        assertThat(transport.calls()).isZero();
    }

    @Test
    void validatesChannelMessagesToo() {
        TestValidator validator = TestValidator.rejecting(new Violation("channel_name", "charset", "bad"));
        try (RtmAsyncClient client = builder(transport).validator(validator).buildAsync()) {
            assertThat(failureOf(client.sendChannel(channel()))).isExactlyInstanceOf(RtmValidationException.class);
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void failsANullMessageWithoutThrowing() {
        try (RtmAsyncClient client = builder(transport).buildAsync()) {
            CompletableFuture<SendResult> peer = client.sendPeer(null);
            CompletableFuture<SendResult> channel = client.sendChannel(null);
            assertThat(failureOf(peer)).isInstanceOf(RtmValidationException.class).hasMessageContaining("message");
            assertThat(failureOf(channel)).isInstanceOf(RtmValidationException.class);
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void failsTheFutureWhenTheValidatorThrowsInsteadOfThrowing() {
        IllegalStateException broken = new IllegalStateException("validator bug");
        io.rtm.core.spi.Validator throwing = new io.rtm.core.spi.Validator() {
            @Override
            public java.util.List<Violation> validate(PeerMessage message) {
                throw broken;
            }

            @Override
            public java.util.List<Violation> validate(ChannelMessage message) {
                throw broken;
            }
        };
        try (RtmAsyncClient client = builder(transport).validator(throwing).buildAsync()) {
            CompletableFuture<SendResult> f = client.sendPeer(peer());
            assertThat(failureOf(f)).isSameAs(broken);
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void refusesASenderTheCredentialsCannotSendAsBeforeAnythingIsSent() {
        TestAuthenticator tokenStyle = TestAuthenticator.onlyAs("carol");
        try (RtmAsyncClient client = builder(transport, tokenStyle).buildAsync()) {
            Throwable failure = failureOf(client.sendPeer(peer()));
            assertThat(failure).isExactlyInstanceOf(RtmCredentialsException.class);
            RtmCredentialsException e = (RtmCredentialsException) failure;
            assertThat(e.code()).contains("uid_mismatch");
            assertThat(e.attempts()).isZero();
            assertThat(e.mayHaveReachedService()).isFalse();
            assertThat(failureOf(client.sendChannel(channel()))).isExactlyInstanceOf(RtmCredentialsException.class);
        }
        assertThat(tokenStyle.authenticateCalls()).isZero();
        assertThat(transport.calls()).isZero();
    }

    @Test
    void sendsAsTheSenderTheCredentialsAllow() {
        transport.respondSent();
        try (RtmAsyncClient client = builder(transport, TestAuthenticator.onlyAs("alice")).buildAsync()) {
            assertThat(resultOf(client.sendPeer(peer())).attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void refusesASenderWithAnUnpairedSurrogateRatherThanSendingADifferentId() {
        try (RtmAsyncClient client = builder(transport).buildAsync()) {
            Throwable failure = failureOf(client.sendPeer(PeerMessage.builder().from("al\uD800ice").to("bob").payload("x").build()));
            assertThat(failure).isExactlyInstanceOf(RtmValidationException.class);
            assertThat(((RtmValidationException) failure).violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("user_id");
                assertThat(v.rule()).isEqualTo("well_formed_unicode");
            });
        }
        assertThat(transport.calls()).isZero();
    }
}
