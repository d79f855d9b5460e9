package io.rtm.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices at once that a client closed the connection of a streaming response. While Jetty handles an HTTP/1.1
 * request whose body was read, nothing reads the connection, so a closed one shows only when a write fails (the
 * second write after the close, as the first lands in the socket buffer and draws the reset). This keeps a read
 * pending on the connection: end of input or a read error means the client hung up.
 *
 * <p>Only for responses that end the exchange on the connection: bytes a client sends meanwhile are discarded
 * (a receiver sends nothing on its stream), and a read still pending when the response completes makes Jetty
 * close the connection rather than reuse it. Works the same on Jetty 12.0 and 12.1 ({@link EndPoint#tryFillInterested}).
 */
final class HangUpWatch implements Callback {

    private final EndPoint endPoint;
    private final Consumer<Throwable> onHangUp;
    private final ByteBuffer discard = BufferUtil.allocate(512);
    private final AtomicBoolean hungUp = new AtomicBoolean();

    private HangUpWatch(EndPoint endPoint, Consumer<Throwable> onHangUp) {
        this.endPoint = endPoint;
        this.onHangUp = onHangUp;
    }

    /**
     * Starts watching {@code endPoint}; {@code onHangUp} runs at most once, on a pool thread, and then the
     * connection is closed.
     *
     * @return false when a read is already pending on the connection (then only writes reveal a hang-up)
     */
    static boolean start(EndPoint endPoint, Consumer<Throwable> onHangUp) {
        return endPoint.tryFillInterested(new HangUpWatch(endPoint, onHangUp));
    }

    /** The connection is readable: end of input, an error, or stray bytes (dropped; then watch again). */
    @Override
    public void succeeded() {
        try {
            while (true) {
                BufferUtil.clear(discard);
                int n = endPoint.fill(discard);
                if (n < 0) {
                    hangUp(new EofException("the receiver closed its connection"));
                    return;
                }
                if (n == 0) {
                    endPoint.tryFillInterested(this); // false only once Jetty reads again: the response is over
                    return;
                }
            }
        } catch (IOException e) {
            hangUp(e);
        }
    }

    /** The pending read failed: the connection was closed (by either side) or broke. */
    @Override
    public void failed(Throwable cause) {
        hangUp(cause);
    }

    private void hangUp(Throwable cause) {
        if (hungUp.compareAndSet(false, true)) {
            onHangUp.accept(cause);
            endPoint.close(cause); // fails a write still pending on the dead connection, so the exchange ends now
        }
    }
}
