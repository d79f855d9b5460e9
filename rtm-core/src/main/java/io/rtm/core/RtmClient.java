package io.rtm.core;

/**
 * The blocking client: the same pipeline as {@link RtmAsyncClient}, waiting for each outcome.
 * Thread-safe; share one instance. Every method returns a {@link SendResult} or throws an unchecked
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

    /** The asynchronous face of this client (same resources; closing either closes both). */
    RtmAsyncClient async();

    /** {@link RtmAsyncClient#close()}: closes gracefully within the configured grace period. */
    @Override
    void close();

    /** {@link RtmAsyncClient#close(java.time.Duration)}. */
    void close(java.time.Duration grace);
}
