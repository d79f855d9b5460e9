package io.rtm.core.spi;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import java.util.concurrent.CompletableFuture;

/**
 * The domain interface: sends messages asynchronously. {@link io.rtm.core.RtmAsyncClient} is a Sender;
 * decorators (bulk fan-out, auditing) wrap one. Every returned future completes exactly once, with a
 * result or an {@link io.rtm.core.error.RtmException}; methods never throw.
 */
public interface Sender {

    /** Sends a peer-to-peer message with per-call options. */
    CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options);

    /** Sends a channel message with per-call options. */
    CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options);

    /** Sends a peer-to-peer message. */
    default CompletableFuture<SendResult> sendPeer(PeerMessage message) {
        return sendPeer(message, RequestOptions.defaults());
    }

    /** Sends a channel message. */
    default CompletableFuture<SendResult> sendChannel(ChannelMessage message) {
        return sendChannel(message, RequestOptions.defaults());
    }
}
