package io.rtm.core;

import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Sender;
import java.util.List;

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
     * The chain every call runs through, in order: the {@link io.rtm.core.spi.Phase#PER_CALL} interceptors, the
     * built-in {@code retry} stage, the {@link io.rtm.core.spi.Phase#PER_ATTEMPT} interceptors, the built-in
     * {@code rate-limit} and {@code auth} stages; the transport follows. For diagnostics (each link's
     * {@link Interceptor#name()} and {@link Interceptor#phase()}); the built-in stages work only inside this client.
     */
    List<Interceptor> interceptors();

    /**
     * Fails new calls (with {@link io.rtm.core.error.RtmConfigurationException}), aborts in-flight ones (with an
     * {@link io.rtm.core.error.RtmTransportException} saying whether the request may have reached the service),
     * and releases threads and connections. A transport given to the builder is not closed. Idempotent.
     */
    @Override
    void close();
}
