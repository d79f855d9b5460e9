package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.channel;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestValidator;
import org.junit.jupiter.api.Test;

/** RtmClient: the blocking face of the same pipeline. */
class BlockingClientTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    @Test
    void returnsTheResult() {
        transport.respond(200, "{\"code\":\"message_delivered\",\"result\":\"success\",\"request_id\":\"r7\"}");
        try (RtmClient c = builder(transport).build()) {
            assertThat(c.sendPeer(peer())).isEqualTo(SendResult.of(200, "message_delivered", "success", "r7", 1));
        }
    }

    @Test
    void sendsChannelMessages() {
        transport.respondSent();
        try (RtmClient c = builder(transport).build()) {
            assertThat(c.sendChannel(channel()).code()).isEqualTo("message_sent");
        }
        assertThat(transport.request(0).uri().getRawPath()).endsWith("/channel_messages");
    }

    @Test
    void rethrowsTheTypedExceptionItselfNotACompletionException() {
        transport.respond(500, "{\"code\":\"internal_error\",\"request_id\":\"r9\"}");
        try (RtmClient c = builder(transport).retryPolicy(RetryPolicy.none()).build()) {
            assertThatThrownBy(() -> c.sendPeer(peer())).isExactlyInstanceOf(RtmServerException.class)
                    .satisfies(e -> assertThat(((RtmServerException) e).requestId()).contains("r9"))
                    .satisfies(e -> assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).hasMessageContaining("blocking call")));
        }
    }

    @Test
    void throwsValidationErrorsBeforeSending() {
        try (RtmClient c = builder(transport).validator(TestValidator.rejecting(new Violation("payload", "not_empty", "is empty"))).build()) {
            assertThatThrownBy(() -> c.sendPeer(peer())).isExactlyInstanceOf(RtmValidationException.class);
        }
        assertThat(transport.calls()).isZero();
    }

    @Test
    void throwsAuthenticationErrors() {
        transport.respond(401, "{\"code\":\"invalid_credentials\"}");
        try (RtmClient c = builder(transport).build()) {
            assertThatThrownBy(() -> c.sendPeer(peer())).isExactlyInstanceOf(RtmAuthenticationException.class);
        }
    }

    @Test
    void asyncFaceUsesTheSamePipeline() {
        transport.respondSent();
        try (RtmClient c = builder(transport).build()) {
            assertThat(resultOf(c.async().sendPeer(peer())).attempts()).isEqualTo(1);
            assertThat(c.async()).isSameAs(c.async());
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void closingTheBlockingClientClosesTheAsyncFace() {
        RtmClient c = builder(transport).build();
        c.close();
        assertThat(failureOf(c.async().sendPeer(peer()))).isExactlyInstanceOf(RtmClientClosedException.class);
        assertThatThrownBy(() -> c.sendPeer(peer())).isExactlyInstanceOf(RtmClientClosedException.class);
    }

    @Test
    void interruptingTheWaitingThreadCancelsTheCall() throws Exception {
        transport.hang();
        try (RtmClient c = builder(transport).build()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> c.sendPeer(peer())).isInstanceOf(io.rtm.core.error.RtmException.class).hasMessageContaining("interrupted");
            assertThat(Thread.interrupted()).isTrue(); // the flag is kept (and cleared here)
        }
        assertThat(transport.exchange(0).future()).isCancelled();
    }
}
