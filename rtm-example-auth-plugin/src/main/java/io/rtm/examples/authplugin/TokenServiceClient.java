package io.rtm.examples.authplugin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.rtm.auth.IssuedToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the company token service over HTTP with {@link HttpClient}: {@code POST <uri>} with
 * {@code {"uid":"…"}}, expecting {@code 200 {"token":"…","expires_at":<epoch seconds>}}.
 *
 * <p>Threads: the JDK client runs its tasks on a small executor of our own (two daemon threads at most, gone
 * after 30 s idle) — without one it would start a thread per task — and fetches complete on it. (On Java 17 with
 * fewer than three cores the JDK still starts one short-lived thread per request to complete its own future; nothing
 * of ours runs there.) Every call has a connect and a response timeout. Answers larger than {@value #MAX_RESPONSE_BYTES} bytes are refused, not buffered. Failures carry a
 * {@link TokenServiceException} whose message never quotes the answer (it may hold a token). Thread-safe.
 */
final class TokenServiceClient implements AutoCloseable {

    /** The largest answer read from the token service. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TokenServiceClient.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    // No input text in parser error locations: a malformed answer may still contain a token.
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final URI uri;
    private final String printableUri;
    private final Duration timeout;
    private final ThreadPoolExecutor executor;
    private final HttpClient http;
    private volatile boolean closed;

    TokenServiceClient(URI uri, Duration timeout) {
        this.uri = uri;
        this.printableUri = CompanyTokenCredentials.printable(uri);
        this.timeout = timeout;
        int id = CLIENT_IDS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "company-token-http-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (task, pool) -> task.run()); // once closed, the JDK's clean-up and our last completions run where they are
        executor.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Asks the service for a token for {@code uid}. Never throws; the stage fails with a
     * {@link TokenServiceException} (or the client's I/O or timeout exception) when no token can be had.
     */
    CompletionStage<IssuedToken> fetch(String uid) {
        if (closed) {
            return CompletableFuture.failedFuture(new TokenServiceException("the token service client is closed"));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(uid)))
                    .build();
            CompletableFuture<IssuedToken> result = new CompletableFuture<>();
            // Continue on our executor: on Java 17 with fewer than three cores the JDK completes sendAsync's future
            // on a fresh thread per request, and what follows (the waiting sends) must not run there.
            http.sendAsync(request, info -> new LimitedBody(MAX_RESPONSE_BYTES)).whenCompleteAsync((response, error) -> {
                if (error != null) {
                    result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                    return;
                }
                try {
                    result.complete(issuedToken(response));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, executor);
            return result;
        } catch (RuntimeException e) {
            // e.g. the JDK refused the request: the stage fails, the method never throws
            return CompletableFuture.failedFuture(e);
        }
    }

    private IssuedToken issuedToken(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            LOG.debug("Token service {} answered HTTP {}", printableUri, response.statusCode());
            throw new TokenServiceException("the token service answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /** Reads {@code {"token":"…","expires_at":<epoch seconds>}}; other fields are ignored. */
    static IssuedToken parse(byte[] body) {
        String token = null;
        long expiresAt = -1;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw malformed();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("token".equals(field) && value == JsonToken.VALUE_STRING) {
                    token = p.getText();
                } else if ("expires_at".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                    expiresAt = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not chained: a parser message may quote the text it choked on
            throw malformed();
        }
        if (token == null || token.isEmpty() || expiresAt <= 0) {
            throw malformed();
        }
        return new IssuedToken(token, Instant.ofEpochSecond(expiresAt));
    }

    private static TokenServiceException malformed() {
        return new TokenServiceException("the token service's answer is not {\"token\": string, \"expires_at\": epoch seconds}");
    }

    private static byte[] requestBody(String uid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("uid", uid);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    /** Stops the threads. Calls still running fail; later calls fail at once. Idempotent. */
    @Override
    public void close() {
        closed = true;
        // HttpClient is AutoCloseable from Java 21 on (closing it ends its selector thread); on 17 that thread
        // ends once the client is unreachable.
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing the token service's HTTP client failed", e);
            }
        }
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "TokenServiceClient{" + printableUri + ", timeout=" + timeout + '}';
    }

    /** Collects the body into a byte array, failing (and cancelling the download) past {@code max} bytes. */
    private static final class LimitedBody implements BodySubscriber<byte[]> {
        private final BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();
        private final int max;
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        LimitedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            bytes.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
            }
            if (received > max) {
                failed = true;
                subscription.cancel();
                bytes.onError(new TokenServiceException("the token service's answer is larger than " + max + " bytes"));
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                failed = true;
                bytes.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                bytes.onComplete();
            }
        }
    }
}
