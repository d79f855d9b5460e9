package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.auth.token.RtmTokenException;
import io.rtm.auth.token.RtmTokenVerifier;
import io.rtm.core.Violation;
import io.rtm.validation.RtmValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP API on Jetty core: routes, authenticates, reads and checks the body, rate-limits, injects
 * faults, accepts and delivers. Fully asynchronous: no step parks a Jetty thread (bodies are read on demand,
 * ack waits and latency are scheduled). Every path answers exactly once; an unexpected exception becomes a 500
 * {@code internal_error} with its stack trace logged.
 */
final class EmulatorHandler extends Handler.Abstract.NonBlocking {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHandler.class);

    private static final HttpField ALLOW_POST = new PreEncodedHttpField(HttpHeader.ALLOW, "POST");
    private static final HttpField ALLOW_GET = new PreEncodedHttpField(HttpHeader.ALLOW, "GET");
    private static final HttpField SSE_CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/event-stream");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final String X_AR_TOKEN = "x-ar-token";
    private static final String X_AR_UID = "x-ar-uid";

    private final Map<String, AppState> apps;
    private final Settings settings;
    private final RtmValidator rules = RtmValidator.standard();
    private final Scheduler scheduler;
    private final Executor executor;
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong messageIds = new AtomicLong();
    private final LongAdder unexpectedErrors = new LongAdder();

    EmulatorHandler(Map<String, AppState> apps, Settings settings, Scheduler scheduler, Executor executor) {
        this.apps = apps;
        this.settings = settings;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    long unexpectedErrors() {
        return unexpectedErrors.sum();
    }

    String nextRequestId() {
        return idPrefix + '-' + requestIds.incrementAndGet();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback, nextRequestId(), scheduler, settings.maxBodyBytes());
        guard(ex, () -> route(ex));
        return true;
    }

    /** Runs one step of an exchange; an unexpected exception answers 500 and is logged with its stack trace. */
    private void guard(Exchange ex, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            unexpectedErrors.increment();
            LOG.error("rtm-emulator: unexpected error handling {} {} (request_id {})", ex.request.getMethod(),
                    ex.request.getHttpURI().getPath(), ex.requestId, t);
            if (!ex.isAnswered() && !ex.response.isCommitted()) {
                ex.fail(500, Codes.INTERNAL_ERROR, "unexpected emulator error; see the emulator log (request_id "
                        + ex.requestId + ")");
            } else {
                ex.abandon(t);
            }
        }
    }

    // ---- routing ---------------------------------------------------------------------------------------------

    private void route(Exchange ex) {
        String[] seg = ex.request.getHttpURI().getPath().split("/", -1);
        String method = ex.request.getMethod();
        if (seg.length == 9 && seg[0].isEmpty() && seg[1].equals("dev") && seg[2].equals("v2")
                && seg[3].equals("project") && seg[5].equals("rtm") && seg[6].equals("users")) {
            Api api = seg[8].equals("peer_messages") ? Api.PEER : seg[8].equals("channel_messages") ? Api.CHANNEL : null;
            if (api != null) {
                if (!method.equals("POST")) {
                    ex.fail(405, Codes.METHOD_NOT_ALLOWED, method + " is not allowed here; use POST", ALLOW_POST);
                } else {
                    send(ex, seg[4], seg[7], api);
                }
                return;
            }
        } else if (seg.length == 8 && seg[0].isEmpty() && seg[1].equals("emulator") && seg[2].equals("v1")
                && seg[3].equals("apps") && seg[5].equals("users")) {
            if (seg[7].equals("events")) {
                if (!method.equals("GET")) {
                    ex.fail(405, Codes.METHOD_NOT_ALLOWED, method + " is not allowed here; use GET", ALLOW_GET);
                } else {
                    events(ex, seg[4], seg[6]);
                }
                return;
            }
            if (seg[7].equals("acks")) {
                if (!method.equals("POST")) {
                    ex.fail(405, Codes.METHOD_NOT_ALLOWED, method + " is not allowed here; use POST", ALLOW_POST);
                } else {
                    ack(ex, seg[4], seg[6]);
                }
                return;
            }
        }
        ex.fail(404, Codes.NOT_FOUND, "no such endpoint");
    }

    private AppState app(Exchange ex, String rawAppId) {
        AppState app = PercentDecoding.decode(rawAppId).map(apps::get).orElse(null);
        if (app == null) {
            ex.fail(404, Codes.UNKNOWN_APP, "no app with this App ID");
        }
        return app;
    }

    // ---- the send APIs -------------------------------------------------------------------------------------

    private void send(Exchange ex, String rawAppId, String rawUserId, Api api) {
        AppState app = app(ex, rawAppId);
        if (app == null) {
            return;
        }
        ex.countFor(app);
        Optional<String> userId = PercentDecoding.decode(rawUserId);
        if (!authenticate(ex, app, userId)) {
            return;
        }
        if (userId.isEmpty()) {
            ex.invalid(List.of(badEncoding("user_id")));
            return;
        }
        List<Violation> queryViolations = new ArrayList<>(0);
        boolean waitForAck = api == Api.PEER && waitForAck(ex, queryViolations);
        if (!isJson(ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            ex.fail(415, Codes.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json;charset=utf-8");
            return;
        }
        readBody(ex, body -> onSendBody(ex, app, api, userId.get(), waitForAck, queryViolations, body));
    }

    /** Reads the body up to the limit: then {@code onBody}; a larger body gets 413; a broken read abandons the exchange. */
    private void readBody(Exchange ex, java.util.function.Consumer<byte[]> onBody) {
        BodyReader.read(ex.request, settings.maxBodyBytes(), new BodyReader.Listener() {
            @Override
            public void onBody(byte[] body) {
                ex.bodyRead();
                onBody.accept(body);
            }

            @Override
            public void onTooLarge() {
                tooLarge(ex);
            }

            @Override
            public void onFailure(Throwable cause) {
                ex.abandon(cause);
            }
        }, step -> guard(ex, step));
    }

    private void tooLarge(Exchange ex) {
        ex.failTooLarge(Codes.PAYLOAD_TOO_LARGE, "the request body is larger than " + settings.maxBodyBytes() + " bytes");
    }

    /** Basic, or token + uid; answers 401 and returns false when the caller is not authenticated. */
    private boolean authenticate(Exchange ex, AppState app, Optional<String> userId) {
        HttpFields h = ex.request.getHeaders();
        String authorization = h.get(HttpHeader.AUTHORIZATION);
        if (authorization != null) {
            if (!basicMatches(authorization, app.app)) {
                ex.fail(401, Codes.INVALID_CREDENTIALS, "the Basic credentials are not this app's api key and secret");
                return false;
            }
            return true;
        }
        String token = h.get(X_AR_TOKEN);
        String uid = h.get(X_AR_UID);
        if (token == null || token.isEmpty() || uid == null || uid.isEmpty()) {
            ex.fail(401, Codes.MISSING_CREDENTIALS,
                    "send Authorization: Basic, or both x-ar-token and x-ar-uid");
            return false;
        }
        try {
            RtmTokenVerifier.verify(token, app.app.appId(), app.app.appCertificate(), uid, settings.clock().instant());
        } catch (RtmTokenException e) {
            ex.fail(401, e.code(), e.getMessage());
            return false;
        } catch (IllegalArgumentException e) {
            ex.fail(401, Codes.INVALID_CREDENTIALS, "the token cannot be verified for this x-ar-uid");
            return false;
        }
        if (userId.isPresent() && !userId.get().equals(uid)) {
            ex.fail(401, Codes.UID_MISMATCH, "with token auth the user_id in the path must equal x-ar-uid");
            return false;
        }
        return true;
    }

    private static boolean basicMatches(String authorization, EmulatorApp app) {
        String a = authorization.trim();
        if (a.length() < 6 || !a.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(a.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (app.apiKey() + ':' + app.apiSecret()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(decoded, expected);
    }

    /** {@code wait_for_ack}: absent = false; exactly {@code true} or {@code false} otherwise. */
    private static boolean waitForAck(Exchange ex, List<Violation> violations) {
        String query = ex.request.getHttpURI().getQuery();
        boolean wait = false;
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.equals("wait_for_ack")) {
                continue;
            }
            String value = eq < 0 ? "" : PercentDecoding.decode(pair.substring(eq + 1)).orElse("");
            if (value.equals("true")) {
                wait = true;
            } else if (!value.equals("false")) {
                violations.add(new Violation("wait_for_ack", Codes.RULE_ALLOWED_VALUES, "must be true or false"));
                return false;
            }
        }
        return wait;
    }

    /** {@code application/json}, optionally with {@code charset=utf-8}; any other charset is refused. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String cs = p.substring(eq + 1).trim().replace("\"", "");
                if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private void onSendBody(Exchange ex, AppState app, Api api, String userId, boolean waitForAck,
            List<Violation> queryViolations, byte[] bytes) {
        SendBody body;
        try {
            body = SendBody.parse(bytes, api);
        } catch (SendBody.MalformedJsonException e) {
            ex.fail(400, Codes.MALFORMED_JSON, e.getMessage());
            return;
        }
        List<Violation> violations = validate(api, userId, body, queryViolations);
        if (!violations.isEmpty()) {
            ex.invalid(violations);
            return;
        }
        long waitNanos = app.admit(api);
        if (waitNanos > 0) {
            long seconds = SlidingWindowLimiter.retryAfterSeconds(waitNanos);
            ex.fail(429, Codes.RATE_LIMITED, "more than " + settings.rateLimitPerSecond() + " calls in one second to the "
                    + api.pathSuffix() + " API of this app", new HttpField(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
            return;
        }
        FaultInjector.Decision fault = app.nextFault();
        Runnable accept = () -> guard(ex, () -> acceptAndDeliver(ex, app, api, userId, waitForAck, body, fault));
        if (fault.latencyNanos() > 0) {
            scheduler.schedule(() -> executor.execute(accept), fault.latencyNanos(), TimeUnit.NANOSECONDS);
        } else {
            accept.run();
        }
    }

    private List<Violation> validate(Api api, String userId, SendBody body, List<Violation> queryViolations) {
        String targetField = api == Api.PEER ? SendBody.DESTINATION : SendBody.CHANNEL_NAME;
        if (body.typeViolations.isEmpty() && queryViolations.isEmpty()) {
            return api == Api.PEER ? rules.validatePeer(userId, body.target, body.payload)
                    : rules.validateChannel(userId, body.target, body.payload);
        }
        List<Violation> out = new ArrayList<>();
        rules.checkUserIdInPath(userId, out);
        if (!body.typeErrorOnTarget) {
            rules.checkId(targetField, body.target, out);
        }
        if (!body.typeErrorOnPayload) {
            rules.checkPayload(body.payload, out);
        }
        out.addAll(body.typeViolations);
        out.addAll(queryViolations);
        return out;
    }

    private void acceptAndDeliver(Exchange ex, AppState app, Api api, String userId, boolean waitForAck, SendBody body,
            FaultInjector.Decision fault) {
        switch (fault.outcome()) {
            case ERROR:
                ex.fail(500, Codes.INTERNAL_ERROR, "injected fault: internal error before the message was accepted");
                return;
            case TIMEOUT:
                ex.fail(408, Codes.TIMEOUT, "injected fault: the service timed out before the message was accepted");
                return;
            case DROP:
                ex.drop();
                return;
            default:
                break;
        }
        AcceptedMessage m = new AcceptedMessage(idPrefix + "-m" + messageIds.incrementAndGet(), api, userId,
                body.target, body.payload, waitForAck, body.offline, body.history, ex.requestId,
                settings.clock().instant());
        app.accept(m);
        if (api == Api.CHANNEL) {
            app.deliverChannel(m);
            finish(ex, fault, Json.success(Codes.MESSAGE_SENT, ex.requestId));
            return;
        }
        Optional<PendingAck> waiting = app.deliverPeer(m, waitForAck);
        if (!waitForAck) {
            finish(ex, fault, Json.success(Codes.MESSAGE_SENT, ex.requestId));
        } else if (waiting.isEmpty()) {
            finish(ex, fault, Json.offline(ex.requestId));
        } else {
            PendingAck ack = waiting.get();
            Scheduler.Task timeout = scheduler.schedule(() -> app.ackTimedOut(ack),
                    settings.ackTimeout().toNanos(), TimeUnit.NANOSECONDS);
            ack.outcome.thenAccept(delivered -> guard(ex, () -> {
                timeout.cancel();
                if (delivered) {
                    finish(ex, fault, Json.success(Codes.MESSAGE_DELIVERED, ex.requestId));
                } else {
                    ex.fail(408, Codes.ACK_TIMEOUT, "the receiver did not acknowledge within "
                            + settings.ackTimeout().toMillis() + " ms");
                }
            }));
        }
    }

    /** Answers a success, unless an after-accept fault turns it into a 500 or a dropped connection. */
    private static void finish(Exchange ex, FaultInjector.Decision fault, byte[] success) {
        switch (fault.outcome()) {
            case AFTER_ACCEPT_ERROR:
                ex.fail(500, Codes.INTERNAL_ERROR, "injected fault: internal error after the message was accepted");
                break;
            case AFTER_ACCEPT_DROP:
                ex.drop();
                break;
            default:
                ex.respond(200, success);
        }
    }

    private static Violation badEncoding(String field) {
        return new Violation(field, Codes.RULE_PERCENT_ENCODING, "is not valid percent-encoded UTF-8");
    }

    // ---- receivers -------------------------------------------------------------------------------------------

    private void events(Exchange ex, String rawAppId, String rawUserId) {
        AppState app = app(ex, rawAppId);
        if (app == null) {
            return;
        }
        List<Violation> violations = new ArrayList<>();
        Optional<String> userId = PercentDecoding.decode(rawUserId);
        if (userId.isEmpty()) {
            violations.add(badEncoding("user_id"));
        } else {
            rules.checkUserIdInPath(userId.get(), violations);
        }
        Set<String> channels = channels(ex.request.getHttpURI().getQuery(), violations);
        if (!violations.isEmpty()) {
            ex.invalid(violations);
            return;
        }
        ex.response.setStatus(200);
        ex.response.getHeaders().put(SSE_CONTENT_TYPE);
        ex.response.getHeaders().put(NO_CACHE);
        SseStream stream = new SseStream(app, userId.get(), channels, ex.response, ex.callbackForStream());
        ex.request.addFailureListener(stream::failed);
        app.connect(stream);
    }

    /** {@code channels=a,b} (repeatable): split on raw commas, then each name decoded once ({@code %2C} is a comma in a name). */
    private Set<String> channels(String query, List<Violation> violations) {
        Set<String> channels = new LinkedHashSet<>();
        if (query == null || query.isEmpty()) {
            return channels;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).equals("channels") || eq == pair.length() - 1) {
                continue;
            }
            for (String raw : pair.substring(eq + 1).split(",", -1)) {
                Optional<String> name = PercentDecoding.decode(raw);
                if (name.isEmpty()) {
                    violations.add(badEncoding("channels"));
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

    private void ack(Exchange ex, String rawAppId, String rawUserId) {
        AppState app = app(ex, rawAppId);
        if (app == null) {
            return;
        }
        Optional<String> userId = PercentDecoding.decode(rawUserId);
        if (userId.isEmpty()) {
            ex.invalid(List.of(badEncoding("user_id")));
            return;
        }
        if (!isJson(ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            ex.fail(415, Codes.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            return;
        }
        readBody(ex, body -> onAckBody(ex, app, userId.get(), body));
    }

    private void onAckBody(Exchange ex, AppState app, String userId, byte[] body) {
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
