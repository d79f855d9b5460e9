package io.rtm.core.error;

/**
 * An I/O failure between the SDK and the service (connection refused, reset, TLS failure, ...). Retryable.
 * {@link #mayHaveReachedService()} says whether the request may have been received: {@code false} only when it
 * provably was not (the connection was never established), so a retry cannot duplicate it.
 */
public final class RtmTransportException extends RtmClientException {

    /**
     * Creates the exception; prefer {@link #connectFailed} and {@link #afterSend}.
     *
     * @param message               what failed (no secrets)
     * @param cause                 the underlying exception, may be null
     * @param mayHaveReachedService false only when the request provably never reached the service
     * @param attempts              attempts made (1 for one transport exchange)
     */
    public RtmTransportException(String message, Throwable cause, boolean mayHaveReachedService, int attempts) {
        this(message, cause, mayHaveReachedService, attempts, false);
    }

    private RtmTransportException(String message, Throwable cause, boolean reached, int attempts, boolean earlier) {
        super(message, cause, null, attempts, reached, earlier);
    }

    /** A failure to connect: the request provably never reached the service. */
    public static RtmTransportException connectFailed(String message, Throwable cause) {
        return new RtmTransportException(message, cause, false, 1);
    }

    /** A failure after the request may have been (partly) sent. */
    public static RtmTransportException afterSend(String message, Throwable cause) {
        return new RtmTransportException(message, cause, true, 1);
    }

    /** True: the network may recover. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@link Reason#IO_ERROR} when the request may have been sent, else {@link Reason#CONNECT_FAILURE}. */
    @Override
    public Reason reason() {
        return reachedService() ? Reason.IO_ERROR : Reason.CONNECT_FAILURE;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmTransportException(baseMessage(), getCause(), reachedService(), attempts, earlierReachedService);
    }
}
