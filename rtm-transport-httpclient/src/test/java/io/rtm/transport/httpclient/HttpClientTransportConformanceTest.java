package io.rtm.transport.httpclient;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.TransportConformanceSuite;
import java.util.Map;
import java.util.Optional;

/**
 * {@link HttpClientTransport} against the Transport Conformance Kit. Two known deviations, bugs to fix in this
 * module (not limits of the kit), are skipped with their reason:
 * <ul>
 *   <li>HttpCore writes every header-value character outside printable Latin-1 (a control character such as
 *       U+0001, or text such as CJK) as {@code '?'}, so such a value goes out changed where the contract asks
 *       for it to be sent exactly or refused.</li>
 *   <li>Cancelling the future sometimes does not abort the exchange: in a few percent of runs under CPU load
 *       (12 of 400 in a loop beside a busy thread) the connection stays open until the response timeout ends
 *       it, so the kit's "server sees the connection closed within 5 s" check fails intermittently.</li>
 * </ul>
 */
class HttpClientTransportConformanceTest extends TransportConformanceSuite {

    @Override
    protected Transport createTransport(TransportConfig config) {
        return HttpClientTransport.create(config);
    }

    @Override
    protected Map<String, String> knownDeviations() {
        return Map.of(
                "cancellingTheFutureAbortsTheExchange",
                "intermittent: a cancelled exchange sometimes keeps its connection until the response timeout");
    }

    @Override
    protected Optional<String> threadNamePrefix(Transport transport) {
        return Optional.of(((HttpClientTransport) transport).threadNamePrefix());
    }
}
