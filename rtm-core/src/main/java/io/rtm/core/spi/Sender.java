package io.rtm.core.spi;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.SendResult;
import java.util.concurrent.CompletableFuture;

/**
 * The domain interface: sends messages asynchronously. {@link io.rtm.core.RtmAsyncClient} is a Sender;
 * decorators (bulk fan-out, auditing) wrap one. Every returned future completes exactly once, with a
 * result or an {@link io.rtm.core.error.RtmException}.
 */
public interface Sender {

    /** Sends a peer-to-peer message. */
    CompletableFuture<SendResult> sendPeer(PeerMessage message);

    /** Sends a channel message. */
    CompletableFuture<SendResult> sendChannel(ChannelMessage message);
}
