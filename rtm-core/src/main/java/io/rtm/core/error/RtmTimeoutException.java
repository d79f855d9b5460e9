package io.rtm.core.error;

import java.time.Duration;

/**
 * A client-side timeout: the client gave up waiting to connect ({@link Kind#CONNECT}: nothing was sent), for a
 * response ({@link Kind#RESPONSE}: the request may have been received), or the call's overall deadline passed
 * ({@link Kind#DEADLINE}). Retryable. The service's own timeout (HTTP 408) is an {@link RtmServiceTimeoutException}.
 */
public final class RtmTimeoutException extends RtmClientException {

    /** Which timeout fired. */
    public enum Kind {
        /** Connecting took longer than the connect timeout; the request was never sent. */
        CONNECT,
        /** No response within the response timeout; the request may have been received. */
        RESPONSE,
        /** The whole call (all attempts and waits) exceeded its deadline. */
        DEADLINE
    }

    private final Kind kind;

    private RtmTimeoutException(String message, Throwable cause, int attempts, Kind kind, boolean reached, boolean earlier) {
        super(message, cause, null, attempts, reached, earlier);
        this.kind = kind;
    }

    /** A transport's timeout of one exchange ({@link Kind#CONNECT} or {@link Kind#RESPONSE}); one attempt. */
    public static RtmTimeoutException client(Kind kind, String message, Throwable cause) {
        if (kind == Kind.DEADLINE) {
            throw new IllegalArgumentException("a call's deadline is reported with deadline(...)");
        }
        return new RtmTimeoutException(message, cause, 1, kind, kind != Kind.CONNECT, false);
    }

    /**
     * The call's deadline passed.
     *
     * @param timeout               the deadline the call had
     * @param attempts              attempts the call had made
     * @param mayHaveReachedService whether an attempt (the one in flight, or an earlier one) may have reached the service
     */
    public static RtmTimeoutException deadline(Duration timeout, int attempts, boolean mayHaveReachedService) {
        return new RtmTimeoutException("call did not complete within its deadline of " + timeout, null, attempts,
                Kind.DEADLINE, mayHaveReachedService, false);
    }

    /** Which timeout fired. */
    public Kind kind() {
        return kind;
    }

    /** True: a later call may be faster. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@link Reason#CONNECT_TIMEOUT}, {@link Reason#RESPONSE_TIMEOUT} or {@link Reason#DEADLINE}. */
    @Override
    public Reason reason() {
        return switch (kind) {
            case CONNECT -> Reason.CONNECT_TIMEOUT;
            case RESPONSE -> Reason.RESPONSE_TIMEOUT;
            case DEADLINE -> Reason.DEADLINE;
        };
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmTimeoutException(baseMessage(), getCause(), attempts, kind, reachedService(), earlierReachedService);
    }
}
