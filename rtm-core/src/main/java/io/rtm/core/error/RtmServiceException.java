package io.rtm.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * The service answered with a status that is not a success. The type says which kind: {@link RtmBadRequestException}
 * (400 and other 4xx), {@link RtmAuthenticationException} (401, 403), {@link RtmServiceTimeoutException} (408),
 * {@link RtmRateLimitedException} (429), {@link RtmServerException} (5xx), {@link RtmUnexpectedResponseException}
 * (1xx, 3xx: the SDK never follows redirects; or a success reply to a read that lacks its result). {@link #httpStatus()},
 * {@link #code()} and {@link #requestId()} are what the service sent. Immutable.
 *
 * <p>{@link #builder(int)} makes the right type for a status; the SDK maps every response through it.
 */
public abstract sealed class RtmServiceException extends RtmException
        permits RtmBadRequestException, RtmAuthenticationException, RtmServiceTimeoutException, RtmRateLimitedException,
        RtmServerException, RtmUnexpectedResponseException {

    /** What a service error is made of; {@link #copy} rebuilds an error from it. */
    record Fields(String message, int status, String code, String requestId, int attempts, Duration retryAfter) {
        Fields withAttempts(int n) {
            return new Fields(message, status, code, requestId, n, retryAfter);
        }
    }

    private final Fields fields;

    RtmServiceException(Fields fields, boolean reachedService, boolean earlierReachedService) {
        super(fields.message(), null, fields.status(), fields.code(), fields.requestId(), fields.attempts(), reachedService,
                earlierReachedService);
        this.fields = fields;
    }

    final Fields fields() {
        return fields;
    }

    /**
     * A builder of the error for a response with this status: 400 and 4xx without a type of their own give
     * {@link RtmBadRequestException}, 401/403 {@link RtmAuthenticationException}, 408 {@link RtmServiceTimeoutException},
     * 429 {@link RtmRateLimitedException}, 5xx {@link RtmServerException}, anything else (1xx, 2xx, 3xx)
     * {@link RtmUnexpectedResponseException}.
     *
     * @throws IllegalArgumentException for a status outside 100-999
     */
    public static Builder builder(int httpStatus) {
        return new Builder(httpStatus);
    }

    /** Builds the {@link RtmServiceException} of a status. Not thread-safe. */
    public static final class Builder {
        private final int status;
        private String message;
        private String code;
        private String requestId;
        private int attempts = 1;
        private Duration retryAfter;

        private Builder(int status) {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("HTTP status out of range: " + status);
            }
            this.status = status;
        }

        /** The human text (no secrets); default {@code HTTP <status>}. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The reply's {@code code}, or null. */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /** The reply's {@code request_id}, or null. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The attempts the call made (default 1). */
        public Builder attempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("a service error follows at least one attempt: " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /** The reply's {@code Retry-After} (used by 429), or null. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** The error of the type for the status. */
        public RtmServiceException build() {
            Fields f = new Fields(Objects.requireNonNullElse(message, "HTTP " + status), status, code, requestId, attempts,
                    retryAfter);
            if (status == 401 || status == 403) {
                return new RtmAuthenticationException(f, false);
            }
            if (status == 408) {
                return new RtmServiceTimeoutException(f, false);
            }
            if (status == 429) {
                return new RtmRateLimitedException(f, false);
            }
            if (status >= 400 && status < 500) {
                return new RtmBadRequestException(f, false);
            }
            if (status >= 500 && status < 600) {
                return new RtmServerException(f, false);
            }
            return new RtmUnexpectedResponseException(f, false);
        }
    }
}
