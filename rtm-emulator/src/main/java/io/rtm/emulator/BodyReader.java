package io.rtm.emulator;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body asynchronously (demand, never a blocking read) and stops as soon as it passes the
 * limit: a huge body is never buffered, and the rest of it is left for Jetty to discard with the connection.
 */
final class BodyReader implements Runnable {

    interface Listener {
        void onBody(byte[] body);

        void onTooLarge();

        void onFailure(Throwable cause);
    }

    private final Request request;
    private final int limit;
    private final Listener listener;
    private final Consumer<Runnable> guard;
    private byte[] bytes;
    private int size;

    private BodyReader(Request request, int limit, Listener listener, Consumer<Runnable> guard) {
        this.request = request;
        this.limit = limit;
        this.listener = listener;
        this.guard = guard;
        long length = request.getLength();
        this.bytes = new byte[(int) Math.min(Math.max(length, 256), limit)];
    }

    /**
     * Reads the body of {@code request}, then calls exactly one method of {@code listener}; {@code guard} wraps
     * the work so that an unexpected exception becomes a logged 500.
     */
    static void read(Request request, int limit, Listener listener, Consumer<Runnable> guard) {
        if (request.getLength() > limit) {
            listener.onTooLarge();
            return;
        }
        new BodyReader(request, limit, listener, guard).run();
    }

    @Override
    public void run() {
        guard.accept(this::readAvailable);
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                listener.onFailure(chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            int n = b.remaining();
            boolean last = chunk.isLast();
            if (n > limit - size) {
                chunk.release();
                listener.onTooLarge();
                return;
            }
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + n, bytes.length * 2)));
            }
            b.get(bytes, size, n);
            size += n;
            chunk.release();
            if (last) {
                listener.onBody(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
                return;
            }
        }
    }
}
