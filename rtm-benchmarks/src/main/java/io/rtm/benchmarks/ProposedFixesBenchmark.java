package io.rtm.benchmarks;

import io.rtm.benchmarks.proposed.ReleasingCodec;
import io.rtm.benchmarks.proposed.ShortPayloadValidator;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.internal.JsonCodec;
import io.rtm.validation.RtmValidator;
import java.util.List;
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
 * The current code beside a prototype of each proposed fix ({@link io.rtm.benchmarks.proposed}), same inputs, same
 * run: the evidence for the "open" items of BENCHMARKS.md.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar ProposedFixesBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProposedFixesBenchmark {

    /** {@code small}: short IDs, 11-byte payload; {@code 1k}: 64-character IDs, 1 KB ASCII payload;
     * {@code 1k-utf16}: 1 KB (UTF-8) of Chinese text, a UTF-16 string; a number: an ASCII payload of that size. */
    @Param({"small", "1k", "1k-utf16"})
    public String message;

    PeerMessage peer;
    CodecBenchmark.PeerBody body;
    com.fasterxml.jackson.databind.ObjectWriter writer;

    /** Builds the message. */
    @Setup
    public void setUp() {
        // other sizes by -p message=<bytes>, e.g. to see how a scan scales
        peer = switch (message) {
            case "small" -> Fixtures.smallPeer();
            case "1k" -> Fixtures.peer(1024);
            case "1k-utf16" -> Fixtures.peer(1024).toBuilder().payload(Fixtures.payloadUtf16(1024)).build();
            default -> Fixtures.peer(Integer.parseInt(message));
        };
        body = CodecBenchmark.PeerBody.of(peer);
        writer = CodecBenchmark.baselineMapper().writerFor(CodecBenchmark.PeerBody.class);
    }

    /** Current: {@code JsonCodec.encode}. */
    @Benchmark
    public byte[] encode_current() {
        return JsonCodec.encode(peer);
    }

    /** Proposed: the same with the builder's block released to the recycler. */
    @Benchmark
    public byte[] encode_releasingBuilder() {
        return ReleasingCodec.encode(peer);
    }

    /** Proposed: released block and pre-encoded field names. */
    @Benchmark
    public byte[] encode_releasingBuilderPreencodedNames() {
        return ReleasingCodec.encodeWithPreencodedNames(peer);
    }

    /** Baseline of the codec benchmark, for reference in the same run: databind on the equivalent POJO. */
    @Benchmark
    public byte[] encode_baselineJackson() throws java.io.IOException {
        return writer.writeValueAsBytes(body);
    }

    /** Current: {@code RtmValidator.standard().validate}. */
    @Benchmark
    public List<Violation> validate_current() {
        return RtmValidator.standard().validate(peer);
    }

    /** Proposed: no UTF-8 byte count for payloads that cannot exceed the limit. */
    @Benchmark
    public boolean validate_shortPayloadFastPath() {
        return ShortPayloadValidator.isValid(peer);
    }
}
