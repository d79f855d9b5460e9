package io.rtm.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.internal.Internals;
import io.rtm.core.spi.ServiceReply;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec: the client's request encoder (peer and channel) and its reply reader ({@link ServiceReply}) beside jackson-databind's {@link ObjectWriter}/{@link ObjectReader} on
 * equivalent POJOs (the baseline: what a hand-written client would do). Both sides produce and read exactly the
 * same bytes (checked by the smoke test), with the same Jackson feature (surrogate pairs as 4 UTF-8 bytes).
 * Messages: {@code small} (the published examples' shape: short IDs, 11-byte payload) and {@code 1k} (64-character
 * IDs, 1,024-byte payload).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar CodecBenchmark -prof gc}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    /** The {@code peer_messages} body as a POJO, fields in the SPEC's (and the SDK's) order. */
    @JsonPropertyOrder({"destination", "enable_offline_messaging", "enable_historical_messaging", "payload"})
    public record PeerBody(@JsonProperty("destination") String destination,
                           @JsonProperty("enable_offline_messaging") boolean offline,
                           @JsonProperty("enable_historical_messaging") boolean history,
                           @JsonProperty("payload") String payload) {
        static PeerBody of(PeerMessage m) {
            return new PeerBody(m.to(), m.offline(), m.history(), m.payload());
        }
    }

    /** The {@code channel_messages} body as a POJO. */
    @JsonPropertyOrder({"channel_name", "enable_historical_messaging", "payload"})
    public record ChannelBody(@JsonProperty("channel_name") String channelName,
                              @JsonProperty("enable_historical_messaging") boolean history,
                              @JsonProperty("payload") String payload) {
        static ChannelBody of(ChannelMessage m) {
            return new ChannelBody(m.channel(), m.history(), m.payload());
        }
    }

    /** A service reply as a POJO; unknown fields ignored, like the SDK. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplyBody(@JsonProperty("result") String result,
                            @JsonProperty("code") String code,
                            @JsonProperty("request_id") String requestId,
                            @JsonProperty("message") String message) {
    }

    /** The baseline's mapper: databind with the same write feature as the SDK's codec. */
    static ObjectMapper baselineMapper() {
        return JsonMapper.builder(JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build())
                .build();
    }

    /** The messages to encode, as SDK messages and as POJOs, and the baseline's writers. */
    @State(Scope.Benchmark)
    public static class Messages {
        /** {@code small}: short IDs, 11-byte payload; {@code 1k}: 64-character IDs, 1,024-byte payload. */
        @Param({"small", "1k"})
        public String message;

        PeerMessage peer;
        ChannelMessage channel;
        PeerBody peerBody;
        ChannelBody channelBody;
        ObjectWriter peerWriter;
        ObjectWriter channelWriter;

        /** Builds them. */
        @Setup
        public void setUp() {
            boolean small = message.equals("small");
            peer = small ? Fixtures.smallPeer() : Fixtures.peer(1024);
            channel = small ? Fixtures.smallChannel() : Fixtures.channel(1024);
            peerBody = PeerBody.of(peer);
            channelBody = ChannelBody.of(channel);
            ObjectMapper mapper = baselineMapper();
            peerWriter = mapper.writerFor(PeerBody.class);
            channelWriter = mapper.writerFor(ChannelBody.class);
        }
    }

    /** The reply to decode and the baseline's reader. */
    @State(Scope.Benchmark)
    public static class Replies {
        byte[] reply;
        ObjectReader replyReader;

        /** Builds them. */
        @Setup
        public void setUp() {
            reply = Fixtures.REPLY.clone();
            replyReader = baselineMapper().readerFor(ReplyBody.class);
        }
    }

    /** SDK: a peer message to its body bytes. */
    @Benchmark
    public byte[] peerEncode_sdk(Messages m) {
        return Internals.encode(m.peer);
    }

    /** Baseline: databind writes the equivalent POJO. */
    @Benchmark
    public byte[] peerEncode_baselineJackson(Messages m) throws IOException {
        return m.peerWriter.writeValueAsBytes(m.peerBody);
    }

    /** SDK: a channel message to its body bytes. */
    @Benchmark
    public byte[] channelEncode_sdk(Messages m) {
        return Internals.encode(m.channel);
    }

    /** Baseline: databind writes the equivalent POJO. */
    @Benchmark
    public byte[] channelEncode_baselineJackson(Messages m) throws IOException {
        return m.channelWriter.writeValueAsBytes(m.channelBody);
    }

    /** SDK: reads the service's reply. */
    @Benchmark
    public ServiceReply replyDecode_sdk(Replies r) {
        return Internals.decodeReply(r.reply);
    }

    /** Baseline: databind reads the reply into a POJO. */
    @Benchmark
    public ReplyBody replyDecode_baselineJackson(Replies r) throws IOException {
        return r.replyReader.readValue(r.reply);
    }
}
