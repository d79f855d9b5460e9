package io.rtm.core.error;

/**
 * The endpoint answered with a status the SDK does not act on: 1xx, or a 3xx redirect (the SDK never follows
 * redirects, so credentials never go to another host: check the configured endpoint), or a success the SDK could
 * not read. After a 1xx/3xx nothing was delivered; after an unreadable 2xx the service may have accepted the call.
 * Not retryable.
 */
public final class RtmUnexpectedResponseException extends RtmServiceException {

    RtmUnexpectedResponseException(Fields fields, boolean earlierReachedService) {
        super(fields, fields.status() >= 200 && fields.status() < 300, earlierReachedService);
    }

    /** False: the endpoint will answer the same way. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#UNEXPECTED_RESPONSE}. */
    @Override
    public Reason reason() {
        return Reason.UNEXPECTED_RESPONSE;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmUnexpectedResponseException(fields().withAttempts(attempts), earlierReachedService);
    }
}
