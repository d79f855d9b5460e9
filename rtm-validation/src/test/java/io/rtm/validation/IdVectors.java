package io.rtm.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** The shared test vectors ({@code vectors/ids.json}, a copy of {@code shared/vectors/ids.json}). */
final class IdVectors {

    /** One payload example; {@code payload_repeat} already expanded. */
    record PayloadExample(String payload, boolean valid, long utf8Bytes) {
    }

    private static final JsonNode ROOT = load();

    private IdVectors() {
    }

    static List<String> valid() {
        return strings("valid");
    }

    static List<String> invalid() {
        return strings("invalid");
    }

    static List<String> invalidInUrl() {
        return strings("invalid_in_url");
    }

    static int maxPayloadBytes() {
        return ROOT.path("payload").path("valid_utf8_bytes_max").intValue();
    }

    static List<PayloadExample> payloadExamples() {
        List<PayloadExample> out = new ArrayList<>();
        for (JsonNode e : ROOT.path("payload").path("examples")) {
            String payload;
            long bytes;
            if (e.has("payload_repeat")) {
                String unit = e.path("payload_repeat").path("unit").textValue();
                int count = e.path("payload_repeat").path("count").intValue();
                payload = unit.repeat(count);
                bytes = (long) utf8(unit) * count;
            } else {
                payload = e.path("payload").textValue();
                bytes = utf8(payload);
            }
            out.add(new PayloadExample(payload, e.path("valid").booleanValue(), bytes));
        }
        return out;
    }

    /** Named for readable test names: control characters escaped, long values shortened. */
    static Stream<Named<String>> named(List<String> values) {
        return values.stream().map(v -> Named.of(display(v), v));
    }

    static String display(String v) {
        StringBuilder b = new StringBuilder("\"");
        v.codePoints().limit(20).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append(v.length() > 20 ? "…\" (" + v.length() + " chars)" : "\"").toString();
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static List<String> strings(String key) {
        JsonNode array = ROOT.path(key);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException("vectors/ids.json has no '" + key + "' entries");
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.textValue()));
        return out;
    }

    private static JsonNode load() {
        try (InputStream in = IdVectors.class.getResourceAsStream("/vectors/ids.json")) {
            if (in == null) {
                throw new IllegalStateException("vectors/ids.json is not on the test class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
