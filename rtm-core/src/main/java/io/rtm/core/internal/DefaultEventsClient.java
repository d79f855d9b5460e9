package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.EventListener;
import io.rtm.core.events.EventPoller;
import io.rtm.core.events.EventPollerOptions;
import io.rtm.core.events.EventsAsyncClient;
import io.rtm.core.events.UserEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The asynchronous events API of a {@link DefaultRtmAsyncClient}. Thread-safe, stateless. */
final class DefaultEventsClient implements EventsAsyncClient {

    private final DefaultRtmAsyncClient client;

    DefaultEventsClient(DefaultRtmAsyncClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<List<UserEvent>> userEvents(RequestOptions options) {
        return client.handOff(client.execute(Operations.USER_EVENTS, Operations.EventsRequest.FETCH, options));
    }

    @Override
    public CompletableFuture<List<ChannelEvent>> channelEvents(RequestOptions options) {
        return client.handOff(client.execute(Operations.CHANNEL_EVENTS, Operations.EventsRequest.FETCH, options));
    }

    @Override
    public EventPoller pollUserEvents(EventListener<UserEvent> listener, EventPollerOptions options) {
        return new DefaultEventPoller<>(client, Operations.USER_EVENTS, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(options, "options")).start();
    }

    @Override
    public EventPoller pollChannelEvents(EventListener<ChannelEvent> listener, EventPollerOptions options) {
        return new DefaultEventPoller<>(client, Operations.CHANNEL_EVENTS, Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(options, "options")).start();
    }

    @Override
    public String toString() {
        return "EventsAsyncClient{" + client + '}';
    }
}
