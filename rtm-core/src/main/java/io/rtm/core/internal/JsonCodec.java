package io.rtm.core.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of request bodies: exactly the SPEC field names and types (booleans always present; text as raw
 * UTF-8, only {@code "}, a backslash and control characters escaped). Jackson streaming; thread-safe. Replies are read
 * by {@link io.rtm.core.spi.ServiceReply}.
 */
final class JsonCodec {

    /** Rule id of a string that is not well-formed UTF-16 (an unpaired surrogate): it has no UTF-8 form. */
    static final String WELL_FORMED_UNICODE = "well_formed_unicode";

    // Without COMBINE_UNICODE_SURROGATES_IN_UTF8, Jackson 2 writes a character outside the BMP (an emoji)
    // as two escaped surrogates instead of its 4 UTF-8 bytes. Jackson combines blindly (it would pair a lone
    // high surrogate with the next char), so strings are checked for well-formedness before writing.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private JsonCodec() {
    }

    /** {@code {"destination":…,"enable_offline_messaging":…,"enable_historical_messaging":…,"payload":…}}. */
    static byte[] encode(PeerMessage m) {
        return write(DESTINATION, m.to(), m.offline(), m.history(), m.payload());
    }

    /** {@code {"channel_name":…,"enable_historical_messaging":…,"payload":…}}. */
    static byte[] encode(ChannelMessage m) {
        return write(CHANNEL_NAME, m.channel(), null, m.history(), m.payload());
    }

    private static final SerializedString OFFLINE = new SerializedString("enable_offline_messaging");
    private static final SerializedString HISTORY = new SerializedString("enable_historical_messaging");
    private static final SerializedString PAYLOAD = new SerializedString("payload");
    private static final SerializedString DESTINATION = new SerializedString("destination");
    private static final SerializedString CHANNEL_NAME = new SerializedString("channel_name");

    /** One request body, fields in the SPEC's order; {@code offline} null for the channel API, which has no such field. */
    private static byte[] write(SerializedString idField, String id, Boolean offline, boolean history, String payload) {
        requireWellFormed(id, idField.getValue(), payload, "payload");
        // Recycled buffers, given back afterwards (as jackson-databind's writeValueAsBytes does): without the
        // release every encode allocated a fresh 2 KB block. Field names are pre-encoded once.
        BufferRecycler recycler = JSON._getBufferRecycler();
        ByteArrayBuilder out = new ByteArrayBuilder(recycler);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(idField);
            g.writeString(id);
            if (offline != null) {
                g.writeFieldName(OFFLINE);
                g.writeBoolean(offline);
            }
            g.writeFieldName(HISTORY);
            g.writeBoolean(history);
            g.writeFieldName(PAYLOAD);
            g.writeString(payload);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw unencodable(e);
        } finally {
            out.release();
            recycler.releaseToPool();
        }
    }

    /** Whether the string is well-formed UTF-16 (every surrogate paired), i.e. has a UTF-8 encoding. */
    static boolean isWellFormed(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The violation for a field that is not well-formed UTF-16. */
    static Violation malformed(String field) {
        return new Violation(field, WELL_FORMED_UNICODE, "contains an unpaired surrogate, which has no UTF-8 encoding");
    }

    private static void requireWellFormed(String first, String firstField, String second, String secondField) {
        List<Violation> violations = new ArrayList<>(0);
        if (!isWellFormed(first)) {
            violations.add(malformed(firstField));
        }
        if (!isWellFormed(second)) {
            violations.add(malformed(secondField));
        }
        if (!violations.isEmpty()) {
            throw new RtmValidationException(violations);
        }
    }

    private static RtmValidationException unencodable(IOException e) {
        // Not expected: strings are checked for well-formedness first and the output is in memory.
        return new RtmValidationException(List.of(new Violation("message", WELL_FORMED_UNICODE,
                "the message cannot be encoded as JSON: " + e.getClass().getSimpleName())));
    }
}
