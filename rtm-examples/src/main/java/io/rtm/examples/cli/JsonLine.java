package io.rtm.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rtm.core.SendResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The one JSON line the send commands print. */
final class JsonLine {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLine() {
    }

    /** {@code {"http_status":200,"result":"success","code":"message_sent","request_id":"…","attempts":1}}; absent fields are null. */
    static String of(SendResult r) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("http_status", r.httpStatus());
            g.writeStringField("result", r.result().orElse(null));
            g.writeStringField("code", r.code());
            g.writeStringField("request_id", r.requestId().orElse(null));
            g.writeNumberField("attempts", r.attempts());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
