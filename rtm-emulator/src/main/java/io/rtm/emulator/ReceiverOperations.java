package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.core.Violation;
import io.rtm.validation.RtmValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The emulator's own endpoints for receivers (the real service's receivers are RTM SDK clients; SPEC Decided 7):
 * {@code GET /emulator/v1/apps/{appid}/users/{user_id}/events?channels=a,b}, a Server-Sent-Events stream that
 * keeps the user online and a member of those channels while it is open, and
 * {@code POST .../acks} for manual acks. No credentials: it is a local test tool.
 */
final class ReceiverOperations {

    private static final HttpField SSE_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");

    private final Gate gate;
    private final RtmValidator rules = RtmValidator.standard();

    ReceiverOperations(Gate gate) {
        this.gate = gate;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", Paths.EMULATOR + "/users/{user_id}/events", this::events),
                new Route("POST", Paths.EMULATOR + "/users/{user_id}/acks", this::ack));
    }

    private void events(Exchange ex, Route.PathParams params) {
        AppState app = gate.app(ex, params.raw("appid"));
        if (app == null) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        Optional<String> userId = PercentDecoding.decode(params.raw("user_id"));
        if (userId.isEmpty()) {
            violations.add(Codes.badEncoding("user_id"));
        } else {
            rules.checkUserIdInPath(userId.get(), violations);
        }
        Set<String> channels = channels(ex.request.getHttpURI().getQuery(), violations);
        if (!violations.isEmpty()) {
            ex.invalid(violations);
            return;
        }
        // a receiver sends nothing after its request: once its body (if any) is read, the read side watches for a hang-up
        gate.readBody(ex, body -> openStream(ex, app, userId.get(), channels));
    }

    private static void openStream(Exchange ex, AppState app, String userId, Set<String> channels) {
        ex.response.setStatus(200);
        ex.response.getHeaders().put(SSE_CONTENT_TYPE);
        ex.response.getHeaders().put(NO_CACHE);
        SseStream stream = new SseStream(app, userId, channels, ex.response, ex.callbackForStream());
        ex.request.addFailureListener(stream::failed);
        app.connect(stream);
        HangUpWatch.start(ex.request.getConnectionMetaData().getConnection().getEndPoint(), stream::failed);
    }

    /** {@code channels=a,b} (repeatable): split on raw commas, then each name decoded once ({@code %2C} is a comma in a name). */
    private Set<String> channels(String query, List<Violation> violations) {
        Set<String> channels = new LinkedHashSet<>();
        for (QueryString.Pair pair : QueryString.parse(query)) {
            if (!pair.name().equals("channels") || pair.rawValue().isEmpty()) {
                continue;
            }
            for (String raw : pair.rawValue().split(",", -1)) {
                Optional<String> name = PercentDecoding.decode(raw);
                if (name.isEmpty()) {
                    violations.add(Codes.badEncoding("channels"));
                    continue;
                }
                int before = violations.size();
                rules.checkId("channels", name.get(), violations);
                if (violations.size() == before) {
                    channels.add(name.get());
                }
            }
        }
        return channels;
    }

    private void ack(Exchange ex, Route.PathParams params) {
        AppState app = gate.app(ex, params.raw("appid"));
        if (app == null) {
            return;
        }
        Optional<String> userId = PercentDecoding.decode(params.raw("user_id"));
        if (userId.isEmpty()) {
            ex.invalid(List.of(Codes.badEncoding("user_id")));
            return;
        }
        if (!gate.requireJson(ex)) {
            return;
        }
        gate.readBody(ex, body -> onAckBody(ex, app, userId.get(), body));
    }

    private static void onAckBody(Exchange ex, AppState app, String userId, byte[] body) {
        String id = null;
        boolean wrongType = false;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                ex.fail(400, Codes.MALFORMED_JSON, "the body must be a JSON object");
                return;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("id") && v == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else {
                    wrongType |= name.equals("id") && v != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                ex.fail(400, Codes.MALFORMED_JSON, "the body is not one well-formed JSON object");
                return;
            }
        } catch (IOException e) {
            ex.fail(400, Codes.MALFORMED_JSON, "the body is not well-formed JSON");
            return;
        }
        if (wrongType) {
            ex.invalid(List.of(new Violation("id", Codes.RULE_TYPE, "must be a JSON string")));
        } else if (id == null) {
            ex.invalid(List.of(new Violation("id", Violation.REQUIRED, "is required")));
        } else if (app.acknowledge(userId, id)) {
            ex.respondEmpty(204);
        } else {
            ex.fail(404, Codes.UNKNOWN_MESSAGE, "no call waits for an ack of this message id by this user");
        }
    }
}
