package io.rtm.emulator;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One rate limit of the service: which calls share it and how many of them may be accepted per App ID in any one
 * second. Each app keeps one strict sliding window per quota.
 */
final class Quota {

    static final Quota PEER_MESSAGES = new Quota("peer_messages API", Settings::rateLimitPerSecond);
    static final Quota CHANNEL_MESSAGES = new Quota("channel_messages API", Settings::rateLimitPerSecond);
    static final Quota HISTORY = new Quota("history APIs", Settings::historyRateLimitPerSecond);
    static final Quota USER_EVENTS = new Quota("user_events API", Settings::eventsRateLimitPerSecond);
    static final Quota CHANNEL_EVENTS = new Quota("channel_events API", Settings::eventsRateLimitPerSecond);

    /** Every quota, so that each app gets a window for each. */
    static final List<Quota> ALL = List.of(PEER_MESSAGES, CHANNEL_MESSAGES, HISTORY, USER_EVENTS, CHANNEL_EVENTS);

    /** What the quota covers, for the 429 message, e.g. {@code "history APIs"}. */
    final String covers;
    private final ToIntFunction<Settings> limit;

    private Quota(String covers, ToIntFunction<Settings> limit) {
        this.covers = covers;
        this.limit = limit;
    }

    int perSecond(Settings settings) {
        return limit.applyAsInt(settings);
    }

    @Override
    public String toString() {
        return covers;
    }
}
