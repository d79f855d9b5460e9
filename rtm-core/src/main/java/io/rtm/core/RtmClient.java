package io.rtm.core;

import io.rtm.core.events.EventsClient;
import io.rtm.core.history.HistoryClient;

/**
 * The blocking client: the same pipeline as {@link RtmAsyncClient}, waiting for each outcome.
 * Thread-safe; share one instance. Every send returns a {@link SendResult} or throws an unchecked
 * {@link io.rtm.core.error.RtmException} (never a checked exception).
 *
 * <pre>{@code
 * try (RtmClient rtm = Rtm.builder().appId(appId).credentials(Credentials.basic(key, secret)).build()) {
 *     SendResult r = rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").waitForAck(true).build());
 * }
 * }</pre>
 */
public interface RtmClient extends AutoCloseable {

    /** Sends a peer-to-peer message and waits for the outcome. */
    SendResult sendPeer(PeerMessage message);

    /** Sends a channel message and waits for the outcome. */
    SendResult sendChannel(ChannelMessage message);

    /** Sends a peer-to-peer message with per-call options and waits for the outcome. */
    SendResult sendPeer(PeerMessage message, RequestOptions options);

    /** Sends a channel message with per-call options and waits for the outcome. */
    SendResult sendChannel(ChannelMessage message, RequestOptions options);

    /** The message history API (auto-paging queries, pages, counts), blocking; same client, chain and quotas. */
    HistoryClient history();

    /** The user and channel events API (fetches, pollers), blocking; same client, chain and quotas. */
    EventsClient events();

    /** The asynchronous face of this client (same resources; closing either closes both). */
    RtmAsyncClient async();

    /** {@link RtmAsyncClient#close()}: closes gracefully within the configured grace period. */
    @Override
    void close();

    /** {@link RtmAsyncClient#close(java.time.Duration)}. */
    void close(java.time.Duration grace);
}
