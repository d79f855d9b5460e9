package io.rtm.core.events;

import io.rtm.core.RequestOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The user and channel events APIs, asynchronously ({@code RtmAsyncClient.events()}). Thread-safe; methods never
 * block and never throw. Each fetch is one call through the client's chain, counted against the quota of its API
 * (10 calls/s per App ID, each API on its own). A fetch consumes what it returns (see the package documentation): it
 * is never retried once a request may have reached the service, and a failure then says
 * {@code mayHaveReachedService()}: its events may be lost. Futures complete on the client's completion executor.
 */
public interface EventsAsyncClient {

    /** One fetch of user events (at most 1,000, oldest first), removed from the service by this read. */
    default CompletableFuture<List<UserEvent>> userEvents() {
        return userEvents(RequestOptions.defaults());
    }

    /** {@link #userEvents()} with per-call options. */
    CompletableFuture<List<UserEvent>> userEvents(RequestOptions options);

    /** One fetch of channel events (at most 1,000, oldest first), removed from the service by this read. */
    default CompletableFuture<List<ChannelEvent>> channelEvents() {
        return channelEvents(RequestOptions.defaults());
    }

    /** {@link #channelEvents()} with per-call options. */
    CompletableFuture<List<ChannelEvent>> channelEvents(RequestOptions options);

    /** Starts polling user events into the listener with {@link EventPollerOptions#defaults()}. */
    default EventPoller pollUserEvents(EventListener<UserEvent> listener) {
        return pollUserEvents(listener, EventPollerOptions.defaults());
    }

    /** Starts polling user events into the listener. */
    EventPoller pollUserEvents(EventListener<UserEvent> listener, EventPollerOptions options);

    /** Starts polling channel events into the listener with {@link EventPollerOptions#defaults()}. */
    default EventPoller pollChannelEvents(EventListener<ChannelEvent> listener) {
        return pollChannelEvents(listener, EventPollerOptions.defaults());
    }

    /** Starts polling channel events into the listener. */
    EventPoller pollChannelEvents(EventListener<ChannelEvent> listener, EventPollerOptions options);
}
