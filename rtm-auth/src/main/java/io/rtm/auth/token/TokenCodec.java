package io.rtm.auth.token;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The version 006 wire format, in one place: little-endian integers, {@code bytes} = uint16 length + raw
 * bytes. Shared by the builder (writing), {@link RtmToken#parse} (reading) and the verifier (signing).
 */
final class TokenCodec {

    static final String VERSION = "006";
    static final int APP_ID_LENGTH = 32;
    static final int SIGNATURE_LENGTH = 32;
    static final long UINT32_MAX = 0xFFFF_FFFFL;
    static final int UINT16_MAX = 0xFFFF;

    /** The RTM uid slot of a 006 token is always the empty string; crc32("") is 0. */
    static final String RTM_UID = "";

    private static final String HMAC = "HmacSHA256";

    private TokenCodec() {
    }

    /** message = uint32 salt, uint32 ts, uint16 count, count x (uint16 privilege, uint32 expireTs), sorted by privilege. */
    static byte[] packMessage(long salt, long ts, SortedMap<Integer, Long> privileges) {
        int length = 4 + 4 + 2 + 6 * privileges.size();
        if (privileges.size() > UINT16_MAX || length > UINT16_MAX) {
            throw new IllegalArgumentException("privileges: too many entries (" + privileges.size() + ") for a 006 token");
        }
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) salt).putInt((int) ts).putShort((short) privileges.size());
        for (Map.Entry<Integer, Long> e : privileges.entrySet()) {
            b.putShort(e.getKey().shortValue()).putInt(e.getValue().intValue());
        }
        return b.array();
    }

    /** content = bytes(signature), uint32 crc(account), uint32 crc(uid), bytes(message); token = version + appId + Base64(content). */
    static String encode(String appId, byte[] signature, long crcAccount, long crcUid, byte[] message) {
        ByteBuffer b = ByteBuffer.allocate(2 + signature.length + 4 + 4 + 2 + message.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) signature.length).put(signature);
        b.putInt((int) crcAccount).putInt((int) crcUid);
        b.putShort((short) message.length).put(message);
        return VERSION + appId + Base64.getEncoder().encodeToString(b.array());
    }

    /** HMAC-SHA256(key = certificate as ASCII, data = appId + account + uid("") + message). */
    static byte[] sign(String appCertificate, String appId, String account, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(appCertificate.getBytes(StandardCharsets.US_ASCII), HMAC));
            mac.update(appId.getBytes(StandardCharsets.US_ASCII));
            mac.update(account.getBytes(StandardCharsets.UTF_8));
            mac.update(RTM_UID.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** CRC-32 of the UTF-8 bytes, as an unsigned 32-bit value. */
    static long crc32(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a required parameter is 32 hex characters. The message names the parameter and the
     * rule, never the value (the value may be an App Certificate).
     */
    static String requireHex32(String value, String parameter) {
        if (value == null) {
            throw new NullPointerException(parameter);
        }
        if (value.length() != APP_ID_LENGTH) {
            throw new IllegalArgumentException(parameter + " must be " + APP_ID_LENGTH
                    + " hexadecimal characters, but has " + value.length() + " characters");
        }
        if (!isHex(value, APP_ID_LENGTH)) {
            throw new IllegalArgumentException(parameter + " must be " + APP_ID_LENGTH
                    + " hexadecimal characters (0-9, a-f, A-F), but contains another character");
        }
        return value;
    }

    static String requireAccount(String account) {
        if (account == null) {
            throw new NullPointerException("account");
        }
        if (account.isEmpty()) {
            throw new IllegalArgumentException("account must not be empty");
        }
        return account;
    }

    static long requireUint32(long value, String parameter) {
        if (value < 0 || value > UINT32_MAX) {
            throw new IllegalArgumentException(parameter + " must be an unsigned 32-bit value (0.." + UINT32_MAX + "), got " + value);
        }
        return value;
    }
}
