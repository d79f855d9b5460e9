package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rtm.core.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON the emulator writes: response bodies and SSE event data. Thread-safe. */
final class Json {

    /** Strict: a repeated field is malformed rather than "last one wins". */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** {@code {"result":"success","code":…,"request_id":…}}. */
    static byte[] success(String code, String requestId) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("code", code);
            g.writeStringField("request_id", requestId);
        });
    }

    /** Exactly the published form, without a {@code result}: {@code {"code":"message_offline","request_id":…}}. */
    static byte[] offline(String requestId) {
        return write(g -> {
            g.writeStringField("code", Codes.MESSAGE_OFFLINE);
            g.writeStringField("request_id", requestId);
        });
    }

    /** {@code {"result":"failed","code":…,"request_id":…,"message":…[,"violations":[…]]}}. */
    static byte[] error(String code, String requestId, String message, List<Violation> violations) {
        return write(g -> {
            g.writeStringField("result", "failed");
            g.writeStringField("code", code);
            g.writeStringField("request_id", requestId);
            g.writeStringField("message", wellFormed(message));
            if (!violations.isEmpty()) {
                g.writeArrayFieldStart("violations");
                for (Violation v : violations) {
                    g.writeStartObject();
                    g.writeStringField("field", v.field());
                    g.writeStringField("rule", v.rule());
                    g.writeStringField("message", wellFormed(v.message()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        });
    }

    /** The {@code data} of one SSE event. */
    static byte[] event(AcceptedMessage m, boolean offline) {
        return write(g -> {
            g.writeStringField("id", m.id());
            g.writeStringField("type", m.isPeer() ? "peer" : "channel");
            g.writeStringField("from", m.from());
            g.writeStringField(m.isPeer() ? "to" : "channel", m.to());
            g.writeStringField("payload", m.payload());
            g.writeBooleanField("offline", offline);
            g.writeNumberField("sent_at", m.sentAt().toEpochMilli());
        });
    }

    /** A human message may quote input; a lone surrogate would not encode, so it becomes U+FFFD. */
    static String wellFormed(String s) {
        int n = s.length();
        StringBuilder sb = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c)) {
                ok = i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (ok) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                ok = !Character.isLowSurrogate(c);
            }
            if (!ok && sb == null) {
                sb = new StringBuilder(n).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(ok ? c : '\uFFFD');
            }
        }
        return sb == null ? s : sb.toString();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Fields fields) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(128); JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }
}
