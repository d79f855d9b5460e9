package io.rtm.core.error;

/**
 * The service rejected the request as invalid (HTTP 400, or another 4xx without a type of its own). Nothing was
 * delivered. The service's {@code code} and message say which parameter and rule. Not retryable.
 */
public final class RtmBadRequestException extends RtmServiceException {

    RtmBadRequestException(Fields fields, boolean earlierReachedService) {
        super(fields, false, earlierReachedService);
    }

    /** False: the same request is rejected the same way. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#BAD_REQUEST}. */
    @Override
    public Reason reason() {
        return Reason.BAD_REQUEST;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmBadRequestException(fields().withAttempts(attempts), earlierReachedService);
    }
}
