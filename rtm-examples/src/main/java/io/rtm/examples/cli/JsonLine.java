package io.rtm.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rtm.core.SendResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON lines the CLI prints. Every field is always present with a value of its type; none is ever null. */
final class JsonLine {

    private static final JsonFactory JSON = new JsonFactory();

    /** Writes the fields of one object. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private JsonLine() {
    }

    /**
     * {@code {"http_status":200,"result":"success","code":"message_sent","request_id":"…","attempts":1}}. A text
     * field the service's reply did not have is {@code ""} (the published {@code message_offline} reply has no
     * {@code result}), as {@link SendResult#code()} already does for {@code code}.
     */
    static String of(SendResult r) {
        return object(g -> {
            g.writeNumberField("http_status", r.httpStatus());
            g.writeStringField("result", r.result().orElse(""));
            g.writeStringField("code", r.code());
            g.writeStringField("request_id", r.requestId().orElse(""));
            g.writeNumberField("attempts", r.attempts());
        });
    }

    /** One JSON object, on one line. */
    static String object(Fields fields) {
        StringWriter w = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
