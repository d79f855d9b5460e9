package io.rtm.core.spi;

import io.rtm.core.Operation;
import io.rtm.core.error.RtmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one attempt, as a {@link RetryStrategy} sees it: the operation, the attempt number, the HTTP
 * response when there was one (any status), the failure when the attempt failed (a transport error or timeout, or the
 * typed error of a non-2xx response: {@link io.rtm.core.error.RtmServiceException}), the service's
 * {@code Retry-After} when it sent one, whether this or an earlier attempt may have reached the service, and how
 * much of the call's deadline is left. Immutable.
 */
public final class AttemptResult {

    private final Operation operation;
    private final int attempt;
    private final HttpResponse response;
    private final RtmException failure;
    private final Duration retryAfter;
    private final boolean mayHaveReachedService;
    private final Duration remaining;

    private AttemptResult(Builder b) {
        this.operation = Objects.requireNonNull(b.operation, "operation");
        this.attempt = b.attempt;
        this.response = b.response;
        this.failure = b.failure;
        this.retryAfter = b.retryAfter;
        this.mayHaveReachedService = b.mayHaveReachedService;
        this.remaining = Objects.requireNonNull(b.remaining, "remaining");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        if (response == null && failure == null) {
            throw new IllegalArgumentException("an attempt has a response, a failure, or both");
        }
    }

    /** A builder (the pipeline makes one per attempt; tests of strategies make their own). */
    public static Builder builder(Operation operation, int attempt) {
        return new Builder(operation, attempt);
    }

    /** The operation of the call (see {@link Operation#idempotent()}). */
    public Operation operation() {
        return operation;
    }

    /** The attempt number, from 1. */
    public int attempt() {
        return attempt;
    }

    /** The HTTP response, when the attempt got one (2xx or not). */
    public Optional<HttpResponse> response() {
        return Optional.ofNullable(response);
    }

    /** The service's reply fields of the response, when there is one (decoded once per response). */
    public Optional<ServiceReply> reply() {
        return response == null ? Optional.empty() : Optional.of(ServiceReply.of(response));
    }

    /**
     * Why the attempt failed: the transport's or timeout's error, or the typed error of a non-2xx response (status,
     * code and request id of the reply); empty for a 2xx response.
     */
    public Optional<RtmException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the attempt succeeded (a 2xx response). */
    public boolean succeeded() {
        return failure == null;
    }

    /** The {@code Retry-After} the service sent with this response (429 or 503), as sent (not clamped). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether this attempt or an earlier one of the call may have reached the service: if so, another attempt may
     * deliver the message twice (unless the operation is {@linkplain Operation#idempotent() idempotent}).
     */
    public boolean mayHaveReachedService() {
        return mayHaveReachedService;
    }

    /** How long until the call's deadline (a longer delay is never waited). */
    public Duration remaining() {
        return remaining;
    }

    @Override
    public String toString() {
        return "AttemptResult{" + operation + " #" + attempt + (response != null ? ", status=" + response.status() : "")
                + (failure != null ? ", reason=" + failure.reason() : "") + ", mayHaveReachedService=" + mayHaveReachedService
                + ", remaining=" + remaining + '}';
    }

    /** Builds an {@link AttemptResult}. Not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private final int attempt;
        private HttpResponse response;
        private RtmException failure;
        private Duration retryAfter;
        private boolean mayHaveReachedService;
        private Duration remaining = Duration.ofSeconds(60);

        private Builder(Operation operation, int attempt) {
            this.operation = operation;
            this.attempt = attempt;
        }

        /** The response, if any. */
        public Builder response(HttpResponse response) {
            this.response = response;
            return this;
        }

        /** The failure, if any (for a non-2xx response: its typed error). */
        public Builder failure(RtmException failure) {
            this.failure = failure;
            return this;
        }

        /** The response's {@code Retry-After}, if any. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Whether this or an earlier attempt may have reached the service. */
        public Builder mayHaveReachedService(boolean mayHaveReachedService) {
            this.mayHaveReachedService = mayHaveReachedService;
            return this;
        }

        /** Time left until the call's deadline (default 60 s). */
        public Builder remaining(Duration remaining) {
            this.remaining = remaining;
            return this;
        }

        /** The result. */
        public AttemptResult build() {
            return new AttemptResult(this);
        }
    }
}
