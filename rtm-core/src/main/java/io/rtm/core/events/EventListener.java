package io.rtm.core.events;

import io.rtm.core.error.RtmException;
import java.util.List;

/**
 * Receives what an {@link EventPoller} fetches. Called on the client's completion executor, one call at a time and
 * never concurrently for one poller; the poller's next fetch waits until the call returns, so a batch is handled
 * before the service is asked for the next one. Handle your own exceptions: one thrown is logged at WARN and the
 * poller goes on (the batch it was given is gone from the service).
 *
 * @param <E> {@link UserEvent} or {@link ChannelEvent}
 */
@FunctionalInterface
public interface EventListener<E> {

    /** A batch of events, oldest first as the service returned them; never empty; each batch once, in fetch order. */
    void onEvents(List<E> events);

    /**
     * A fetch failed. {@code eventsMayBeLost}: the request may have reached the service, which then removed the
     * events it was answering with (the poller has logged a WARN and counted it in
     * {@link EventPoller#possiblyLostBatches()}). After a {@linkplain RtmException#retryable() retryable} failure the
     * poller fetches again after its backoff; otherwise it stops ({@link EventPoller#stopped()} fails with it).
     * Default: nothing (the poller logs every failure).
     */
    default void onFailure(RtmException failure, boolean eventsMayBeLost) {
    }
}
