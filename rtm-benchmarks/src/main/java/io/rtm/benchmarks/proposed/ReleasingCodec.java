package io.rtm.benchmarks.proposed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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

    private static final SerializedString DESTINATION = new SerializedString("destination");
    private static final SerializedString OFFLINE = new SerializedString("enable_offline_messaging");
    private static final SerializedString HISTORY = new SerializedString("enable_historical_messaging");
    private static final SerializedString PAYLOAD = new SerializedString("payload");

    private ReleasingCodec() {
    }

    /**
     * As {@link #encode} and, second change, the field names written from pre-encoded {@link SerializedString}s (as
     * jackson-databind's serializers do) instead of being encoded from their chars on every call.
     */
    public static byte[] encodeWithPreencodedNames(PeerMessage m) {
        if (!JsonCodec.isWellFormed(m.to()) || !JsonCodec.isWellFormed(m.payload())) {
            throw new IllegalArgumentException("not well-formed");
        }
        BufferRecycler recycler = JSON._getBufferRecycler();
        ByteArrayBuilder out = new ByteArrayBuilder(recycler);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(DESTINATION);
            g.writeString(m.to());
            g.writeFieldName(OFFLINE);
            g.writeBoolean(m.offline());
            g.writeFieldName(HISTORY);
            g.writeBoolean(m.history());
            g.writeFieldName(PAYLOAD);
            g.writeString(m.payload());
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
