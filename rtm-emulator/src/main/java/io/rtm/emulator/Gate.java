package io.rtm.emulator;

import io.rtm.auth.token.RtmTokenException;
import io.rtm.auth.token.RtmTokenVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every API call goes through, in the same words for every route: which app, who calls (Basic or
 * token, as the service), Content-Type, the body within the limit, the quota; and the guard that turns an
 * unexpected exception into a logged 500. Each check answers the exchange itself when it refuses. Thread-safe.
 */
final class Gate {

    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);
    private static final String X_AR_TOKEN = "x-ar-token";
    private static final String X_AR_UID = "x-ar-uid";

    private final Map<String, AppState> apps;
    private final Settings settings;
    private final LongAdder unexpectedErrors = new LongAdder();

    Gate(Map<String, AppState> apps, Settings settings) {
        this.apps = apps;
        this.settings = settings;
    }

    long unexpectedErrors() {
        return unexpectedErrors.sum();
    }

    /** Runs one step of an exchange; an unexpected exception answers 500 and is logged with its stack trace. */
    void guard(Exchange ex, Runnable step) {
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

    /** The app of the {@code {appid}} segment, or null after answering {@code 404 unknown_app}. */
    AppState app(Exchange ex, String rawAppId) {
        AppState app = PercentDecoding.decode(rawAppId).map(apps::get).orElse(null);
        if (app == null) {
            ex.fail(404, Codes.UNKNOWN_APP, "no app with this App ID");
        }
        return app;
    }

    /**
     * Basic, or token + uid, as the service: answers 401 and returns false when the caller is not authenticated.
     *
     * @param pathUserId the {@code user_id} of the path, which token auth must match ({@code uid_mismatch});
     *                   empty for the APIs without one (history, events: any uid with a valid token may call)
     */
    boolean authenticate(Exchange ex, AppState app, Optional<String> pathUserId) {
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
            ex.fail(401, Codes.MISSING_CREDENTIALS, "send Authorization: Basic, or both x-ar-token and x-ar-uid");
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
        if (pathUserId.isPresent() && !pathUserId.get().equals(uid)) {
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

    /** Answers {@code 415} and returns false unless the body is declared {@code application/json} in UTF-8. */
    boolean requireJson(Exchange ex) {
        if (isJson(ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            return true;
        }
        ex.fail(415, Codes.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json;charset=utf-8");
        return false;
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

    /** Reads the body up to {@code maxBodyBytes}: then {@code onBody}; a larger body gets 413; a broken read abandons the exchange. */
    void readBody(Exchange ex, Consumer<byte[]> onBody) {
        BodyReader.read(ex.request, settings.maxBodyBytes(), new BodyReader.Listener() {
            @Override
            public void onBody(byte[] body) {
                ex.bodyRead();
                onBody.accept(body);
            }

            @Override
            public void onTooLarge() {
                ex.failTooLarge(Codes.PAYLOAD_TOO_LARGE, "the request body is larger than " + settings.maxBodyBytes()
                        + " bytes");
            }

            @Override
            public void onFailure(Throwable cause) {
                ex.abandon(cause);
            }
        }, step -> guard(ex, step));
    }

    /** Admits the call under {@code quota}, or answers {@code 429 rate_limited} with {@code Retry-After} and returns false. */
    boolean admit(Exchange ex, AppState app, Quota quota) {
        long waitNanos = app.admit(quota);
        if (waitNanos == 0) {
            return true;
        }
        long seconds = SlidingWindowLimiter.retryAfterSeconds(waitNanos);
        ex.fail(429, Codes.RATE_LIMITED, "more than " + quota.perSecond(settings) + " calls in one second to the "
                + quota.covers + " of this app", new HttpField(HttpHeader.RETRY_AFTER, Long.toString(seconds)));
        return false;
    }
}
