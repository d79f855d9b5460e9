package io.rtm.benchmarks;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;

/**
 * The raw baseline: Apache HttpClient 5 async, written by hand the way the SDK's transport configures it (one I/O
 * thread, a pool of 100 connections per route, TCP_NODELAY, no retries, redirects, cookies, auth caching or content
 * compression), replaying a request the SDK built: same method, URI, headers and body bytes. Thread names start with
 * {@code raw-httpclient-io-}. Thread-safe.
 */
public final class RawHttpClient5 implements AutoCloseable {

    /** Thread-name prefix of the baseline's threads. */
    public static final String THREAD_PREFIX = "raw-httpclient-io";

    private final CloseableHttpAsyncClient client;
    private final HttpRequest template;
    private final byte[] body;

    /** Builds and starts the client; {@code template} is the request every {@link #send} replays. */
    public RawHttpClient5(HttpRequest template) {
        this.template = template;
        this.body = template.body(); // one copy, shared by every request (never written to)
        this.client = start();
    }

    /** A started HttpClient 5 async client configured like the SDK's transport. */
    public static CloseableHttpAsyncClient start() {
        CloseableHttpAsyncClient c = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(100)
                        .setMaxConnPerRoute(100)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
                .setThreadFactory(new DefaultThreadFactory(THREAD_PREFIX, true))
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .build();
        c.start();
        return c;
    }

    /** Posts the template request; the callback gets the response (any status) or the failure. */
    public Future<SimpleHttpResponse> send(FutureCallback<SimpleHttpResponse> callback) {
        SimpleHttpRequest request = SimpleHttpRequest.create(Method.normalizedValueOf(template.method()), template.uri());
        for (HttpHeaders.Header h : template.headers().asList()) {
            request.addHeader(h.name(), h.value());
        }
        // no ContentType here: the Content-Type header above goes out as the SDK wrote it
        request.setBody(body, null);
        return client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), callback);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
