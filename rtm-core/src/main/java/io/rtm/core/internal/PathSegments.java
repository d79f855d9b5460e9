package io.rtm.core.internal;

/**
 * Percent-encodes one URI path segment (RFC 3986) so that a server decoding the path once reads the
 * original string: everything but the unreserved characters {@code A-Z a-z 0-9 - . _ ~} is encoded as
 * UTF-8 bytes ({@code ' '} → {@code %20}, {@code '+'} → {@code %2B}, {@code '%'} → {@code %25}). A segment
 * made only of dots ({@code .}, {@code ..}) would be a dot-segment that clients and servers normalize
 * away, so its dots are encoded too ({@code %2E}).
 */
public final class PathSegments {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /** The encoded segment; returns the same instance when nothing needs encoding. */
    public static String encode(String segment) {
        int n = segment.length();
        boolean dotsOnly = n > 0;
        int i = 0;
        for (; i < n; i++) {
            char c = segment.charAt(i);
            if (!isUnreserved(c)) {
                break;
            }
            dotsOnly &= c == '.';
        }
        if (i == n && !dotsOnly) {
            return segment;
        }
        if (i == n) {
            return "%2E".repeat(n);
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
