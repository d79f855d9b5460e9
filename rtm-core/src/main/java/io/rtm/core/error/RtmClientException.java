package io.rtm.core.error;

/**
 * A failure decided on this side of the wire: invalid input ({@link RtmValidationException}), configuration
 * ({@link RtmConfigurationException}), a closed client ({@link RtmClientClosedException}), credentials that
 * cannot be used ({@link RtmCredentialsException}), I/O ({@link RtmTransportException}), a client timeout
 * ({@link RtmTimeoutException}) or the local rate limiter ({@link RtmLocalRateLimitException}). No HTTP response
 * ended the call ({@link #httpStatus()} is 0). Immutable.
 */
public abstract sealed class RtmClientException extends RtmException
        permits RtmValidationException, RtmConfigurationException, RtmClientClosedException, RtmCredentialsException,
        RtmTransportException, RtmTimeoutException, RtmLocalRateLimitException {

    RtmClientException(String message, Throwable cause, String code, int attempts, boolean reachedService,
                       boolean earlierReachedService) {
        super(message, cause, 0, code, null, attempts, reachedService, earlierReachedService);
    }
}
