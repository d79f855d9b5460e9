package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.events.EventsClient;
import io.rtm.core.history.HistoryClient;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The blocking face of {@link RtmAsyncClient}: waits for each future and rethrows its typed error. */
final class DefaultRtmClient implements RtmClient {

    private final RtmAsyncClient async;
    /** The SDK's own client: its sends skip the completion hand-off (the waiting thread is the continuation). */
    private final DefaultRtmAsyncClient direct;

    private final HistoryClient history;
    private final EventsClient events;

    /** Wraps the async client. */
    DefaultRtmClient(RtmAsyncClient async) {
        this.async = async;
        this.direct = async instanceof DefaultRtmAsyncClient d ? d : null;
        this.history = new BlockingHistoryClient(async.history());
        this.events = new BlockingEventsClient(async.events());
    }

    @Override
    public SendResult sendPeer(PeerMessage message) {
        return sendPeer(message, RequestOptions.defaults());
    }

    @Override
    public SendResult sendChannel(ChannelMessage message) {
        return sendChannel(message, RequestOptions.defaults());
    }

    @Override
    public SendResult sendPeer(PeerMessage message, RequestOptions options) {
        return await(direct != null ? direct.sendPeerDirect(message, options) : async.sendPeer(message, options));
    }

    @Override
    public SendResult sendChannel(ChannelMessage message, RequestOptions options) {
        return await(direct != null ? direct.sendChannelDirect(message, options) : async.sendChannel(message, options));
    }

    @Override
    public HistoryClient history() {
        return history;
    }

    @Override
    public EventsClient events() {
        return events;
    }

    @Override
    public RtmAsyncClient async() {
        return async;
    }

    @Override
    public void close() {
        async.close();
    }

    @Override
    public void close(java.time.Duration grace) {
        async.close(grace);
    }

    @Override
    public String toString() {
        return async.toString().replace("RtmAsyncClient", "RtmClient");
    }

    /** Waits for the future; rethrows its typed error with the waiting caller's stack attached as suppressed. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw RtmTransportException.afterSend("interrupted while waiting for the call; it was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RtmException rtm) {
                // Rethrow the pipeline's exception as-is; record where the caller waited.
                rtm.addSuppressed(new CallerStackTrace());
                throw rtm;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw RtmTransportException.afterSend("unexpected failure", cause);
        } catch (CancellationException e) {
            throw e;
        }
    }

    /** Marks, as a suppressed exception, the caller's stack when a blocking call failed. */
    private static final class CallerStackTrace extends RuntimeException {
        CallerStackTrace() {
            super("the blocking call was made here", null, false, true);
        }
    }
}
