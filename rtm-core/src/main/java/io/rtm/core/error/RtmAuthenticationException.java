package io.rtm.core.error;

/**
 * The service refused the credentials (HTTP 401) or the permission (HTTP 403). Nothing was delivered. Not retryable
 * (a token that the authenticator could refresh is retried once by the pipeline before this is reported). A refusal
 * decided on this side, before sending, is an {@link RtmCredentialsException}.
 */
public final class RtmAuthenticationException extends RtmServiceException {

    RtmAuthenticationException(Fields fields, boolean earlierReachedService) {
        super(fields, false, earlierReachedService);
    }

    /** False: the credentials must change first. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#AUTHENTICATION}. */
    @Override
    public Reason reason() {
        return Reason.AUTHENTICATION;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmAuthenticationException(fields().withAttempts(attempts), earlierReachedService);
    }
}
