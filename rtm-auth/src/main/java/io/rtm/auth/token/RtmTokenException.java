package io.rtm.auth.token;

import java.util.Objects;

/**
 * An RTM token could not be parsed or did not verify. Unchecked. {@link #reason()} says why, and
 * {@link #code()} gives a stable snake_case code (the emulator answers HTTP 401 with it). The message
 * never contains the token, its signature or an App Certificate.
 */
public final class RtmTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected. */
    public enum Reason {
        /** Not a well-formed token: wrong length, bad Base64, truncated or trailing content, bad fields. */
        MALFORMED("invalid_token"),
        /** A token of another version than {@code 006} (e.g. {@code 007}). */
        UNSUPPORTED_VERSION("unsupported_token_version"),
        /** The token was issued for another App ID. */
        APP_ID_MISMATCH("token_app_id_mismatch"),
        /** The signature does not match: another App Certificate, or the token was altered. */
        INVALID_SIGNATURE("invalid_token_signature"),
        /** The token was issued for another user account than the one it is presented for. */
        ACCOUNT_MISMATCH("token_uid_mismatch"),
        /** The token or its login privilege has expired. */
        EXPIRED("token_expired"),
        /** The token carries no RTM login privilege (id 1000). */
        NO_LOGIN_PRIVILEGE("token_no_login_privilege");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable snake_case code of this reason, e.g. {@code token_expired}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the token was rejected
     * @param message human-readable detail; must not contain the token or any secret
     */
    public RtmTokenException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the token was rejected. */
    public Reason reason() {
        return reason;
    }

    /** The stable snake_case code of {@link #reason()}. */
    public String code() {
        return reason.code();
    }
}
