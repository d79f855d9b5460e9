package io.rtm.core.testsupport;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory {@link Transport}: answers each request with the next scripted step (a response, a failure,
 * or a future that never completes), and records every request with the time it arrived and the future it
 * was given. An unscripted request fails with an {@link AssertionError} so a test cannot miss it.
 */
public final class ScriptedTransport implements Transport {

    /** One request as the transport saw it. */
    public record Exchange(HttpRequest request, long nanoTime, CompletableFuture<HttpResponse> future) {
    }

    public static final String SENT_BODY = "{\"code\":\"message_sent\",\"result\":\"success\",\"request_id\":\"r-1\"}";

    private final Queue<Function<HttpRequest, CompletableFuture<HttpResponse>>> script = new ConcurrentLinkedQueue<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private volatile Function<HttpRequest, CompletableFuture<HttpResponse>> otherwise =
            r -> CompletableFuture.failedFuture(new AssertionError("unscripted request: " + r));

    /** Answers the next request with this status, body and header name/value pairs. */
    public ScriptedTransport respond(int status, String body, String... headerNameValues) {
        HttpResponse response = response(status, body, headerNameValues);
        script.add(r -> CompletableFuture.completedFuture(response));
        return this;
    }

    /** Answers the next request with 200 {@code message_sent}. */
    public ScriptedTransport respondSent() {
        return respond(200, SENT_BODY);
    }

    /** Answers every request after the script with 200 {@code message_sent}. */
    public ScriptedTransport respondSentForever() {
        HttpResponse sent = response(200, SENT_BODY);
        return otherwise(r -> CompletableFuture.completedFuture(sent));
    }

    /** Fails the next request with a fresh exception from the supplier. */
    public ScriptedTransport fail(Supplier<? extends Throwable> failure) {
        script.add(r -> CompletableFuture.failedFuture(failure.get()));
        return this;
    }

    /** Never answers the next request (its future stays pending until cancelled). */
    public ScriptedTransport hang() {
        script.add(r -> new CompletableFuture<>());
        return this;
    }

    /** How to answer once the script is used up (default: fail with an AssertionError). */
    public ScriptedTransport otherwise(Function<HttpRequest, CompletableFuture<HttpResponse>> handler) {
        this.otherwise = handler;
        return this;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        long now = System.nanoTime();
        Function<HttpRequest, CompletableFuture<HttpResponse>> step = script.poll();
        CompletableFuture<HttpResponse> f = (step != null ? step : otherwise).apply(request);
        exchanges.add(new Exchange(request, now, f));
        return f;
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    public static HttpResponse response(int status, String body, String... headerNameValues) {
        List<HttpHeaders.Header> headers = new ArrayList<>();
        for (int i = 0; i < headerNameValues.length; i += 2) {
            headers.add(new HttpHeaders.Header(headerNameValues[i], headerNameValues[i + 1]));
        }
        return HttpResponse.of(status, HttpHeaders.of(headers), body);
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public int calls() {
        return exchanges.size();
    }

    public HttpRequest request(int index) {
        return exchanges.get(index).request();
    }

    public Exchange exchange(int index) {
        return exchanges.get(index);
    }

    public boolean closed() {
        return closes.get() > 0;
    }
}
