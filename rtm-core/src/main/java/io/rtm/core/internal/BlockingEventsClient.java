package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.EventListener;
import io.rtm.core.events.EventPoller;
import io.rtm.core.events.EventPollerOptions;
import io.rtm.core.events.EventsAsyncClient;
import io.rtm.core.events.EventsClient;
import io.rtm.core.events.UserEvent;
import java.util.List;

/** The blocking face of an {@link EventsAsyncClient}: waits for each fetch; pollers are the same. Thread-safe. */
final class BlockingEventsClient implements EventsClient {

    private final EventsAsyncClient async;

    BlockingEventsClient(EventsAsyncClient async) {
        this.async = async;
    }

    @Override
    public List<UserEvent> userEvents(RequestOptions options) {
        return DefaultRtmClient.await(async.userEvents(options));
    }

    @Override
    public List<ChannelEvent> channelEvents(RequestOptions options) {
        return DefaultRtmClient.await(async.channelEvents(options));
    }

    @Override
    public EventPoller pollUserEvents(EventListener<UserEvent> listener, EventPollerOptions options) {
        return async.pollUserEvents(listener, options);
    }

    @Override
    public EventPoller pollChannelEvents(EventListener<ChannelEvent> listener, EventPollerOptions options) {
        return async.pollChannelEvents(listener, options);
    }

    @Override
    public String toString() {
        return "EventsClient{" + async + '}';
    }
}
