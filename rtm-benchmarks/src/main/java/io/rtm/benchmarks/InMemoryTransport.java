package io.rtm.benchmarks;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Transport} that answers every request at once, on the caller's thread, with the same canned
 * {@code 200} reply: the network taken out, so a benchmark sees only the pipeline. Thread-safe.
 */
public final class InMemoryTransport implements Transport {

    private final HttpResponse reply = HttpResponse.of(200,
            HttpHeaders.empty().with("Content-Type", "application/json;charset=utf-8"), Fixtures.REPLY);
    private final LongAdder requests = new LongAdder();
    private volatile HttpRequest last;

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        requests.increment();
        last = request;
        return CompletableFuture.completedFuture(reply);
    }

    /** The last request it answered (as the pipeline handed it over: authenticated), or null. */
    public HttpRequest lastRequest() {
        return last;
    }

    /** How many requests it answered. */
    public long requests() {
        return requests.sum();
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "InMemoryTransport{200 " + Fixtures.REPLY_JSON + '}';
    }
}
