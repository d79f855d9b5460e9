package io.rtm.benchmarks;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw baseline of the JDK transport: {@code java.net.http.HttpClient} written by hand the way
 * rtm-transport-jdk configures it (HTTP/1.1, no redirects, no proxy, an own executor of 2 daemon threads named
 * {@code raw-jdk-<n>}), replaying a request the SDK built: same method, URI, headers and body bytes. Thread-safe.
 */
public final class RawJdkHttpClient implements AutoCloseable {

    /** Thread-name prefix of the baseline's executor threads. */
    public static final String THREAD_PREFIX = "raw-jdk-";

    private final ExecutorService executor;
    private final HttpClient client;
    private final java.net.http.HttpRequest request;

    /** Builds the client; {@code template} is the request every {@link #send} replays. */
    public RawJdkHttpClient(HttpRequest template) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(2, threads);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .proxy(HttpClient.Builder.NO_PROXY)
                .executor(executor)
                .build();
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(template.uri())
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(30))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(template.body()));
        for (HttpHeaders.Header h : template.headers().asList()) {
            b.header(h.name(), h.value());
        }
        this.request = b.build(); // immutable: one instance serves every send
    }

    /** Posts the template request; the future completes with the response (any status) or the failure. */
    public CompletableFuture<HttpResponse<byte[]>> send() {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
