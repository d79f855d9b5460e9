package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmValidationException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The error types' contract and the small value types. */
class ErrorsAndValuesTest {

    static Stream<RtmException> failures() {
        IllegalStateException cause = new IllegalStateException("cause");
        return Stream.of(
                new RtmBadRequestException("bad", cause, 400, "invalid_payload", "r1", 1),
                new RtmAuthenticationException("auth", cause, 401, "invalid_credentials", "r1", 1),
                new RtmServerException("server", cause, 503, "unavailable", "r1", 1),
                new RtmTimeoutException("timeout", cause, 408, "timeout", "r1", 1, RtmTimeoutException.Kind.SERVICE),
                new RtmRateLimitedException("limited", cause, 429, "rate_limited", "r1", 1, Duration.ofSeconds(2), false),
                new RtmTransportException("reset", cause, true, 1));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void withAttemptsKeepsTypeFieldsCauseAndSuppressed(RtmException original) {
        original.addSuppressed(new RuntimeException("earlier"));
        RtmException copy = original.withAttempts(3);
        assertThat(copy).isExactlyInstanceOf(original.getClass()).isNotSameAs(original);
        assertThat(copy.attempts()).isEqualTo(3);
        assertThat(copy.retried()).isTrue();
        assertThat(copy.httpStatus()).isEqualTo(original.httpStatus());
        assertThat(copy.code()).isEqualTo(original.code());
        assertThat(copy.requestId()).isEqualTo(original.requestId());
        assertThat(copy.getCause()).isSameAs(original.getCause());
        assertThat(copy.getSuppressed()).extracting(Throwable::getMessage).containsExactly("earlier");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getMessage()).endsWith("attempts=3]");
        assertThat(original.withAttempts(1)).isSameAs(original);
    }

    @Test
    void rateLimitedCopyKeepsRetryAfterAndLocality() {
        RtmRateLimitedException local = new RtmRateLimitedException("wait", null, 0, null, null, 0, Duration.ofMillis(250), true);
        RtmRateLimitedException copy = (RtmRateLimitedException) local.withAttempts(2);
        assertThat(copy.retryAfter()).contains(Duration.ofMillis(250));
        assertThat(copy.isLocal()).isTrue();
    }

    @Test
    void transportCopyKeepsWhetherTheRequestMayHaveReachedTheService() {
        RtmTransportException refused = RtmTransportException.connectFailed("refused", null);
        assertThat(((RtmTransportException) refused.withAttempts(2)).mayHaveReachedService()).isFalse();
        assertThat(RtmTransportException.afterSend("reset", null).mayHaveReachedService()).isTrue();
    }

    @Test
    void timeoutKindsSayWhetherTheRequestMayHaveReachedTheService() {
        assertThat(RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "x", null).mayHaveReachedService()).isFalse();
        assertThat(RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "x", null).mayHaveReachedService()).isTrue();
    }

    @Test
    void messageListsOnlyWhatIsKnown() {
        assertThat(new RtmTransportException("refused", null, false, 1).getMessage()).isEqualTo("refused");
        assertThat(new RtmServerException("down", null, 503, null, null, 1).getMessage()).isEqualTo("down [status=503, attempts=1]");
        assertThat(new RtmConfigurationException("appId is required").getMessage()).isEqualTo("appId is required");
    }

    @Test
    void validationExceptionListsEveryViolationAndNeedsOne() {
        RtmValidationException e = new RtmValidationException(List.of(
                new Violation("destination", "charset", "has '/'"), new Violation("payload", "not_empty", "is empty")));
        assertThat(e.getMessage()).isEqualTo("invalid message: destination (charset): has '/'; payload (not_empty): is empty");
        assertThat(e.attempts()).isZero();
        assertThatThrownBy(() -> new RtmValidationException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messageBuildersNameEveryMissingField() {
        assertThatThrownBy(() -> PeerMessage.builder().build()).isInstanceOfSatisfying(RtmValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("user_id", "destination", "payload"));
        assertThatThrownBy(() -> ChannelMessage.builder().from("a").build()).isInstanceOfSatisfying(RtmValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("channel_name", "payload"));
    }

    @Test
    void deliveryCodeReadsTheWireSpellingsOnly() {
        assertThat(DeliveryCode.fromWire("message_sent")).isEqualTo(DeliveryCode.SENT);
        assertThat(DeliveryCode.fromWire("message sent")).isEqualTo(DeliveryCode.SENT);
        assertThat(DeliveryCode.fromWire("message_delivered")).isEqualTo(DeliveryCode.DELIVERED);
        assertThat(DeliveryCode.fromWire("message_offline")).isEqualTo(DeliveryCode.OFFLINE);
        assertThat(DeliveryCode.fromWire("MESSAGE_SENT")).isEqualTo(DeliveryCode.UNKNOWN); // the API is case sensitive
        assertThat(DeliveryCode.fromWire("")).isEqualTo(DeliveryCode.UNKNOWN);
        assertThat(DeliveryCode.fromWire(null)).isEqualTo(DeliveryCode.UNKNOWN);
    }

    @Test
    void sendResultNeedsAtLeastOneAttempt() {
        assertThatThrownBy(() -> SendResult.of(200, "message_sent", null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SendResult.of(200, "message_sent", null, null, 1).withAttempts(2).attempts()).isEqualTo(2);
    }
}
