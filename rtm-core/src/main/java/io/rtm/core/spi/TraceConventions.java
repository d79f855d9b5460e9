package io.rtm.core.spi;

import io.rtm.core.Operation;
import io.rtm.core.error.RtmException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one set of span names and attribute names that every tracing of the SDK uses (rtm-opentelemetry's spans,
 * rtm-metrics' Micrometer Observations), after the OpenTelemetry semantic conventions: a call is a messaging span
 * named after its operation ({@code send_peer}); each HTTP exchange is an HTTP client span named
 * {@code POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages} (method and URI template: never a real
 * user ID). No name or value here ever holds a user ID, a channel name, a payload or a credential. Thread-safe.
 */
public final class TraceConventions {

    // ---- the call span (messaging) ----
    /** {@code rtm}. */
    public static final String MESSAGING_SYSTEM = "messaging.system";
    /** The operation's name, e.g. {@code send_peer}. */
    public static final String MESSAGING_OPERATION_NAME = "messaging.operation.name";
    /** {@link #messagingOperationType}: {@code send} for the sends, {@code receive} for the events reads; absent for history. */
    public static final String MESSAGING_OPERATION_TYPE = "messaging.operation.type";
    /** The operation's {@link Operation#api()}, e.g. {@code peer}. */
    public static final String RTM_API = "rtm.api";
    /** Attempts the call made. */
    public static final String RTM_ATTEMPTS = "rtm.attempts";
    /** The service's {@code code} of the reply (the call's final one on the call span, each attempt's on its span). */
    public static final String RTM_CODE = "rtm.code";
    /** The service's {@code request_id} of the reply. */
    public static final String RTM_REQUEST_ID = "rtm.request_id";
    /** A send's {@link io.rtm.core.DeliveryCode}, lower case: {@code sent}, {@code delivered}, {@code offline}, {@code unknown}. */
    public static final String RTM_DELIVERY_CODE = "rtm.delivery_code";
    /** The failure's {@link io.rtm.core.error.Reason#value()}, e.g. {@code server_error}. */
    public static final String RTM_ERROR_REASON = "rtm.error.reason";
    /** Event on the call span when a retry attempt starts. */
    public static final String EVENT_RETRY = "rtm.retry";
    /** Of {@link #EVENT_RETRY}: why, the failed attempt's {@link io.rtm.core.error.Reason#value()}. */
    public static final String RTM_RETRY_REASON = "rtm.retry.reason";
    /** Of {@link #EVENT_RETRY}: how long the call waited before this attempt, in seconds. */
    public static final String RTM_RETRY_DELAY = "rtm.retry.delay";
    /** Event on the call span when an attempt waited for the local rate limiter (only when it waited). */
    public static final String EVENT_RATE_LIMIT_WAIT = "rtm.rate_limit.wait";
    /** Of {@link #EVENT_RATE_LIMIT_WAIT}: the wait, in seconds. */
    public static final String RTM_RATE_LIMIT_WAIT = "rtm.rate_limit.wait";

    // ---- the exchange span (HTTP client) ----
    /** The HTTP method. */
    public static final String HTTP_REQUEST_METHOD = "http.request.method";
    /** The endpoint's host. */
    public static final String SERVER_ADDRESS = "server.address";
    /** The endpoint's port (the scheme's default when the endpoint has none). */
    public static final String SERVER_PORT = "server.port";
    /** The operation's {@link Operation#uriTemplate()}; the real path (with user IDs) is never recorded. */
    public static final String URL_TEMPLATE = "url.template";
    /** The HTTP status. */
    public static final String HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
    /** The attempt's number minus one, on retry attempts (and on {@link #EVENT_RETRY}). */
    public static final String HTTP_REQUEST_RESEND_COUNT = "http.request.resend_count";
    /** The HTTP status (4xx, 5xx) or the failure's fully qualified class name. */
    public static final String ERROR_TYPE = "error.type";

    /** The value of {@link #MESSAGING_SYSTEM}. */
    public static final String SYSTEM = "rtm";
    /** The value of {@link #MESSAGING_OPERATION_TYPE} for sends. */
    public static final String SEND = "send";
    /** The value of {@link #MESSAGING_OPERATION_TYPE} for reads that take messages or events off the service. */
    public static final String RECEIVE = "receive";

    private static final ConcurrentHashMap<Operation, String> EXCHANGE_NAMES = new ConcurrentHashMap<>();

    private TraceConventions() {
    }

    /** The call span's name: the operation's name, e.g. {@code send_peer}. */
    public static String callSpanName(Operation operation) {
        return operation.name();
    }

    /** An exchange span's name: method and URI template, e.g. {@code POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages}. */
    public static String exchangeSpanName(Operation operation) {
        String name = EXCHANGE_NAMES.get(operation);
        return name != null ? name : EXCHANGE_NAMES.computeIfAbsent(operation, op -> op.method() + " " + op.uriTemplate());
    }

    /**
     * The operation's {@link #MESSAGING_OPERATION_TYPE}, or null when it has none: {@code send} for a call that posts
     * something new (a POST that is not idempotent: the sends), {@code receive} for a read that removes what it returns
     * (a GET that is not idempotent: the events reads); idempotent calls (history) are queries, not messaging.
     */
    public static String messagingOperationType(Operation operation) {
        if (operation.idempotent()) {
            return null;
        }
        return "GET".equals(operation.method()) ? RECEIVE : SEND;
    }

    /**
     * A description of a failure that is safe to record in a span (its status and {@code exception.message}): the
     * {@link io.rtm.core.error.Reason}, HTTP status, service code and attempts of an {@link RtmException}, the class
     * name of anything else. Never the exception's own message, which may quote a user ID or the service's text.
     */
    public static String describe(Throwable failure) {
        if (failure instanceof RtmException e) {
            StringBuilder sb = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.reason().value());
            if (e.httpStatus() > 0) {
                sb.append(", HTTP ").append(e.httpStatus());
            }
            e.code().ifPresent(code -> sb.append(", code=").append(code));
            return sb.append(", attempts=").append(e.attempts()).toString();
        }
        return failure.getClass().getName();
    }
}
