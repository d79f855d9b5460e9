package io.rtm.metrics;

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
import java.util.function.Supplier;

/**
 * An in-memory {@link Transport} that answers each request with the next scripted step: a response, a failure, or
 * a future that never completes. A request beyond the script fails with an {@link AssertionError}.
 */
final class ScriptedTransport implements Transport {

    static final String SENT = "{\"code\":\"message_sent\",\"result\":\"success\",\"request_id\":\"r-1\"}";

    private final Queue<Supplier<CompletableFuture<HttpResponse>>> script = new ConcurrentLinkedQueue<>();
    private final List<HttpRequest> requests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<HttpResponse>> futures = new CopyOnWriteArrayList<>();

    /** Answers the next request with this status, body and header name/value pairs. */
    ScriptedTransport respond(int status, String body, String... headerNameValues) {
        List<HttpHeaders.Header> headers = new ArrayList<>();
        for (int i = 0; i < headerNameValues.length; i += 2) {
            headers.add(new HttpHeaders.Header(headerNameValues[i], headerNameValues[i + 1]));
        }
        HttpResponse response = HttpResponse.of(status, HttpHeaders.of(headers), body);
        script.add(() -> CompletableFuture.completedFuture(response));
        return this;
    }

    /** Answers the next request with 200 {@code message_sent}. */
    ScriptedTransport respondSent() {
        return respond(200, SENT);
    }

    /** Fails the next request with this exception. */
    ScriptedTransport fail(Supplier<? extends Throwable> failure) {
        script.add(() -> CompletableFuture.failedFuture(failure.get()));
        return this;
    }

    /** Never answers the next request: its future stays pending until cancelled. */
    ScriptedTransport hang() {
        script.add(CompletableFuture::new);
        return this;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        requests.add(request);
        Supplier<CompletableFuture<HttpResponse>> step = script.poll();
        CompletableFuture<HttpResponse> f = step != null ? step.get()
                : CompletableFuture.failedFuture(new AssertionError("unscripted request " + request));
        futures.add(f);
        return f;
    }

    /** Request {@code i}, as the transport got it. */
    HttpRequest request(int i) {
        return requests.get(i);
    }

    /** How many requests arrived. */
    int calls() {
        return requests.size();
    }

    /** The futures handed out, in order. */
    List<CompletableFuture<HttpResponse>> futures() {
        return futures;
    }

    @Override
    public void close() {
    }
}
