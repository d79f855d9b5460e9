package io.rtm.transport.jdk;

import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a whole response body into a byte array, failing with {@link ResponseTooLargeException} as soon as
 * it would pass the limit (declared by {@code Content-Length} or counted while it arrives), and cancelling the
 * rest of it. One subscriber per response; the JDK calls it serially.
 */
final class BoundedBodyHandler implements BodyHandler<byte[]> {

    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;

    BoundedBodyHandler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public BodySubscriber<byte[]> apply(ResponseInfo info) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return new Subscriber(maxBytes, declared);
    }

    private static final class Subscriber implements BodySubscriber<byte[]> {
        private final int maxBytes;
        private final long declared;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> received = new ArrayList<>();
        private Flow.Subscription subscription;
        private long size;

        Subscriber(int maxBytes, long declared) {
            this.maxBytes = maxBytes;
            this.declared = declared;
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
            if (size == 0) {
                body.complete(EMPTY);
                return;
            }
            byte[] bytes = new byte[(int) size];
            int at = 0;
            for (ByteBuffer b : received) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
            received.clear();
            body.complete(bytes);
        }

        private void tooLarge() {
            received.clear();
            subscription.cancel();
            body.completeExceptionally(new ResponseTooLargeException(maxBytes));
        }
    }
}
