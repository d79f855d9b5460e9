package io.rtm.core.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.core.internal.EchoedSecrets;
import java.io.IOException;
import java.util.Optional;

/**
 * The RTM fields of a response body ({@code code}, {@code result}, {@code request_id}, {@code message}), read the
 * way the client reads them: top-level string fields of one JSON object, unknown fields ignored, {@code null} as
 * absent, the last of repeated fields wins, a number or boolean as its text; a body that is not one JSON object has
 * none of them.
 *
 * <p>{@link #of(HttpResponse)} decodes a response once and keeps the result with it, so the pipeline and every
 * interceptor that asks (metrics, spans, audit logs, retry strategies) share one parse. Inside an RTM client every
 * response has been through {@link #redactEchoes}: a field that echoes the request's credentials reads
 * {@code <redacted>} for all of them, results, errors and logs included. Immutable and thread-safe.
 */
public final class ServiceReply {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ServiceReply NONE = new ServiceReply(false, null, null, null, null);

    private final boolean json;
    private final String result;
    private final String code;
    private final String requestId;
    private final String message;

    private ServiceReply(boolean json, String result, String code, String requestId, String message) {
        this.json = json;
        this.result = result;
        this.code = code;
        this.requestId = requestId;
        this.message = message;
    }

    /** The reply of this response (decoded on the first call for it, then the same instance). */
    public static ServiceReply of(HttpResponse response) {
        ServiceReply decoded = response.decodedReply();
        if (decoded == null) {
            decoded = decode(response.bodyArray()).scrubbed(response.echoedSecrets());
            response.decodedReply(decoded);
        }
        return decoded;
    }

    /**
     * Makes the reply of {@code response} read {@code <redacted>} wherever it echoes a credential of {@code sent}, the
     * request it answers: an {@code Authorization} or {@code x-ar-token} value, the credential after its scheme, and for
     * Basic the decoded {@code key:secret} and the api secret alone (fragments under 4 characters are left). Every
     * later {@link #of(HttpResponse)} answers the scrubbed fields. An RTM client calls it for each response as it
     * comes back from the transport, before any interceptor, retry strategy or authenticator sees it; a transport or
     * interceptor need not. Idempotent; cheap when the reply echoes nothing.
     *
     * @param response a response
     * @param sent     the request as it was sent, credentials included
     */
    public static void redactEchoes(HttpResponse response, HttpRequest sent) {
        java.util.List<String> secrets = EchoedSecrets.of(sent);
        response.echoedSecrets(secrets);
        ServiceReply decoded = response.decodedReply();
        if (decoded != null) {
            response.decodedReply(decoded.scrubbed(secrets)); // read before: scrub that too
        }
    }

    /** This reply with every secret replaced; this instance when none occurs (the common case) or none is known. */
    private ServiceReply scrubbed(java.util.List<String> secrets) {
        if (secrets == null || secrets.isEmpty() || !json) {
            return this;
        }
        String r = EchoedSecrets.scrub(result, secrets);
        String c = EchoedSecrets.scrub(code, secrets);
        String q = EchoedSecrets.scrub(requestId, secrets);
        String m = EchoedSecrets.scrub(message, secrets);
        return r == result && c == code && q == requestId && m == message ? this : new ServiceReply(true, r, c, q, m);
    }

    /** Reads the top-level string fields of one JSON object; anything else has none of them. */
    private static ServiceReply decode(byte[] body) {
        if (body.length == 0) {
            return NONE;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            String result = null;
            String code = null;
            String requestId = null;
            String message = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "result" -> result = p.getText();
                    case "code" -> code = p.getText();
                    case "request_id" -> requestId = p.getText();
                    case "message" -> message = p.getText();
                    default -> { }
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return NONE;
            }
            return new ServiceReply(true, result, code, requestId, message);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** Whether the body was one JSON object (possibly without any of the RTM fields). */
    public boolean isJsonObject() {
        return json;
    }

    /** {@code code}, e.g. {@code message_sent} or an error's {@code <snake_case_reason>}; may be empty. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** {@code result}, e.g. {@code success}. */
    public Optional<String> result() {
        return Optional.ofNullable(result);
    }

    /** {@code request_id}, the service's ID of the request (quote it to support). */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** {@code message}, the human-readable text of an error reply. */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /** The fields as read ({@code request_id} and {@code code}; never the message text). */
    @Override
    public String toString() {
        return "ServiceReply{json=" + json + ", code=" + code + ", requestId=" + requestId + '}';
    }
}
