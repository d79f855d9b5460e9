package io.rtm.core;

import java.util.List;
import java.util.Objects;

/**
 * One call of the service's API, described once: its low-cardinality {@link #name()}, HTTP {@link #method()},
 * {@link #uriTemplate()}, the {@link #api()} whose quota it counts against ({@link #quotaPerSecond()} calls per second
 * per App ID, as published) and whether repeating it is harmless ({@link #idempotent()}). Interceptors see it in
 * {@link io.rtm.core.spi.CallContext#operation()}; metrics and logs use its fields as tags. Immutable; compare with
 * {@code ==} or {@link #equals} (by name).
 *
 * <p>The built-in operations are the constants of this class. How a request is encoded, validated and its reply
 * decoded is the SDK's own business, not part of this description.
 */
public final class Operation {

    /** {@code POST /rtm/users/{user_id}/peer_messages}: 500 calls/s per App ID. */
    public static final Operation SEND_PEER = new Operation("send_peer", "POST",
            "/dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages", "peer", 500, false);

    /** {@code POST /rtm/users/{user_id}/channel_messages}: 500 calls/s per App ID, counted apart from peer messages. */
    public static final Operation SEND_CHANNEL = new Operation("send_channel", "POST",
            "/dev/v2/project/{appid}/rtm/users/{user_id}/channel_messages", "channel", 500, false);

    /**
     * {@code POST /rtm/message/history/query}: creates a history query (one page) and answers its location. Counted
     * against the history quota, 100 calls/s per App ID for every history call together. Idempotent: a repeated
     * request only creates another short-lived handle (nothing is sent, stored or removed).
     */
    public static final Operation HISTORY_QUERY = new Operation("history_query", "POST",
            "/dev/v2/project/{appid}/rtm/message/history/query", "history", 100, true);

    /** {@code GET /rtm/message/history/query/{handle}}: reads a history query's page. History quota; idempotent. */
    public static final Operation HISTORY_READ = new Operation("history_read", "GET",
            "/dev/v2/project/{appid}/rtm/message/history/query/{handle}", "history", 100, true);

    /** {@code GET /rtm/message/history/count}: counts the messages of a filter. History quota; idempotent. */
    public static final Operation HISTORY_COUNT = new Operation("history_count", "GET",
            "/dev/v2/project/{appid}/rtm/message/history/count", "history", 100, true);

    /**
     * {@code GET /rtm/vendor/user_events}: 10 calls/s per App ID. Not idempotent: a read removes the events it returns,
     * so the SDK never repeats one that may have reached the service.
     */
    public static final Operation USER_EVENTS = new Operation("user_events", "GET",
            "/dev/v2/project/{appid}/rtm/vendor/user_events", "user_events", 10, false);

    /**
     * {@code GET /rtm/vendor/channel_events}: 10 calls/s per App ID, counted apart from user events. Not idempotent:
     * a read removes the events it returns, so the SDK never repeats one that may have reached the service.
     */
    public static final Operation CHANNEL_EVENTS = new Operation("channel_events", "GET",
            "/dev/v2/project/{appid}/rtm/vendor/channel_events", "channel_events", 10, false);

    private static final List<Operation> BUILT_IN = List.of(SEND_PEER, SEND_CHANNEL, HISTORY_QUERY, HISTORY_READ,
            HISTORY_COUNT, USER_EVENTS, CHANNEL_EVENTS);

    private final String name;
    private final String method;
    private final String uriTemplate;
    private final String api;
    private final int quotaPerSecond;
    private final boolean idempotent;

    private Operation(String name, String method, String uriTemplate, String api, int quotaPerSecond, boolean idempotent) {
        this.name = Objects.requireNonNull(name, "name");
        this.method = Objects.requireNonNull(method, "method");
        this.uriTemplate = Objects.requireNonNull(uriTemplate, "uriTemplate");
        this.api = Objects.requireNonNull(api, "api");
        this.quotaPerSecond = quotaPerSecond;
        this.idempotent = idempotent;
    }

    /** Every operation this SDK version knows, in declaration order (e.g. to pre-register meters). */
    public static List<Operation> builtIn() {
        return BUILT_IN;
    }

    /** A low-cardinality snake_case name, e.g. {@code send_peer}. */
    public String name() {
        return name;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The path below the endpoint with its parameters in braces, e.g. {@code /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages}. */
    public String uriTemplate() {
        return uriTemplate;
    }

    /**
     * The API the operation belongs to, e.g. {@code peer}, {@code channel}, {@code history} (shared by the three
     * history operations), {@code user_events} or {@code channel_events}: the service counts each API's calls
     * against its own quota (the rate-limit key is {@code <appId>:<api>}), and metrics tag calls with it.
     */
    public String api() {
        return api;
    }

    /** The service's published quota of {@link #api()}, in calls per second per App ID. */
    public int quotaPerSecond() {
        return quotaPerSecond;
    }

    /**
     * Whether repeating the call is harmless (a read that changes nothing). A call that is not (a send) is retried after
     * a failure that may have reached the service only when the retry policy accepts duplicates; an events read, which
     * removes what it returns, never is.
     */
    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operation other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** {@link #name()}. */
    @Override
    public String toString() {
        return name;
    }
}
