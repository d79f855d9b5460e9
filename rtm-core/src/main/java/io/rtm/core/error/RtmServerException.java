package io.rtm.core.error;

/**
 * The service failed (HTTP 5xx). It may or may not have accepted the message: retrying it may deliver it twice
 * ({@link #mayHaveReachedService()} is true). Retryable for 500, 502, 503 and 504.
 */
public final class RtmServerException extends RtmServiceException {

    RtmServerException(Fields fields, boolean earlierReachedService) {
        super(fields, true, earlierReachedService);
    }

    /** True for 500, 502, 503 and 504 (transient by nature); false for other 5xx (e.g. 501 Not Implemented). */
    @Override
    public boolean retryable() {
        int s = httpStatus();
        return s == 500 || s == 502 || s == 503 || s == 504;
    }

    /** {@link Reason#SERVER_ERROR}. */
    @Override
    public Reason reason() {
        return Reason.SERVER_ERROR;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmServerException(fields().withAttempts(attempts), earlierReachedService);
    }
}
