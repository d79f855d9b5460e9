package io.rtm.transport.jdk;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Collects a whole response (status, headers, body) and hands it to a consumer as soon as the last body byte
 * arrived, on the thread the JDK delivered it on (the client's executor). Fails the body with
 * {@link ResponseTooLargeException} as soon as it would pass the limit (declared by {@code Content-Length} or
 * counted while it arrives), and with a {@link TimeoutException} when it has not completed within the body
 * timeout, cancelling the rest of it either way. One handler per request; the JDK calls its subscriber
 * serially.
 *
 * <p>Why not wait for the future {@code sendAsync} returns: the JDK completes that one through
 * {@code CompletableFuture}'s default async executor, which starts a new thread per task on machines with
 * fewer than three cores.
 */
final class BoundedBodyHandler implements BodyHandler<byte[]> {

    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;
    private final long bodyTimeoutMillis;
    private final Consumer<HttpResponse> onResponse;

    /**
     * @param maxBytes     the largest body accepted
     * @param bodyTimeout  how long the body may take once the head has arrived (the JDK's request timeout
     *                     stops at the head)
     * @param onResponse   receives the complete response
     */
    BoundedBodyHandler(int maxBytes, Duration bodyTimeout, Consumer<HttpResponse> onResponse) {
        this.maxBytes = maxBytes;
        this.bodyTimeoutMillis = bodyTimeout.toMillis();
        this.onResponse = onResponse;
    }

    @Override
    public BodySubscriber<byte[]> apply(ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return new Subscriber(this, declared, info.statusCode(), headersOf(info.headers()));
    }

    /** Every header line, names lowercase as the JDK reports them (grouped by name, in name order). */
    static HttpHeaders headersOf(java.net.http.HttpHeaders jdk) {
        List<HttpHeaders.Header> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : jdk.map().entrySet()) {
            if (e.getKey().startsWith(":")) {
                continue; // HTTP/2 pseudo-headers; never present with HTTP/1.1
            }
            for (String value : e.getValue()) {
                headers.add(new HttpHeaders.Header(e.getKey(), value));
            }
        }
        return HttpHeaders.of(headers);
    }

    private static final class Subscriber implements BodySubscriber<byte[]> {
        private final int maxBytes;
        private final long bodyTimeoutMillis;
        private final long declared;
        private final int status;
        private final HttpHeaders headers;
        private final Consumer<HttpResponse> onResponse;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> received = new ArrayList<>();
        private Flow.Subscription subscription;
        private long size;

        Subscriber(BoundedBodyHandler handler, long declared, int status, HttpHeaders headers) {
            this.maxBytes = handler.maxBytes;
            this.bodyTimeoutMillis = handler.bodyTimeoutMillis;
            this.onResponse = handler.onResponse;
            this.declared = declared;
            this.status = status;
            this.headers = headers;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (declared > maxBytes) {
                tooLarge();
                return;
            }
            // A body that stalls after the head would otherwise wait forever: bound it, and on timeout
            // cancel the subscription, which makes the JDK close the connection. The timer runs on the JDK's
            // shared CompletableFuture delay thread and is cancelled as soon as the body completes.
            body.orTimeout(bodyTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((bytes, error) -> {
                if (error instanceof TimeoutException) {
                    subscription.cancel();
                }
            });
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                size += b.remaining();
                if (size > maxBytes) {
                    tooLarge();
                    return;
                }
                received.add(b);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            received.clear();
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (body.isDone()) {
                return;
            }
            byte[] bytes = size == 0 ? EMPTY : new byte[(int) size];
            int at = 0;
            for (ByteBuffer b : received) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
            received.clear();
            // The JDK's exchange finishes first (the connection goes back to its pool), then ours.
            body.complete(bytes);
            onResponse.accept(HttpResponse.of(status, headers, bytes));
        }

        private void tooLarge() {
            received.clear();
            subscription.cancel();
            body.completeExceptionally(new ResponseTooLargeException(maxBytes));
        }
    }
}
