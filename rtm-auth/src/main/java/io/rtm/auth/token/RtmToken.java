package io.rtm.auth.token;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A parsed RTM token of version 006. Immutable and thread-safe. Parsing checks the format only; use
 * {@link RtmTokenVerifier} to check the signature, the account and expiry.
 *
 * <p>Unsigned 32-bit fields ({@code salt}, {@code ts}, CRCs, expiry timestamps) are returned as
 * non-negative {@code long}s. {@link #toString()} never prints the token or its signature.
 */
public final class RtmToken {

    /** The privilege id of RTM login; its value is the login expiry in epoch seconds (0 = no expiry). */
    public static final int PRIVILEGE_LOGIN = 1000;

    private final String appId;
    private final byte[] signature;
    private final long crcAccount;
    private final long crcUid;
    private final long salt;
    private final long ts;
    private final SortedMap<Integer, Long> privileges;
    private final byte[] message;

    private RtmToken(String appId, byte[] signature, long crcAccount, long crcUid, byte[] message,
                     long salt, long ts, SortedMap<Integer, Long> privileges) {
        this.appId = appId;
        this.signature = signature;
        this.crcAccount = crcAccount;
        this.crcUid = crcUid;
        this.message = message;
        this.salt = salt;
        this.ts = ts;
        this.privileges = Collections.unmodifiableSortedMap(privileges);
    }

    /**
     * Parses a token of version 006.
     *
     * @throws RtmTokenException with {@link RtmTokenException.Reason#UNSUPPORTED_VERSION} for a token of
     *         another version, and {@link RtmTokenException.Reason#MALFORMED} for anything that is not a
     *         complete, exact 006 token (no other exception escapes, whatever the input)
     * @throws NullPointerException if {@code token} is null
     */
    public static RtmToken parse(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() < TokenCodec.VERSION.length()) {
            throw malformed("it is shorter than a version prefix");
        }
        String version = token.substring(0, TokenCodec.VERSION.length());
        if (!TokenCodec.VERSION.equals(version)) {
            if (version.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new RtmTokenException(RtmTokenException.Reason.UNSUPPORTED_VERSION,
                        "RTM token version " + version + " is not supported (only " + TokenCodec.VERSION + ")");
            }
            throw malformed("it does not start with a 3-digit version");
        }
        int contentStart = TokenCodec.VERSION.length() + TokenCodec.APP_ID_LENGTH;
        if (token.length() < contentStart) {
            throw malformed("it is too short to hold an app id");
        }
        String appId = token.substring(TokenCodec.VERSION.length(), contentStart);
        if (!TokenCodec.isHex(appId, TokenCodec.APP_ID_LENGTH)) {
            throw malformed("its app id is not 32 hexadecimal characters");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(token.substring(contentStart));
        } catch (IllegalArgumentException e) {
            // the JDK's message quotes the offending character: leave it out
            throw malformed("its content is not valid Base64");
        }

        Reader c = new Reader(content, "content");
        byte[] signature = c.bytes("signature");
        if (signature.length != TokenCodec.SIGNATURE_LENGTH) {
            throw malformed("its signature has " + signature.length + " bytes, not " + TokenCodec.SIGNATURE_LENGTH);
        }
        long crcAccount = c.uint32("account crc");
        long crcUid = c.uint32("uid crc");
        byte[] message = c.bytes("message");
        c.requireEnd();

        Reader m = new Reader(message, "message");
        long salt = m.uint32("salt");
        long ts = m.uint32("ts");
        int count = m.uint16("privilege count");
        SortedMap<Integer, Long> privileges = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int privilege = m.uint16("privilege id");
            long expireTs = m.uint32("privilege expiry");
            if (privileges.put(privilege, expireTs) != null) {
                throw malformed("privilege " + privilege + " appears twice");
            }
        }
        m.requireEnd();
        return new RtmToken(appId, signature, crcAccount, crcUid, message, salt, ts, privileges);
    }

    /** Builds the token from its parts (used by {@link RtmTokenBuilder}); signs with the certificate. */
    static RtmToken sign(String appId, String appCertificate, String account, long salt, long ts,
                         SortedMap<Integer, Long> privileges) {
        SortedMap<Integer, Long> copy = new TreeMap<>(privileges);
        byte[] message = TokenCodec.packMessage(salt, ts, copy);
        byte[] signature = TokenCodec.sign(appCertificate, appId, account, message);
        return new RtmToken(appId, signature, TokenCodec.crc32(account), TokenCodec.crc32(TokenCodec.RTM_UID),
                message, salt, ts, copy);
    }

    /** The token string: {@code 006} + app id + Base64 of the content. */
    String encode() {
        return TokenCodec.encode(appId, signature, crcAccount, crcUid, message);
    }

    /** The signed message bytes exactly as they appear in the token (what the signature covers). */
    byte[] signedMessage() {
        return message;
    }

    /** The signature, not copied (for the verifier's constant-time compare). */
    byte[] signatureBytes() {
        return signature;
    }

    /** The token version, always {@code 006}. */
    public String version() {
        return TokenCodec.VERSION;
    }

    /** The App ID the token was issued for (32 hex characters, case as issued). */
    public String appId() {
        return appId;
    }

    /** A copy of the 32-byte HMAC-SHA256 signature. */
    public byte[] signature() {
        return signature.clone();
    }

    /** CRC-32 of the user account the token was issued for. */
    public long crcAccount() {
        return crcAccount;
    }

    /** CRC-32 of the uid slot; 0 for RTM tokens (the uid slot is the empty string). */
    public long crcUid() {
        return crcUid;
    }

    /** The random salt. */
    public long salt() {
        return salt;
    }

    /** The message timestamp in epoch seconds; the token itself expires at this time. */
    public long ts() {
        return ts;
    }

    /** The privileges: privilege id to expiry in epoch seconds (0 = no expiry), sorted by id; unmodifiable. */
    public Map<Integer, Long> privileges() {
        return privileges;
    }

    /** The expiry of the RTM login privilege ({@value #PRIVILEGE_LOGIN}), when present; 0 means no expiry. */
    public OptionalLong loginExpireTs() {
        Long expireTs = privileges.get(PRIVILEGE_LOGIN);
        return expireTs == null ? OptionalLong.empty() : OptionalLong.of(expireTs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtmToken t && appId.equals(t.appId) && Arrays.equals(signature, t.signature)
                && crcAccount == t.crcAccount && crcUid == t.crcUid && Arrays.equals(message, t.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appId, Arrays.hashCode(signature), crcAccount, crcUid, Arrays.hashCode(message));
    }

    /** Version, app id, timestamps and privileges; never the token string or the signature. */
    @Override
    public String toString() {
        return "RtmToken{version=" + TokenCodec.VERSION + ", appId=" + appId + ", salt=" + salt
                + ", ts=" + ts + " (" + Instant.ofEpochSecond(ts) + "), privileges=" + privileges
                + ", signature=<redacted>}";
    }

    private static RtmTokenException malformed(String detail) {
        return new RtmTokenException(RtmTokenException.Reason.MALFORMED, "malformed RTM token: " + detail);
    }

    /** Reads little-endian fields, turning every underflow into a MALFORMED error. */
    private static final class Reader {
        private final ByteBuffer buffer;
        private final String what;

        Reader(byte[] bytes, String what) {
            this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            this.what = what;
        }

        long uint32(String field) {
            need(4, field);
            return Integer.toUnsignedLong(buffer.getInt());
        }

        int uint16(String field) {
            need(2, field);
            return Short.toUnsignedInt(buffer.getShort());
        }

        byte[] bytes(String field) {
            int length = uint16(field + " length");
            need(length, field);
            byte[] out = new byte[length];
            buffer.get(out);
            return out;
        }

        void requireEnd() {
            if (buffer.hasRemaining()) {
                throw malformed("its " + what + " has " + buffer.remaining() + " unexpected trailing bytes");
            }
        }

        private void need(int bytes, String field) {
            if (buffer.remaining() < bytes) {
                throw malformed("its " + what + " is truncated at the " + field + " (needs " + bytes
                        + " bytes, " + buffer.remaining() + " left)");
            }
        }
    }
}
