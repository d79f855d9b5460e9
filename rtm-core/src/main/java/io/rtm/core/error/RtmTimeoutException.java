package io.rtm.core.error;

/**
 * A timeout: the service answered HTTP 408 ({@link Kind#SERVICE}), the client gave up waiting to
 * connect ({@link Kind#CONNECT}: nothing was sent), for a response ({@link Kind#RESPONSE}), or the
 * call's overall deadline passed ({@link Kind#DEADLINE}).
 */
public class RtmTimeoutException extends RtmException {

    /** Which timeout fired. */
    public enum Kind {
        /** The service answered 408. */
        SERVICE,
        /** Connecting took longer than the connect timeout; the request was never sent. */
        CONNECT,
        /** No response within the response timeout; the request may have been received. */
        RESPONSE,
        /** The whole call (all attempts and waits) exceeded its deadline. */
        DEADLINE
    }

    private final Kind kind;

    /** Creates the exception; see {@link RtmException} for the parameters. */
    public RtmTimeoutException(String message, Throwable cause, int httpStatus, String code, String requestId,
                               int attempts, Kind kind) {
        super(message, cause, httpStatus, code, requestId, attempts);
        this.kind = kind;
    }

    /** A client-side timeout of the given kind (no HTTP response). */
    public static RtmTimeoutException client(Kind kind, String message, Throwable cause) {
        return new RtmTimeoutException(message, cause, 0, null, null, 1, kind);
    }

    /** Which timeout fired. */
    public Kind kind() {
        return kind;
    }

    /** Whether the request may have reached the service (false only for {@link Kind#CONNECT}). */
    public boolean mayHaveReachedService() {
        return kind != Kind.CONNECT;
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmTimeoutException(baseMessage(), getCause(), httpStatus(), code().orElse(null),
                requestId().orElse(null), attempts, kind);
    }
}
