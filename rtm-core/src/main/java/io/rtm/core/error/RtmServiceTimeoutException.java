package io.rtm.core.error;

/**
 * The service timed out (HTTP 408, "retry later"). It may have accepted the message before it gave up, so a retry may
 * deliver it twice ({@link #mayHaveReachedService()} is true). Retryable.
 */
public final class RtmServiceTimeoutException extends RtmServiceException {

    RtmServiceTimeoutException(Fields fields, boolean earlierReachedService) {
        super(fields, true, earlierReachedService);
    }

    /** True: the SPEC says to retry later. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@link Reason#SERVICE_TIMEOUT}. */
    @Override
    public Reason reason() {
        return Reason.SERVICE_TIMEOUT;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmServiceTimeoutException(fields().withAttempts(attempts), earlierReachedService);
    }
}
