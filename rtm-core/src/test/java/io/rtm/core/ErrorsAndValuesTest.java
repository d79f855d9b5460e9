package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmClientException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmValidationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The error types' contract and the small value types. */
class ErrorsAndValuesTest {

    static Stream<RtmException> failures() {
        return Stream.of(
                service(400, "invalid_payload"),
                service(401, "invalid_credentials"),
                service(408, "timeout"),
                RtmServiceException.builder(429).code("rate_limited").requestId("r1").retryAfter(Duration.ofSeconds(2)).build(),
                service(503, "unavailable"),
                service(302, null),
                new RtmTransportException("reset", new IllegalStateException("cause"), true, 1),
                RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "no response", null),
                RtmLocalRateLimitException.of("app1:peer", Duration.ofMillis(250), Duration.ofMillis(100)),
                RtmCredentialsException.unavailable("token_unavailable", "no token", new IllegalStateException("down")));
    }

    private static RtmException service(int status, String code) {
        return RtmServiceException.builder(status).message("failed").code(code).requestId("r1").build();
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
        assertThat(copy.retryable()).isEqualTo(original.retryable());
        assertThat(copy.reason()).isEqualTo(original.reason());
        assertThat(copy.mayHaveReachedService()).isEqualTo(original.mayHaveReachedService());
        assertThat(copy.getCause()).isSameAs(original.getCause());
        assertThat(copy.getSuppressed()).extracting(Throwable::getMessage).containsExactly("earlier");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getMessage()).endsWith("attempts=3]");
        assertThat(original.withAttempts(original.attempts())).isSameAs(original);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void mayHaveReachedServiceHoldsOverEveryAttemptOfTheCall(RtmException lastAttempt) {
        RtmException call = lastAttempt.withAttempts(3, true);
        assertThat(call.mayHaveReachedService()).as("an earlier attempt may have reached the service").isTrue();
        assertThat(call.withAttempts(4).mayHaveReachedService()).as("kept by later copies").isTrue();
        assertThat(call.withAttempts(4, false).mayHaveReachedService()).isTrue();
    }

    @Test
    void aRefusedRetryAfterAnUnansweredAttemptStillSaysTheServiceMayHaveTheMessage() {
        // attempt 1 reached the service and got no answer; attempts 2 and 3 could not connect
        RtmException last = RtmTransportException.connectFailed("refused", null);
        assertThat(last.mayHaveReachedService()).isFalse();
        assertThat(last.withAttempts(3, true).mayHaveReachedService()).isTrue();
        assertThat(last.withAttempts(3, false).mayHaveReachedService()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "400, RtmBadRequestException, false, bad_request, false",
            "404, RtmBadRequestException, false, bad_request, false",
            "401, RtmAuthenticationException, false, authentication, false",
            "403, RtmAuthenticationException, false, authentication, false",
            "408, RtmServiceTimeoutException, true, service_timeout, true",
            "429, RtmRateLimitedException, true, rate_limited, false",
            "500, RtmServerException, true, server_error, true",
            "503, RtmServerException, true, server_error, true",
            "501, RtmServerException, false, server_error, true",
            "101, RtmUnexpectedResponseException, false, unexpected_response, false",
            "301, RtmUnexpectedResponseException, false, unexpected_response, false",
            "302, RtmUnexpectedResponseException, false, unexpected_response, false",
            "200, RtmUnexpectedResponseException, false, unexpected_response, true"})
    void theServiceBuilderGivesEachStatusItsType(int status, String type, boolean retryable, String reason, boolean reached) {
        RtmServiceException e = RtmServiceException.builder(status).build();
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e).isInstanceOf(RtmServiceException.class).isNotInstanceOf(RtmClientException.class);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.reason().value()).isEqualTo(reason);
        assertThat(e.mayHaveReachedService()).isEqualTo(reached);
        assertThat(e.attempts()).isEqualTo(1);
    }

    @Test
    void clientSideErrorsSayTheirReasonAndWhetherTheyAreRetryable() {
        assertThat(RtmTransportException.connectFailed("x", null)).satisfies(e -> {
            assertThat(e).isInstanceOf(RtmClientException.class);
            assertThat(e.reason()).isEqualTo(Reason.CONNECT_FAILURE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.httpStatus()).isZero();
        });
        assertThat(RtmTransportException.afterSend("x", null).reason()).isEqualTo(Reason.IO_ERROR);
        assertThat(RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "x", null).reason()).isEqualTo(Reason.CONNECT_TIMEOUT);
        assertThat(RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "x", null).reason()).isEqualTo(Reason.RESPONSE_TIMEOUT);
        RtmTimeoutException deadline = RtmTimeoutException.deadline(Duration.ofSeconds(2), 2, true);
        assertThat(deadline.reason()).isEqualTo(Reason.DEADLINE);
        assertThat(deadline.kind()).isEqualTo(RtmTimeoutException.Kind.DEADLINE);
        assertThat(deadline.mayHaveReachedService()).isTrue();
        assertThat(deadline.getMessage()).isEqualTo("call did not complete within its deadline of PT2S [attempts=2]");
        assertThatThrownBy(() -> RtmTimeoutException.client(RtmTimeoutException.Kind.DEADLINE, "x", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RtmClientClosedException.rejected()).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.CLIENT_CLOSED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.aborted()).isFalse();
            assertThat(e.attempts()).isZero();
            assertThat(e.mayHaveReachedService()).isFalse();
        });
        RtmClientClosedException aborted = RtmClientClosedException.aborted(Duration.ofSeconds(5), 1, true);
        assertThat(aborted.aborted()).isTrue();
        assertThat(aborted.mayHaveReachedService()).isTrue();
        assertThat(aborted.getMessage()).contains("aborted after the grace period of PT5S").contains("may have reached the service");
        RtmLocalRateLimitException local = RtmLocalRateLimitException.of("app1:peer", Duration.ofMillis(900), Duration.ofMillis(100));
        assertThat(local.reason()).isEqualTo(Reason.RATE_LIMITED_LOCAL);
        assertThat(local.code()).contains("rate_limited");
        assertThat(local.retryable()).isTrue();
        assertThat(local.attempts()).isZero();
        assertThat(RtmCredentialsException.notAllowed("uid_mismatch", "no").retryable()).isFalse();
        assertThat(RtmCredentialsException.unavailable("token_unavailable", "no", null).retryable()).isTrue();
        assertThat(new RtmConfigurationException("x").reason()).isEqualTo(Reason.CONFIGURATION);
        assertThat(new RtmValidationException(List.of(new Violation("payload", "not_empty", "is empty"))).reason())
                .isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    void reasonOfAnyFailureLooksThroughFutureWrappers() {
        assertThat(Reason.of(new CompletionException(RtmTransportException.connectFailed("x", null)))).isEqualTo(Reason.CONNECT_FAILURE);
        assertThat(Reason.of(new CancellationException())).isEqualTo(Reason.CANCELLED);
        assertThat(Reason.of(new IllegalStateException())).isEqualTo(Reason.OTHER);
        assertThat(Reason.RATE_LIMITED).hasToString("rate_limited");
    }

    @Test
    void messageListsOnlyWhatIsKnown() {
        assertThat(new RtmTransportException("refused", null, false, 1).getMessage()).isEqualTo("refused");
        assertThat(RtmServiceException.builder(503).message("down").build().getMessage()).isEqualTo("down [status=503, attempts=1]");
        assertThat(RtmServiceException.builder(503).build().getMessage()).isEqualTo("HTTP 503 [status=503, attempts=1]");
        assertThat(new RtmConfigurationException("appId is required").getMessage()).isEqualTo("appId is required");
    }

    @Test
    void refusesAnApiKeyWithAColonWithATypedErrorSayingWhy() {
        assertThatThrownBy(() -> Credentials.basic("key:part", "s3cr3t-value"))
                .isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("apiKey must not contain ':'")
                .hasMessageContaining("splits at the first one")
                .hasMessageNotContaining("s3cr3t-value");
        assertThatThrownBy(() -> Credentials.basic("", "secret")).isExactlyInstanceOf(RtmConfigurationException.class);
        assertThatThrownBy(() -> Credentials.basic("key", "")).isExactlyInstanceOf(RtmConfigurationException.class);
        assertThatThrownBy(() -> Credentials.token("", "tok")).isExactlyInstanceOf(RtmConfigurationException.class);
        assertThat(Credentials.basic("key", "se:cret").apiSecret()).isEqualTo("se:cret"); // a colon in the secret is fine
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
