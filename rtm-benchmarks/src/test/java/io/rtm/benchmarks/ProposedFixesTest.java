package io.rtm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.benchmarks.proposed.ReleasingCodec;
import io.rtm.benchmarks.proposed.ShortPayloadValidator;
import io.rtm.core.PeerMessage;
import io.rtm.core.internal.JsonCodec;
import io.rtm.validation.RtmValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A prototype only proves a fix if it does what the current code does: checked here on the edge cases. */
class ProposedFixesTest {

    @Test
    void releasingCodecWritesExactlyTheCurrentBytesAndReusesItsBlock() {
        for (PeerMessage m : List.of(Fixtures.smallPeer(), Fixtures.peer(1024), Fixtures.peer(5000),
                Fixtures.smallPeer().toBuilder().payload("emoji \uD83D\uDE00 \"quoted\" \\").history(true).build())) {
            assertThat(ReleasingCodec.encode(m)).isEqualTo(JsonCodec.encode(m));
            assertThat(ReleasingCodec.encode(m)).isEqualTo(JsonCodec.encode(m)); // second use of the recycled block
            assertThat(ReleasingCodec.encodeWithPreencodedNames(m)).isEqualTo(JsonCodec.encode(m));
        }
    }

    @Test
    void shortPayloadFastPathAgreesWithTheValidator() {
        PeerMessage valid = Fixtures.peer(1024);
        List<String> payloads = List.of("x", "hello", Fixtures.payload(1024), "a\uD800b", "\uDC00", "end\uD83D",
                "\uD83D\uDE00", "caf\u00e9", "x".repeat(10_922), "\u20ac".repeat(10_922), "\u20ac".repeat(10_923),
                "x".repeat(32_768), "x".repeat(32_769), "\u00e9".repeat(16_384), "\u00e9".repeat(16_385),
                "x".repeat(10_921) + "\uD800", "");
        for (String p : payloads) {
            PeerMessage m = valid.toBuilder().payload(p).build();
            assertThat(ShortPayloadValidator.isValid(m)).as("payload of %d chars", p.length())
                    .isEqualTo(RtmValidator.standard().validate(m).isEmpty());
        }
        for (PeerMessage m : List.of(valid.toBuilder().from(" a").build(), valid.toBuilder().to("a\"b").build(),
                valid.toBuilder().to("x".repeat(65)).build(), valid.toBuilder().from("").build())) {
            assertThat(ShortPayloadValidator.isValid(m)).isEqualTo(RtmValidator.standard().validate(m).isEmpty()).isFalse();
        }
    }
}
