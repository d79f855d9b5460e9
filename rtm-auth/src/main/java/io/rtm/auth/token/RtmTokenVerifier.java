package io.rtm.auth.token;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Verifies an RTM token of version 006 the way the service does: for the emulator and for servers that
 * want to check tokens they receive. Stateless and thread-safe.
 *
 * <p>Checks, in this order, each failure raising {@link RtmTokenException} with its reason:
 * <ol>
 *   <li>the format and version ({@code MALFORMED}, {@code UNSUPPORTED_VERSION});</li>
 *   <li>the App ID, compared exactly ({@code APP_ID_MISMATCH});</li>
 *   <li>the account: CRC-32 of {@code account} and of the empty RTM uid slot ({@code ACCOUNT_MISMATCH}),
 *       so a genuine token presented for another user says so rather than "bad signature";</li>
 *   <li>the HMAC-SHA256 signature, compared in constant time ({@code INVALID_SIGNATURE});</li>
 *   <li>the login privilege 1000 is present ({@code NO_LOGIN_PRIVILEGE});</li>
 *   <li>expiry ({@code EXPIRED}): one rule for both bounds, "valid while now &lt; expiry", in epoch seconds:
 *       the login privilege's expireTs (0 = none) and the token's own {@code ts}, which the service treats as
 *       the token's expiry.</li>
 * </ol>
 * Only the format is checked before the signature can be; nothing a token claims is trusted before its
 * signature has been verified, except to reject it.
 */
public final class RtmTokenVerifier {

    private RtmTokenVerifier() {
    }

    /**
     * Verifies {@code token} for {@code account} of {@code appId} at instant {@code now}.
     *
     * @return the parsed, verified token
     * @throws RtmTokenException        when the token is not valid (see the class documentation)
     * @throws IllegalArgumentException when appId or appCertificate is not 32 hex characters, or account
     *                                  is empty (a caller error, not a token error)
     */
    public static RtmToken verify(String token, String appId, String appCertificate, String account, Instant now) {
        Objects.requireNonNull(token, "token");
        TokenCodec.requireHex32(appId, "appId");
        TokenCodec.requireHex32(appCertificate, "appCertificate");
        TokenCodec.requireAccount(account);
        Objects.requireNonNull(now, "now");

        RtmToken parsed = RtmToken.parse(token);
        if (!parsed.appId().equals(appId)) {
            throw new RtmTokenException(RtmTokenException.Reason.APP_ID_MISMATCH,
                    "RTM token was issued for app id " + parsed.appId() + ", not " + appId);
        }
        if (parsed.crcAccount() != TokenCodec.crc32(account) || parsed.crcUid() != TokenCodec.crc32(TokenCodec.RTM_UID)) {
            throw new RtmTokenException(RtmTokenException.Reason.ACCOUNT_MISMATCH,
                    "RTM token was not issued for account '" + account + "'");
        }
        byte[] expected = TokenCodec.sign(appCertificate, appId, account, parsed.signedMessage());
        if (!MessageDigest.isEqual(expected, parsed.signatureBytes())) {
            throw new RtmTokenException(RtmTokenException.Reason.INVALID_SIGNATURE,
                    "RTM token signature does not match (another app certificate, or an altered token)");
        }
        OptionalLong login = parsed.loginExpireTs();
        if (login.isEmpty()) {
            throw new RtmTokenException(RtmTokenException.Reason.NO_LOGIN_PRIVILEGE,
                    "RTM token has no login privilege (" + RtmToken.PRIVILEGE_LOGIN + ")");
        }
        long nowSeconds = now.getEpochSecond();
        long loginExpireTs = login.getAsLong();
        if (loginExpireTs != 0 && loginExpireTs <= nowSeconds) {
            throw new RtmTokenException(RtmTokenException.Reason.EXPIRED,
                    "RTM token login privilege expired at " + Instant.ofEpochSecond(loginExpireTs));
        }
        if (parsed.ts() <= nowSeconds) {
            throw new RtmTokenException(RtmTokenException.Reason.EXPIRED,
                    "RTM token expired at " + Instant.ofEpochSecond(parsed.ts()));
        }
        return parsed;
    }
}
