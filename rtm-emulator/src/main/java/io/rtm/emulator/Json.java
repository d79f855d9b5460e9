package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rtm.core.Violation;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON the emulator writes: response bodies and SSE event data, each with its fields in a fixed order. Thread-safe. */
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
            g.writeStringField("type", m.type().eventType());
            g.writeStringField("from", m.from());
            g.writeStringField(m.type().eventTargetField(), m.to());
            g.writeStringField("payload", m.payload());
            g.writeBooleanField("offline", offline);
            g.writeNumberField("sent_at", m.sentAt().toEpochMilli());
        });
    }

    /**
     * {@code {"result":"success","request_id":…,"offset":…,"limit":…,"order":…,"location":"~/rtm/message/history/query/<handle>"}}.
     */
    static byte[] historyQueryCreated(String requestId, long offset, int limit, String order, String location) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeNumberField("offset", offset);
            g.writeNumberField("limit", limit);
            g.writeStringField("order", order);
            g.writeStringField("location", location);
        });
    }

    /** {@code {"result":"success","request_id":…,"code":"in progress"}}: not ready; ask again in 2 seconds. */
    static byte[] inProgress(String requestId) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeStringField("code", Codes.IN_PROGRESS);
        });
    }

    /** {@code {"result":"success","request_id":…,"code":"ok","messages":[{"src","dst","message_type","payload","ms"}…]}}. */
    static byte[] historyPage(String requestId, List<AcceptedMessage> messages) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeStringField("code", Codes.OK);
            g.writeArrayFieldStart("messages");
            for (AcceptedMessage m : messages) {
                g.writeStartObject();
                g.writeStringField("src", m.from());
                g.writeStringField("dst", m.to());
                g.writeStringField("message_type", m.type().historyType());
                g.writeStringField("payload", m.payload());
                g.writeNumberField("ms", m.sentAt().toEpochMilli());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** {@code {"result":"success","request_id":…,"code":"ok","count":…}}. */
    static byte[] historyCount(String requestId, long count) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeStringField("code", Codes.OK);
            g.writeNumberField("count", count);
        });
    }

    /** {@code {"result":"success","request_id":…,"events":[{"user_id","type","ts"}…]}}. */
    static byte[] userEvents(String requestId, List<UserEvent> events) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeArrayFieldStart("events");
            for (UserEvent e : events) {
                g.writeStartObject();
                g.writeStringField("user_id", e.userId());
                g.writeStringField("type", e.type());
                g.writeNumberField("ts", e.timestamp().toEpochMilli());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** {@code {"result":"success","request_id":…,"events":[{"channel_id","user_id","type","ts"}…]}}. */
    static byte[] channelEvents(String requestId, List<ChannelEvent> events) {
        return write(g -> {
            g.writeStringField("result", "success");
            g.writeStringField("request_id", requestId);
            g.writeArrayFieldStart("events");
            for (ChannelEvent e : events) {
                g.writeStartObject();
                g.writeStringField("channel_id", e.channelId());
                g.writeStringField("user_id", e.userId());
                g.writeStringField("type", e.type());
                g.writeNumberField("ts", e.timestamp().toEpochMilli());
                g.writeEndObject();
            }
            g.writeEndArray();
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
