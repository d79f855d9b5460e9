package io.rtm.core.error;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Why a call failed, in one low-cardinality word: the vocabulary that {@link RtmException#reason()}, the metrics'
 * {@code reason} tag, bulk summaries and log lines share. {@link #value()} is the snake_case word.
 */
public enum Reason {
    /** {@link RtmValidationException}: the input broke a rule; nothing was sent. */
    INVALID_INPUT("invalid_input"),
    /** {@link RtmConfigurationException}: the SDK is misconfigured. */
    CONFIGURATION("configuration"),
    /** {@link RtmClientClosedException}: the client was closed. */
    CLIENT_CLOSED("client_closed"),
    /** {@link RtmCredentialsException}: the credentials cannot be used for this call (checked on this side). */
    CREDENTIALS("credentials"),
    /** {@link RtmTransportException} before anything was sent: the connection could not be established. */
    CONNECT_FAILURE("connect_failure"),
    /** {@link RtmTransportException} after the request may have been sent (reset, broken pipe, ...). */
    IO_ERROR("io_error"),
    /** {@link RtmTimeoutException.Kind#CONNECT}. */
    CONNECT_TIMEOUT("connect_timeout"),
    /** {@link RtmTimeoutException.Kind#RESPONSE}. */
    RESPONSE_TIMEOUT("response_timeout"),
    /** {@link RtmTimeoutException.Kind#DEADLINE}: the whole call took longer than its deadline. */
    DEADLINE("deadline"),
    /** {@link RtmLocalRateLimitException}: the client's own limiter refused the call. */
    RATE_LIMITED_LOCAL("rate_limited_local"),
    /** {@link RtmBadRequestException}: HTTP 400 or another 4xx. */
    BAD_REQUEST("bad_request"),
    /** {@link RtmAuthenticationException}: HTTP 401 or 403. */
    AUTHENTICATION("authentication"),
    /** {@link RtmServiceTimeoutException}: HTTP 408. */
    SERVICE_TIMEOUT("service_timeout"),
    /** {@link RtmRateLimitedException}: HTTP 429. */
    RATE_LIMITED("rate_limited"),
    /** {@link RtmServerException}: HTTP 5xx. */
    SERVER_ERROR("server_error"),
    /** {@link RtmUnexpectedResponseException}: a status the SDK does not act on (1xx, 3xx) or a read's unreadable 2xx. */
    UNEXPECTED_RESPONSE("unexpected_response"),
    /** The caller cancelled the call's future. */
    CANCELLED("cancelled"),
    /** Anything else (not an {@link RtmException}: a bug in a plugin or in the SDK). */
    OTHER("other");

    private final String value;

    Reason(String value) {
        this.value = value;
    }

    /** The snake_case word, e.g. {@code rate_limited}. */
    public String value() {
        return value;
    }

    /**
     * The reason of any failure a future may carry: an {@link RtmException}'s own, {@link #CANCELLED} for a
     * {@link CancellationException}, {@link #OTHER} otherwise. {@link CompletionException} and
     * {@link ExecutionException} wrappers are looked through.
     */
    public static Reason of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RtmException e) {
            return e.reason();
        }
        return t instanceof CancellationException ? CANCELLED : OTHER;
    }

    /** {@link #value()}. */
    @Override
    public String toString() {
        return value;
    }
}
