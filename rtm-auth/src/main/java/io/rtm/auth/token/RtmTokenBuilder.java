package io.rtm.auth.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Mints RTM tokens of version 006, byte for byte as the vendor's reference builder does. For servers that
 * hold the App Certificate; never ship the certificate to clients.
 *
 * <p>Quick use: {@link #buildToken(String, String, String, long)}. For reproducible tokens (tests, vectors)
 * use the fluent form, which lets salt, {@code ts} and the privileges be set explicitly:
 * <pre>{@code
 * String token = RtmTokenBuilder.forAccount(appId, appCertificate, "alice")
 *         .salt(1).ts(1111111).loginExpireTs(1446455471).build();
 * }</pre>
 * A builder instance is not thread-safe; the static method is. Invalid input raises
 * {@link IllegalArgumentException} (or {@link NullPointerException} for null) naming the parameter, and
 * never quoting the certificate.
 */
public final class RtmTokenBuilder {

    /** How long after its creation a token is valid by default ({@code ts} = now + 24 h, as the reference builder). */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(24);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String appId;
    private final String appCertificate;
    private final String account;
    private final SortedMap<Integer, Long> privileges = new TreeMap<>();
    private Clock clock = Clock.systemUTC();
    private Long salt;
    private Long ts;

    private RtmTokenBuilder(String appId, String appCertificate, String account) {
        this.appId = TokenCodec.requireHex32(appId, "appId");
        this.appCertificate = TokenCodec.requireHex32(appCertificate, "appCertificate");
        this.account = TokenCodec.requireAccount(account);
    }

    /**
     * A token allowing {@code account} to log in to RTM until {@code privilegeExpireTs}, with a random
     * salt and {@code ts} = now + 24 h.
     *
     * @param appId             the App ID, 32 hex characters
     * @param appCertificate    the App Certificate, 32 hex characters
     * @param account           the RTM user account (the uid the token is sent with); not empty
     * @param privilegeExpireTs login privilege expiry in epoch seconds; 0 = no expiry (the token still
     *                          expires at its {@code ts})
     * @return the token string
     */
    public static String buildToken(String appId, String appCertificate, String account, long privilegeExpireTs) {
        return forAccount(appId, appCertificate, account).loginExpireTs(privilegeExpireTs).build();
    }

    /**
     * Starts a token for {@code account}; validates the three arguments now. Without further calls the
     * token has a random salt, {@code ts} = now + 24 h and no privileges.
     */
    public static RtmTokenBuilder forAccount(String appId, String appCertificate, String account) {
        return new RtmTokenBuilder(appId, appCertificate, account);
    }

    /** Sets the salt (unsigned 32-bit); default: random from {@link SecureRandom}. */
    public RtmTokenBuilder salt(long salt) {
        this.salt = TokenCodec.requireUint32(salt, "salt");
        return this;
    }

    /** Sets {@code ts}, the token's own expiry in epoch seconds (unsigned 32-bit); default: now + 24 h. */
    public RtmTokenBuilder ts(long ts) {
        this.ts = TokenCodec.requireUint32(ts, "ts");
        return this;
    }

    /** Sets the clock that the default {@code ts} is computed from; default: the system UTC clock. */
    public RtmTokenBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Adds (or replaces) one privilege: id (unsigned 16-bit) to expiry in epoch seconds (0 = no expiry). */
    public RtmTokenBuilder privilege(int privilege, long expireTs) {
        if (privilege < 0 || privilege > TokenCodec.UINT16_MAX) {
            throw new IllegalArgumentException("privilege id must be an unsigned 16-bit value (0.."
                    + TokenCodec.UINT16_MAX + "), got " + privilege);
        }
        privileges.put(privilege, TokenCodec.requireUint32(expireTs, "privilege expireTs"));
        return this;
    }

    /** Replaces all privileges with these (id to expiry in epoch seconds). */
    public RtmTokenBuilder privileges(Map<Integer, Long> privileges) {
        Objects.requireNonNull(privileges, "privileges");
        this.privileges.clear();
        privileges.forEach((id, expireTs) -> privilege(Objects.requireNonNull(id, "privilege id"),
                Objects.requireNonNull(expireTs, "privilege expireTs")));
        return this;
    }

    /** Adds the RTM login privilege ({@value RtmToken#PRIVILEGE_LOGIN}) expiring at this epoch second (0 = no expiry). */
    public RtmTokenBuilder loginExpireTs(long expireTs) {
        return privilege(RtmToken.PRIVILEGE_LOGIN, expireTs);
    }

    /** Builds the token string. The builder may be reused; each build without an explicit salt draws a new one. */
    public String build() {
        long s = salt != null ? salt : Integer.toUnsignedLong(RANDOM.nextInt());
        long t = ts != null ? ts : TokenCodec.requireUint32(
                clock.instant().plus(DEFAULT_TOKEN_LIFETIME).getEpochSecond(), "ts (now + 24 h)");
        return RtmToken.sign(appId, appCertificate, account, s, t, privileges).encode();
    }

    /** App id and account; never the certificate. */
    @Override
    public String toString() {
        return "RtmTokenBuilder{appId=" + appId + ", account='" + account + "', appCertificate=<redacted>}";
    }
}
