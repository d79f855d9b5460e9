package io.rtm.core.error;

/**
 * An I/O failure between the SDK and the service (connection refused, reset, TLS failure, ...).
 * {@link #mayHaveReachedService()} says whether the request may have been received: {@code false} only
 * when it provably was not (the connection was never established), so a retry cannot duplicate it.
 */
public class RtmTransportException extends RtmException {

    private final boolean mayHaveReachedService;

    /** Creates the exception; {@code httpStatus} is 0 as no response was received. */
    public RtmTransportException(String message, Throwable cause, boolean mayHaveReachedService, int attempts) {
        super(message, cause, 0, null, null, attempts);
        this.mayHaveReachedService = mayHaveReachedService;
    }

    /** A failure to connect: the request provably never reached the service. */
    public static RtmTransportException connectFailed(String message, Throwable cause) {
        return new RtmTransportException(message, cause, false, 1);
    }

    /** A failure after the request may have been (partly) sent. */
    public static RtmTransportException afterSend(String message, Throwable cause) {
        return new RtmTransportException(message, cause, true, 1);
    }

    /** Whether the request may have reached the service; false means a retry cannot duplicate it. */
    public boolean mayHaveReachedService() {
        return mayHaveReachedService;
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmTransportException(baseMessage(), getCause(), mayHaveReachedService, attempts);
    }
}
