package io.rtm.transport.httpclient;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * Sends a request body straight from the request's read-only {@link io.rtm.core.spi.HttpRequest#bodyBuffer()
 * view}, without copying it (HttpCore's {@code BasicAsyncEntityProducer} needs its own {@code byte[]}: one more
 * copy of every body). Fixed length, no content type or encoding of its own (the request's {@code Content-Type}
 * header is sent as given), repeatable. Used by one exchange at a time.
 */
final class BodyProducer implements AsyncEntityProducer {

    private final ByteBuffer body;

    /** @param body a read-only view positioned at the body's first byte; this producer owns its position */
    BodyProducer(ByteBuffer body) {
        this.body = body;
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public long getContentLength() {
        return body.limit();
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public String getContentEncoding() {
        return null;
    }

    @Override
    public boolean isChunked() {
        return false;
    }

    @Override
    public Set<String> getTrailerNames() {
        return null;
    }

    @Override
    public int available() {
        return body.remaining();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        if (body.hasRemaining()) {
            channel.write(body);
        }
        if (!body.hasRemaining()) {
            channel.endStream();
        }
    }

    @Override
    public void failed(Exception cause) {
        // nothing to release: the view is dropped with the exchange
    }

    @Override
    public void releaseResources() {
        body.rewind(); // repeatable: a later produce() starts over
    }
}
