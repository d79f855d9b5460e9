package io.rtm.core;

import io.rtm.core.events.EventsAsyncClient;
import io.rtm.core.history.HistoryAsyncClient;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Sender;
import java.time.Duration;
import java.util.List;

/**
 * The asynchronous client. Thread-safe; share one instance. Methods never block and never throw: every
 * outcome arrives through the returned future, exactly once — a {@link SendResult}, or an
 * {@link io.rtm.core.error.RtmException} (validation errors fail the future before anything is sent).
 * Cancelling a returned future aborts the in-flight request and any pending retry. Returned futures complete on the
 * client's completion executor ({@link RtmBuilder#completionExecutor}; by default an SDK-owned small pool), never on
 * the SDK's I/O threads, so a slow continuation cannot stall other calls.
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
     * The message history API (queries, pages, counts) of this client: same chain, quotas and completion executor.
     */
    HistoryAsyncClient history();

    /** The user and channel events API (fetches and pollers) of this client: same chain, quotas and executors. */
    EventsAsyncClient events();

    /**
     * The chain every call runs through, in order: the {@link io.rtm.core.spi.Phase#PER_CALL} interceptors, the
     * built-in {@code retry} stage, the {@link io.rtm.core.spi.Phase#PER_ATTEMPT} interceptors, the built-in
     * {@code rate-limit} and {@code auth} stages; the transport follows. For diagnostics (each link's
     * {@link Interceptor#name()} and {@link Interceptor#phase()}); the built-in stages work only inside this client.
     */
    List<Interceptor> interceptors();

    /**
     * {@link #close(Duration)} with the configured grace period ({@link RtmConfig#closeGrace()}, default 5 s).
     */
    @Override
    void close();

    /**
     * Closes gracefully: new calls fail at once with {@link io.rtm.core.error.RtmClientClosedException} (nothing is
     * sent); calls in flight, their retries included, may finish for up to {@code grace}; those still running then are
     * aborted with an {@link io.rtm.core.error.RtmClientClosedException} whose {@code aborted()} is true and which says
     * whether the request may have reached the service. Then threads and connections are released (a transport or
     * authenticator given to the builder, and a completion executor given to it, stay the caller's). With the SDK's
     * own completion executor, the futures of the calls that ended within the grace are completed (their
     * non-async continuations run) before it returns. Blocks the caller up to the grace period: do not call it from a
     * continuation of this client's futures (from one of the SDK's completion threads it does not wait for the
     * completions). Idempotent (a second call returns at once).
     */
    void close(Duration grace);
}
