package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.core.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of a send call, read with exact field names and types: {@code destination} (peer) or
 * {@code channel_name} (channel), {@code payload}, and the optional booleans {@code enable_offline_messaging}
 * (peer only) and {@code enable_historical_messaging}. Unknown fields are ignored; {@code null} counts as absent.
 * A value of the wrong JSON type is a violation of rule {@code type}.
 */
final class SendBody {

    static final String DESTINATION = "destination";
    static final String CHANNEL_NAME = "channel_name";
    static final String PAYLOAD = "payload";
    static final String OFFLINE = "enable_offline_messaging";
    static final String HISTORY = "enable_historical_messaging";

    /** The body is not one well-formed JSON object. */
    static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    String target;
    String payload;
    boolean offline;
    boolean history;
    /** Wrong-type fields; {@code typeErrorOnTarget}/{@code typeErrorOnPayload} mark which of the two. */
    final List<Violation> typeViolations = new ArrayList<>(0);
    boolean typeErrorOnTarget;
    boolean typeErrorOnPayload;

    private SendBody() {
    }

    static SendBody parse(byte[] body, Api api) throws MalformedJsonException {
        SendBody b = new SendBody();
        String targetField = api == Api.PEER ? DESTINATION : CHANNEL_NAME;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedJsonException("the body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals(targetField)) {
                    b.target = b.string(p, v, name);
                    b.typeErrorOnTarget |= b.target == null && v != JsonToken.VALUE_NULL;
                } else if (name.equals(PAYLOAD)) {
                    b.payload = b.string(p, v, name);
                    b.typeErrorOnPayload |= b.payload == null && v != JsonToken.VALUE_NULL;
                } else if (name.equals(HISTORY)) {
                    b.history = b.flag(p, v, name);
                } else if (name.equals(OFFLINE) && api == Api.PEER) {
                    b.offline = b.flag(p, v, name);
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new MalformedJsonException("the body is not a well-formed JSON object");
            }
            if (p.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON object");
            }
        } catch (IOException e) {
            // Jackson's messages quote the input and the parser state; ours stays short and safe
            throw new MalformedJsonException("the body is not well-formed JSON (line " + lineOf(e) + ")");
        }
        return b;
    }

    private static String lineOf(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return Integer.toString(j.getLocation().getLineNr());
        }
        return "?";
    }

    private String string(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v != JsonToken.VALUE_NULL) {
            typeViolations.add(new Violation(name, Codes.RULE_TYPE, "must be a JSON string, not " + describe(v)));
            p.skipChildren();
        }
        return null;
    }

    private boolean flag(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (v != JsonToken.VALUE_FALSE && v != JsonToken.VALUE_NULL) {
            typeViolations.add(new Violation(name, Codes.RULE_TYPE, "must be a JSON boolean, not " + describe(v)));
            p.skipChildren();
        }
        return false;
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            default:
                return t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
