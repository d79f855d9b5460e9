package io.rtm.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the successful replies of the operations whose results have structure (history pages, counts, events): the
 * body as one JSON object of plain Java values ({@code String}, {@code Long} or {@code BigInteger}, {@code Double},
 * {@code Boolean}, {@code List}, {@code Map}; {@code null} as absent; the last of repeated fields wins), and the
 * typed error for a 2xx reply that lacks what the operation needs. A reply's text is never quoted in an error (it may
 * hold message payloads). Thread-safe.
 */
final class ReplyJson {

    // Nesting is bounded: a history page is 3 levels deep.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
            .build();

    private ReplyJson() {
    }

    /**
     * The reply's top-level object.
     *
     * @throws RtmException (an {@link io.rtm.core.error.RtmUnexpectedResponseException}) when the body is not one JSON
     *                      object
     */
    static Map<String, Object> object(String label, HttpResponse response, int attempts) {
        try (JsonParser p = JSON.createParser(response.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable(label, response, attempts, "the body is not a JSON object");
            }
            Map<String, Object> object = readObject(p);
            if (p.nextToken() != null) {
                throw unreadable(label, response, attempts, "the body has content after its JSON object");
            }
            return object;
        } catch (IOException e) {
            throw unreadable(label, response, attempts, "the body is not well-formed JSON");
        }
    }

    private static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> out = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            Object value = readValue(p);
            if (value == null) {
                out.remove(name);
            } else {
                out.put(name, value);
            }
        }
        return out;
    }

    private static Object readValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p)); // a null element is kept as null: the decoders refuse it
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null; // VALUE_NULL
        }
    }

    /** Field {@code name} as a string; throws naming the field when absent or not a string. */
    static String string(Map<String, Object> object, String name, Unreadable fail) {
        Object v = object.get(name);
        if (v instanceof String s) {
            return s;
        }
        throw fail.because(v == null ? "\"" + name + "\" is missing" : "\"" + name + "\" is not a string");
    }

    /** Field {@code name} as an integer that fits a long; throws naming the field when absent or not one. */
    static long integer(Map<String, Object> object, String name, Unreadable fail) {
        Object v = object.get(name);
        if (v instanceof Long l) {
            return l;
        }
        throw fail.because(v == null ? "\"" + name + "\" is missing"
                : v instanceof BigInteger ? "\"" + name + "\" is out of range" : "\"" + name + "\" is not an integer");
    }

    /** Field {@code name} as an array of objects; throws naming the field when absent or not one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> object, String name, Unreadable fail) {
        Object v = object.get(name);
        if (!(v instanceof List<?> list)) {
            throw fail.because(v == null ? "\"" + name + "\" is missing" : "\"" + name + "\" is not an array");
        }
        for (Object element : list) {
            if (!(element instanceof Map)) {
                throw fail.because("\"" + name + "\" has an element that is not an object");
            }
        }
        return (List<Map<String, Object>>) (List<?>) list;
    }

    /** Says why a 2xx reply cannot be read. */
    @FunctionalInterface
    interface Unreadable {
        RtmException because(String what);
    }

    /** The errors of one reply. */
    static Unreadable unreadable(String label, HttpResponse response, int attempts) {
        return what -> unreadable(label, response, attempts, what);
    }

    /**
     * A 2xx reply lacking what the operation needs: an {@link io.rtm.core.error.RtmUnexpectedResponseException}
     * (the request reached the service) with the reply's {@code code} and {@code request_id}.
     */
    static RtmException unreadable(String label, HttpResponse response, int attempts, String what) {
        ServiceReply reply = ServiceReply.of(response);
        return RtmServiceException.builder(response.status())
                .message(label + " failed: HTTP " + response.status() + " reply could not be read: " + what)
                .code(reply.code().orElse(null)).requestId(reply.requestId().orElse(null))
                .attempts(Math.max(1, attempts)).build();
    }
}
