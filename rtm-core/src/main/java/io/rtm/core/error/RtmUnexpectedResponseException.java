package io.rtm.core.error;

/**
 * The endpoint answered with a status the SDK does not act on: 1xx, or a 3xx redirect (the SDK never follows
 * redirects, so credentials never go to another host: check the configured endpoint), or a success reply to a history
 * or events read that lacks what the result needs. After a 1xx/3xx nothing was delivered; after such a 2xx the
 * service did take the call ({@link #mayHaveReachedService()}). A 2xx to a send is never this error: it is a
 * {@link io.rtm.core.SendResult}, {@link io.rtm.core.DeliveryCode#UNKNOWN} when its code cannot be read.
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
