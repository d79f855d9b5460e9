package io.rtm.benchmarks.proposed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rtm.core.PeerMessage;
import io.rtm.core.internal.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code JsonCodec.encode(PeerMessage)} with one change: the {@link ByteArrayBuilder}'s block is given back to the
 * buffer recycler ({@link ByteArrayBuilder#release()}, as jackson-databind's {@code writeValueAsBytes} does) instead
 * of being dropped. {@code ByteArrayBuilder.close()} is a no-op, so today every encode allocates a fresh 2,000-byte
 * block; and the size hint is ignored whenever a recycler is passed.
 */
public final class ReleasingCodec {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private ReleasingCodec() {
    }

    /** The peer body, byte for byte what {@code JsonCodec.encode} writes. */
    public static byte[] encode(PeerMessage m) {
        if (!JsonCodec.isWellFormed(m.to()) || !JsonCodec.isWellFormed(m.payload())) {
            throw new IllegalArgumentException("not well-formed"); // the real codec reports violations; not timed here
        }
        BufferRecycler recycler = JSON._getBufferRecycler();
        ByteArrayBuilder out = new ByteArrayBuilder(recycler);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("destination", m.to());
            g.writeBooleanField("enable_offline_messaging", m.offline());
            g.writeBooleanField("enable_historical_messaging", m.history());
            g.writeStringField("payload", m.payload());
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
            recycler.releaseToPool();
        }
    }
}
