package io.rtm.benchmarks;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import java.nio.charset.StandardCharsets;

/**
 * The messages and replies every benchmark uses, so SDK figures and baselines always work on the same bytes.
 * A "typical" message has 64-character IDs (the SPEC maximum, drawn from its whole character set) and an
 * ASCII payload of a given size that holds a few characters JSON must escape (a JSON document sent as text,
 * as RTM payloads often are).
 */
public final class Fixtures {

    /** App ID of the in-memory benchmarks (32 hex characters, like a real one). */
    public static final String APP_ID = "0123456789abcdef0123456789abcdef";
    /** Basic-auth api key of the in-memory benchmarks. */
    public static final String API_KEY = "bench-api-key-0001";
    /** Basic-auth api secret of the in-memory benchmarks. */
    public static final String API_SECRET = "bench-api-secret-not-a-real-one";

    /** A 64-character sender ID using letters, digits and SPEC specials. */
    public static final String FROM_64 = pad("alice.smith_(eu-west)@rtm:app#42+", 64);
    /** A 64-character receiver ID using letters, digits and SPEC specials. */
    public static final String TO_64 = pad("bob.jones_[us-east]~device!7,", 64);
    /** A 64-character channel name. */
    public static final String CHANNEL_64 = pad("room:lobby/general{2024}|", 64).replace('/', '-');

    /** The reply the service sends for an accepted peer message (the emulator's shape and field order). */
    public static final String REPLY_JSON =
            "{\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"7b1e6c2a9f3d4e5b8a0c1d2e3f4a5b6c-1048576\"}";
    /** {@link #REPLY_JSON} as UTF-8 bytes. */
    public static final byte[] REPLY = REPLY_JSON.getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    /** An ASCII payload of exactly {@code size} characters (= UTF-8 bytes), a JSON document as text. */
    public static String payload(int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        sb.append("{\"type\":\"chat\",\"text\":\"");
        String words = "the quick brown fox jumps over the lazy dog 0123456789 ";
        while (sb.length() < size - 2) {
            sb.append(words);
        }
        sb.setLength(size - 2);
        sb.append("\"}");
        return sb.toString();
    }

    /**
     * A payload of exactly {@code utf8Bytes} UTF-8 bytes that is mostly Chinese text (3 bytes per char), so the Java
     * string is UTF-16 coded, not Latin-1: the other common case for this service.
     */
    public static String payloadUtf16(int utf8Bytes) {
        String text = "\u6d88\u606f\u53d1\u9001\u6d4b\u8bd5\uff0c\u4e2d\u6587\u5185\u5bb9\u3002";
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; bytes + 3 <= utf8Bytes; i++) {
            sb.append(text.charAt(i % text.length()));
            bytes += 3;
        }
        while (bytes < utf8Bytes) {
            sb.append('.');
            bytes++;
        }
        return sb.toString();
    }

    /** A small peer message, the shape of the published examples: short IDs, an 11-byte payload. */
    public static PeerMessage smallPeer() {
        return PeerMessage.builder().from("alice").to("bob").payload("hello world").build();
    }

    /** A small channel message: short IDs, an 11-byte payload. */
    public static ChannelMessage smallChannel() {
        return ChannelMessage.builder().from("alice").channel("lobby").payload("hello world").build();
    }

    /** A typical peer message: 64-character IDs, a payload of {@code payloadSize} bytes. */
    public static PeerMessage peer(int payloadSize) {
        return PeerMessage.builder().from(FROM_64).to(TO_64).payload(payload(payloadSize)).build();
    }

    /** A typical channel message: 64-character IDs, a payload of {@code payloadSize} bytes. */
    public static ChannelMessage channel(int payloadSize) {
        return ChannelMessage.builder().from(FROM_64).channel(CHANNEL_64).payload(payload(payloadSize)).build();
    }

    private static String pad(String start, int length) {
        StringBuilder sb = new StringBuilder(start);
        String fill = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; sb.length() < length; i++) {
            sb.append(fill.charAt(i % fill.length()));
        }
        sb.setLength(length);
        return sb.toString();
    }
}
