package io.rtm.core;

import io.rtm.core.spi.Sender;

/**
 * The asynchronous client. Thread-safe; share one instance. Methods never block and never throw: every
 * outcome arrives through the returned future, exactly once — a {@link SendResult}, or an
 * {@link io.rtm.core.error.RtmException} (validation errors fail the future before anything is sent).
 * Cancelling a returned future aborts the in-flight request and any pending retry. Continuations run on
 * the SDK's I/O or scheduler threads: keep them short or hand off to your own executor.
 *
 * <pre>{@code
 * try (RtmAsyncClient rtm = Rtm.builder().appId(appId).credentials(Credentials.basic(key, secret)).buildAsync()) {
 *     rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build())
 *        .thenAccept(r -> log.info("sent: {}", r.deliveryCode()));
 * }
 * }</pre>
 */
public interface RtmAsyncClient extends Sender, AutoCloseable {

    /**
     * Fails new calls (with {@link io.rtm.core.error.RtmConfigurationException}), aborts in-flight ones (with an
     * {@link io.rtm.core.error.RtmTransportException} saying whether the request may have reached the service),
     * and releases threads and connections. A transport given to the builder is not closed. Idempotent.
     */
    @Override
    void close();
}
