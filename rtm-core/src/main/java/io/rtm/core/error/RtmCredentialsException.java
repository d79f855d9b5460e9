package io.rtm.core.error;

/**
 * The credentials cannot be used for this call, decided on this side before anything was sent
 * ({@link #attempts()} 0): token credentials asked to send as another user ({@link #notAllowed}, e.g. code
 * {@code uid_mismatch}), or no credential could be obtained ({@link #unavailable}, e.g. a token service that failed;
 * the cause says why). Messages name user IDs, never a secret. A rejection by the service (HTTP 401/403) is an
 * {@link RtmAuthenticationException} instead.
 */
public final class RtmCredentialsException extends RtmClientException {

    private final boolean retryable;

    private RtmCredentialsException(String message, Throwable cause, String code, int attempts, boolean earlier,
                                    boolean retryable) {
        super(message, cause, code, attempts, false, earlier);
        this.retryable = retryable;
    }

    /**
     * These credentials may not be used for this call (e.g. code {@code uid_mismatch}: token credentials may send only
     * as their uid). Not retryable.
     */
    public static RtmCredentialsException notAllowed(String code, String message) {
        return new RtmCredentialsException(message, null, code, 0, false, false);
    }

    /** No credential could be obtained now (e.g. code {@code token_unavailable}); retryable: a later call may get one. */
    public static RtmCredentialsException unavailable(String code, String message, Throwable cause) {
        return new RtmCredentialsException(message, cause, code, 0, false, true);
    }

    /** True for {@link #unavailable} (the credential source may recover), false for {@link #notAllowed}. */
    @Override
    public boolean retryable() {
        return retryable;
    }

    /** {@link Reason#CREDENTIALS}. */
    @Override
    public Reason reason() {
        return Reason.CREDENTIALS;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmCredentialsException(baseMessage(), getCause(), code().orElse(null), attempts, earlierReachedService,
                retryable);
    }
}
