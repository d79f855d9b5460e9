package io.rtm.core.error;

import java.time.Duration;

/**
 * The client was closed: either the call was made after {@code close()} began (nothing was sent,
 * {@link #attempts()} is 0), or it was still in flight when the close's grace period ended and was aborted
 * ({@link #aborted()}); {@link #mayHaveReachedService()} then says whether an attempt may have reached the service.
 * Not retryable on this client.
 */
public final class RtmClientClosedException extends RtmClientException {

    private final boolean aborted;

    private RtmClientClosedException(String message, int attempts, boolean reachedService, boolean earlierReachedService,
                                     boolean aborted) {
        super(message, null, null, attempts, reachedService, earlierReachedService);
        this.aborted = aborted;
    }

    /** A call refused because the client is closed or closing: it was not started. */
    public static RtmClientClosedException rejected() {
        return new RtmClientClosedException("the client is closed: the call was not started (nothing was sent)", 0,
                false, false, false);
    }

    /**
     * A call aborted because it had not completed when the client's close grace period ended.
     *
     * @param grace                 the grace period the close allowed
     * @param attempts              attempts the call had made
     * @param mayHaveReachedService whether an attempt may have reached the service
     */
    public static RtmClientClosedException aborted(Duration grace, int attempts, boolean mayHaveReachedService) {
        return new RtmClientClosedException("the client was closed and the call was aborted after the grace period of "
                + grace + (mayHaveReachedService ? "; the request may have reached the service"
                : "; the request did not reach the service"), attempts, mayHaveReachedService, false, true);
    }

    /** True when the call was in flight and aborted at the end of the close's grace period; false when it was refused. */
    public boolean aborted() {
        return aborted;
    }

    /** False: this client accepts no more calls. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#CLIENT_CLOSED}. */
    @Override
    public Reason reason() {
        return Reason.CLIENT_CLOSED;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmClientClosedException(baseMessage(), attempts, reachedService(), earlierReachedService, aborted);
    }
}
