package io.rtm.core.events;

import io.rtm.core.RequestOptions;
import java.util.List;

/**
 * The user and channel events APIs, blocking ({@code RtmClient.events()}): the same calls as
 * {@link EventsAsyncClient}, waiting for each fetch (pollers never block the caller). Thread-safe. Every fetch
 * returns its batch or throws an unchecked {@link io.rtm.core.error.RtmException}; one that says
 * {@code mayHaveReachedService()} may have lost its events (see the package documentation).
 */
public interface EventsClient {

    /** One fetch of user events (at most 1,000, oldest first), removed from the service by this read. */
    default List<UserEvent> userEvents() {
        return userEvents(RequestOptions.defaults());
    }

    /** {@link #userEvents()} with per-call options. */
    List<UserEvent> userEvents(RequestOptions options);

    /** One fetch of channel events (at most 1,000, oldest first), removed from the service by this read. */
    default List<ChannelEvent> channelEvents() {
        return channelEvents(RequestOptions.defaults());
    }

    /** {@link #channelEvents()} with per-call options. */
    List<ChannelEvent> channelEvents(RequestOptions options);

    /** Starts polling user events into the listener (returns at once); see {@link EventPoller}. */
    default EventPoller pollUserEvents(EventListener<UserEvent> listener) {
        return pollUserEvents(listener, EventPollerOptions.defaults());
    }

    /** Starts polling user events into the listener. */
    EventPoller pollUserEvents(EventListener<UserEvent> listener, EventPollerOptions options);

    /** Starts polling channel events into the listener (returns at once). */
    default EventPoller pollChannelEvents(EventListener<ChannelEvent> listener) {
        return pollChannelEvents(listener, EventPollerOptions.defaults());
    }

    /** Starts polling channel events into the listener. */
    EventPoller pollChannelEvents(EventListener<ChannelEvent> listener, EventPollerOptions options);
}
