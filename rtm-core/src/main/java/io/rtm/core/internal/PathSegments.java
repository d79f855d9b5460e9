package io.rtm.core.internal;

/**
 * Percent-encodes one URI path segment (RFC 3986) so that a server decoding the path once reads the
 * original string: everything but the unreserved characters {@code A-Z a-z 0-9 - . _ ~} is encoded as
 * UTF-8 bytes ({@code ' '} → {@code %20}, {@code '+'} → {@code %2B}, {@code '%'} → {@code %25}). The two
 * dot-segments of RFC 3986 ({@code .} and {@code ..}), which clients and servers normalize away, have their
 * dots encoded too ({@code %2E}, {@code %2E%2E}); any other run of dots, e.g. {@code ...}, is an ordinary
 * segment and is sent as is.
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

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
