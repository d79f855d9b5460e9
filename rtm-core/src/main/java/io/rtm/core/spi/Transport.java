package io.rtm.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request and returns its response. The SDK's only contact with the network.
 *
 * <p>Contract (checked by the transport conformance kit):
 * <ul>
 *   <li>{@link #execute} never throws and never blocks the caller; failures complete the future
 *       exceptionally with an {@link io.rtm.core.error.RtmException}: {@link io.rtm.core.error.RtmTransportException}
 *       (saying whether the request may have reached the service) or {@link io.rtm.core.error.RtmTimeoutException}
 *       ({@code CONNECT} or {@code RESPONSE}).</li>
 *   <li>Any HTTP status is a normal response, not an error.</li>
 *   <li>The request URI's raw path and query go on the wire unchanged: no normalization, no re-encoding.</li>
 *   <li>Cancelling the returned future aborts the exchange.</li>
 *   <li>Thread-safe; {@link #close()} releases every thread and connection and is idempotent.</li>
 * </ul>
 */
public interface Transport extends AutoCloseable {

    /** Sends the request; the future completes with the response or a typed error. */
    CompletableFuture<HttpResponse> execute(HttpRequest request);

    /** Releases threads and connections. In-flight requests fail. Idempotent. */
    @Override
    void close();
}
