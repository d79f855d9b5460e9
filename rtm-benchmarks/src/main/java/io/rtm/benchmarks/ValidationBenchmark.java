package io.rtm.benchmarks;

import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.validation.RtmValidator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * {@code RtmValidator.standard().validate(peerMessage)} on a valid, typical message (64-character IDs, a payload of
 * a 1 KB payload, ASCII or Chinese) beside the same rules checked with precompiled {@link Pattern}s (the baseline):
 * the path user ID (1-64 SPEC characters, no edge space), the destination (1-64 SPEC characters), the payload (not
 * empty, no unpaired surrogate, at most 32,768 UTF-8 bytes).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar ValidationBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ValidationBenchmark {

    /**
     * The payload: {@code 1024} ASCII bytes (the typical message of the target), {@code 128} ASCII bytes (shows what
     * the payload scan costs), {@code 1024-utf16} 1,024 UTF-8 bytes of Chinese text (a UTF-16 string).
     */
    @Param({"1024", "128", "1024-utf16"})
    public String payload;

    private static final String ID_CHAR = "[a-zA-Z0-9 !#$%&()+\\-:;<=.>?@\\[\\]^_{}|~,']";
    /** destination / channel_name: 1 to 64 SPEC characters. */
    static final Pattern ID = Pattern.compile(ID_CHAR + "{1,64}");
    /** user_id in the URL path: the same, not beginning or ending with a space. */
    static final Pattern PATH_ID = Pattern.compile("(?! )" + ID_CHAR + "{1,64}(?<! )");
    /** An unpaired surrogate (java.util.regex matches a well-formed pair as one code point, never as Cs). */
    static final Pattern UNPAIRED_SURROGATE = Pattern.compile("\\p{Cs}");

    PeerMessage message;
    RtmValidator validator;

    /** Builds the message. */
    @Setup
    public void setUp() {
        message = payload.endsWith("-utf16")
                ? Fixtures.peer(128).toBuilder().payload(Fixtures.payloadUtf16(Integer.parseInt(payload.replace("-utf16", "")))).build()
                : Fixtures.peer(Integer.parseInt(payload));
        validator = RtmValidator.standard();
    }

    /** SDK: every violation of the message (none: it is valid). */
    @Benchmark
    public List<Violation> validate_sdk() {
        return validator.validate(message);
    }

    /** Baseline: the same rules with precompiled regular expressions (and a UTF-8 length loop: no regex counts bytes). */
    @Benchmark
    public boolean validate_baselineRegex() {
        return isValid(message);
    }

    /** The baseline's check: true when the message passes every rule. */
    static boolean isValid(PeerMessage m) {
        String payload = m.payload();
        return PATH_ID.matcher(m.from()).matches()
                && ID.matcher(m.to()).matches()
                && !payload.isEmpty()
                && utf8Length(payload) <= RtmValidator.MAX_PAYLOAD_UTF8_BYTES
                && !UNPAIRED_SURROGATE.matcher(payload).find();
    }

    /** UTF-8 length of a string (a surrogate pair counts 4; unpaired ones are rejected by the regex anyway). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a pair is 2 + 2
        }
        return bytes;
    }
}
