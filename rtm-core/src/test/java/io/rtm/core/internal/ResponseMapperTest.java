package io.rtm.core.internal;

import static io.rtm.core.testsupport.ScriptedTransport.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.DeliveryCode;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmServiceTimeoutException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.testsupport.TestAuthenticator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseMapperTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);
    private static final String ERROR_BODY =
            "{\"result\":\"failed\",\"code\":\"some_reason\",\"request_id\":\"req-42\",\"message\":\"what went wrong\"}";

    private static RtmException map(int status, String body, String... headers) {
        return ResponseMapper.toException(Operations.SEND_PEER.label, response(status, body, headers), 2, CLOCK);
    }

    // --- success ---

    @Test
    void mapsOkToResultWithRawCodeResultRequestIdAndAttempts() {
        SendResult r = Operations.sendResult(response(200, "{\"code\":\"message_delivered\",\"result\":\"success\",\"request_id\":\"r1\"}"), 3);
        assertThat(r).isEqualTo(SendResult.of(200, "message_delivered", "success", "r1", 3));
        assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
    }

    @Test
    void keepsTheRawSpellingOfThePublishedChannelCode() {
        SendResult r = Operations.sendResult(response(200, "{\"code\": \"message sent\", \"request_id\": \"123\", \"result\": \"success\"}"), 1);
        assertThat(r.code()).isEqualTo("message sent");
        assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.SENT);
    }

    @Test
    void mapsOfflineReplyWithoutResultToAbsentResult() {
        SendResult r = Operations.sendResult(response(200, "{\"code\": \"message_offline\", \"request_id\": \"123\"}"), 1);
        assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.OFFLINE);
        assertThat(r.result()).isEmpty();
        assertThat(r.requestId()).contains("123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "OK", "<html>ok</html>", "[]", "{}"})
    void mapsOkWithoutCodeToEmptyCodeAndUnknown(String body) {
        SendResult r = Operations.sendResult(response(200, body), 1);
        assertThat(r.code()).isEmpty();
        assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.UNKNOWN);
        assertThat(r.requestId()).isEmpty();
    }

    @Test
    void surfacesAnUnknownCodeAsIsNotAsAnError() {
        SendResult r = Operations.sendResult(response(200, "{\"code\":\"message_queued\"}"), 1);
        assertThat(r.code()).isEqualTo("message_queued");
        assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.UNKNOWN);
    }

    @Test
    void treatsEvery2xxAsSuccessOnly() {
        assertThat(ResponseMapper.isSuccess(200)).isTrue();
        assertThat(ResponseMapper.isSuccess(204)).isTrue();
        assertThat(ResponseMapper.isSuccess(299)).isTrue();
        assertThat(ResponseMapper.isSuccess(199)).isFalse();
        assertThat(ResponseMapper.isSuccess(300)).isFalse();
    }

    // --- errors by status ---

    @Test
    void maps400ToBadRequestCarryingStatusCodeRequestIdAndAttempts() {
        RtmException e = map(400, ERROR_BODY);
        assertThat(e).isExactlyInstanceOf(RtmBadRequestException.class);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.code()).contains("some_reason");
        assertThat(e.requestId()).contains("req-42");
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e.retried()).isTrue();
        assertThat(e.getMessage()).isEqualTo(
                "peer message failed: HTTP 400: what went wrong [status=400, code=some_reason, request_id=req-42, attempts=2]");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void maps401And403ToAuthenticationError(int status) {
        RtmException e = map(status, ERROR_BODY);
        assertThat(e).isExactlyInstanceOf(RtmAuthenticationException.class);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.code()).contains("some_reason");
    }

    @Test
    void maps408ToServiceTimeout() {
        RtmException e = map(408, ERROR_BODY);
        assertThat(e).isExactlyInstanceOf(RtmServiceTimeoutException.class);
        assertThat(e.httpStatus()).isEqualTo(408);
        assertThat(e.retryable()).isTrue();
        assertThat(e.mayHaveReachedService()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void maps3xxToAnUnexpectedResponseSayingRedirectsAreNeverFollowed(int status) {
        RtmException e = map(status, "", "Location", "https://elsewhere.example/");
        assertThat(e).isExactlyInstanceOf(io.rtm.core.error.RtmUnexpectedResponseException.class)
                .isInstanceOf(io.rtm.core.error.RtmServiceException.class);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.getMessage()).contains("HTTP " + status).contains("never follows redirects").contains("check the endpoint")
                .doesNotContain("elsewhere");
        assertThat(e.retryable()).isFalse();
        assertThat(e.mayHaveReachedService()).isFalse();
        assertThat(e.reason()).isEqualTo(Reason.UNEXPECTED_RESPONSE);
    }

    @Test
    void maps429ToRateLimitedWithRetryAfterFromDeltaSeconds() {
        RtmException e = map(429, "{\"result\":\"failed\",\"code\":\"rate_limited\",\"request_id\":\"r\"}", "Retry-After", "3");
        assertThat(e).isExactlyInstanceOf(RtmRateLimitedException.class);
        RtmRateLimitedException limited = (RtmRateLimitedException) e;
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(limited.mayHaveReachedService()).isFalse();
        assertThat(limited.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(limited.code()).contains("rate_limited");
    }

    @Test
    void maps429ToRateLimitedWithRetryAfterFromHttpDate() {
        RtmRateLimitedException e = (RtmRateLimitedException) map(429, "", "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void maps429WithoutRetryAfterToAbsentRetryAfter() {
        assertThat(((RtmRateLimitedException) map(429, "")).retryAfter()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 405, 409, 413, 415, 422})
    void mapsOther4xxToBadRequest(int status) {
        RtmException e = map(status, "");
        assertThat(e).isExactlyInstanceOf(RtmBadRequestException.class);
        assertThat(e.httpStatus()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void maps5xxToServerError(int status) {
        RtmException e = map(status, ERROR_BODY);
        assertThat(e).isExactlyInstanceOf(RtmServerException.class);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.requestId()).contains("req-42");
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 301, 302, 304, 307})
    void mapsUninterpretableStatusesToAnUnexpectedResponseNamingTheStatus(int status) {
        RtmException e = map(status, "");
        assertThat(e).isExactlyInstanceOf(io.rtm.core.error.RtmUnexpectedResponseException.class);
        assertThat(e.getMessage()).contains("HTTP " + status);
    }

    // --- messages ---

    @Test
    void saysTheBodyWasEmpty() {
        assertThat(map(503, "").getMessage()).isEqualTo("peer message failed: HTTP 503 (empty body) [status=503, attempts=2]");
    }

    @Test
    void quotesANonJsonBody() {
        assertThat(map(502, "<html><body>Bad Gateway</body></html>").getMessage())
                .isEqualTo("peer message failed: HTTP 502 (body is not JSON: \"<html><body>Bad Gateway</body></html>\") [status=502, attempts=2]");
    }

    @Test
    void clipsALongBodyAndRemovesControlCharacters() {
        String message = map(502, "<html>\r\n" + "x".repeat(1000)).getMessage();
        assertThat(message).contains("HTTP 502").contains("<html>  xxx").contains("x…\")").doesNotContain("\n").hasSizeLessThan(400);
    }

    @Test
    void saysJsonReplyHadNeitherCodeNorMessage() {
        assertThat(map(500, "{\"unexpected\":1}").getMessage())
                .isEqualTo("peer message failed: HTTP 500 (reply without code or message) [status=500, attempts=2]");
    }

    @Test
    void namesTheChannelApi() {
        assertThat(ResponseMapper.toException(Operations.SEND_CHANNEL.label, response(500, ""), 1, CLOCK).getMessage())
                .startsWith("channel message failed: HTTP 500");
    }

    @Test
    void scrubsAnEchoedAuthorizationValueAndTheSecretInsideIt() {
        HttpRequest sent = HttpRequest.builder().method("POST").uri(URI.create("http://127.0.0.1:1/x"))
                .header("Authorization", TestAuthenticator.AUTHORIZATION).build();
        String base64 = TestAuthenticator.AUTHORIZATION.substring("Basic ".length());
        HttpResponse echo = response(401, "{\"code\":\"invalid_credentials\",\"message\":\"header was '"
                + TestAuthenticator.AUTHORIZATION + "', token " + base64 + ", secret " + TestAuthenticator.API_SECRET + "\"}");
        RtmException e = ResponseMapper.toException(Operations.SEND_PEER.label, echo, 1, CLOCK, sent);
        assertThat(e.getMessage()).doesNotContain(base64).doesNotContain(TestAuthenticator.API_SECRET)
                .contains("header was '<redacted>', token <redacted>, secret <redacted>");
    }

    @Test
    void scrubsAnEchoedTokenFromANonJsonBody() {
        String token = "006abcdefTOKENvalue0123456789";
        HttpRequest sent = HttpRequest.builder().method("POST").uri(URI.create("http://127.0.0.1:1/x"))
                .header("x-ar-token", token).header("x-ar-uid", "alice").build();
        RtmException e = ResponseMapper.toException(Operations.SEND_PEER.label, response(401, "denied x-ar-token=" + token + " for alice"), 1, CLOCK, sent);
        assertThat(e.getMessage()).doesNotContain(token).contains("denied x-ar-token=<redacted> for alice");
    }

    @Test
    void scrubsAnEchoedCredentialFromTheCodeAndTheRequestIdWhichTheMessageShows() {
        String token = "006abcdefTOKENvalue0123456789";
        HttpRequest sent = HttpRequest.builder().method("POST").uri(URI.create("http://127.0.0.1:1/x"))
                .header("x-ar-token", token).header("x-ar-uid", "alice").build();
        RtmException e = ResponseMapper.toException(Operations.SEND_PEER.label,
                response(401, "{\"code\":\"bad " + token + "\",\"request_id\":\"" + token + "\"}"), 1, CLOCK, sent);
        assertThat(e.code()).contains("bad <redacted>");
        assertThat(e.requestId()).contains("<redacted>");
        assertThat(e.getMessage()).doesNotContain(token).contains("code=bad <redacted>, request_id=<redacted>");
    }
}
