package io.rtm.core.internal;

/**
 * Percent-encodes one URI path segment (RFC 3986) so that a server decoding the path once reads the
 * original string: everything but the unreserved characters {@code A-Z a-z 0-9 - . _ ~} is encoded as
 * UTF-8 bytes ({@code ' '} → {@code %20}, {@code '+'} → {@code %2B}, {@code '%'} → {@code %25}). The two
 * dot-segments of RFC 3986 ({@code .} and {@code ..}), which clients and servers normalize away, have their
 * dots encoded too ({@code %2E}, {@code %2E%2E}); any other run of dots, e.g. {@code ...}, is an ordinary
 * segment and is sent as is. The history count's query values are encoded the same way (everything but the
 * unreserved characters: exact for any server that decodes a query component once).
 */
final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /**
     * The encoded segment; returns the same instance when nothing needs encoding.
     *
     * @throws IllegalArgumentException when the segment has an unpaired surrogate (no UTF-8 form: encoding it
     *                                  would silently send a different ID)
     */
    static String encode(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return "%2E".repeat(segment.length());
        }
        int n = segment.length();
        int i = 0;
        while (i < n && isUnreserved(segment.charAt(i))) {
            i++;
        }
        if (i == n) {
            return segment;
        }
        if (!JsonCodec.isWellFormed(segment)) {
            throw new IllegalArgumentException("a path segment must be well-formed UTF-16 (unpaired surrogate)");
        }
        StringBuilder sb = new StringBuilder(n + 16);
        sb.append(segment, 0, i);
        byte[] utf8 = segment.substring(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int v = b & 0xFF;
            if (v < 0x80 && isUnreserved((char) v)) {
                sb.append((char) v);
            } else {
                sb.append('%').append(HEX[v >> 4]).append(HEX[v & 0xF]);
            }
        }
        return sb.toString();
    }

    /**
     * The segment percent-decoded once, strictly: every {@code %} starts two hex digits and the bytes are valid UTF-8;
     * null otherwise. ({@code +} stays {@code +}.) Reads a path segment the service handed back (a query's handle).
     */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return null; // a handle in a location is ASCII; anything else is not a path segment as sent
            }
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
