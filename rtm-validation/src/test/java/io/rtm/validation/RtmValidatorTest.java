package io.rtm.validation;

import static io.rtm.validation.IdVectorsTest.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtmValidatorTest {

    private final RtmValidator standard = RtmValidator.standard();

    @Test
    void reportsEveryViolationOfAPeerMessageTogetherInFieldOrder() {
        List<Violation> violations = standard.validatePeer("a/b", "", "x".repeat(32_769));

        assertThat(violations).containsExactly(
                new Violation("user_id", "allowed_characters",
                        "contains U+002F '/' at index 1; allowed are a-z, A-Z, 0-9, space and !#$%&()+-:;<=.>?@[]^_{}|~,'"),
                new Violation("destination", "not_empty", "must not be empty"),
                new Violation("payload", "max_utf8_bytes", "is 32769 UTF-8 bytes; at most 32768 allowed"));
    }

    @Test
    void reportsEveryViolationOfAChannelMessageTogetherInFieldOrder() {
        List<Violation> violations = standard.validateChannel(" bob", "x".repeat(65), "");

        assertThat(violations).containsExactly(
                new Violation("user_id", "no_edge_space",
                        "begins with a space; a user ID in the URL path must not begin or end with one"),
                new Violation("channel_name", "max_length", "is 65 characters; at most 64 allowed"),
                new Violation("payload", "not_empty", "must not be empty"));
    }

    @Test
    void reportsEveryRuleAnIdBreaks() {
        List<Violation> out = new ArrayList<>();
        RtmValidator.signalingInterop().checkUserIdInPath(" " + "/".repeat(64) + " ", out);

        assertThat(rules(out)).containsExactly("user_id:max_length", "user_id:allowed_characters",
                "user_id:no_edge_space", "user_id:no_space");
        assertThat(out.get(2).message()).startsWith("begins and ends with a space");
        assertThat(out.get(3).message()).startsWith("contains a space at index 0;");
    }

    @Test
    void nullFieldsBreakRequiredOnly() {
        assertThat(standard.validatePeer(null, null, null)).containsExactly(
                new Violation("user_id", "required", "is required"),
                new Violation("destination", "required", "is required"),
                new Violation("payload", "required", "is required"));
        assertThat(rules(RtmValidator.signalingInterop().validateChannel(null, null, null)))
                .containsExactly("user_id:required", "channel_name:required", "payload:required");
    }

    @Test
    void emptyIdBreaksNotEmptyOnly() {
        for (RtmValidator v : List.of(standard, RtmValidator.signalingInterop())) {
            List<Violation> out = new ArrayList<>();
            v.checkUserIdInPath("", out);
            v.checkId("channel_name", "", out);
            assertThat(rules(out)).containsExactly("user_id:not_empty", "channel_name:not_empty");
        }
    }

    @Test
    void acceptsAnIdOfExactly64CharactersAndRejects65() {
        assertThat(standard.validatePeer("u".repeat(64), "d".repeat(64), "p")).isEmpty();
        assertThat(standard.validatePeer("u".repeat(65), "d", "p"))
                .containsExactly(new Violation("user_id", "max_length", "is 65 characters; at most 64 allowed"));
    }

    @Test
    void allowsExactlyTheSpecCharactersAmongAllUtf16CodeUnits() {
        String specials = "!#$%&()+-:;<=.>?@[]^_{}|~,'";
        int allowed = 0;
        for (int c = 0; c <= 0xFFFF; c++) {
            boolean expected = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == ' ' || specials.indexOf(c) >= 0;
            List<Violation> result = standard.validatePeer("x" + (char) c + "x", "ok", "p");
            assertThat(result.isEmpty()).as("U+%04X", c).isEqualTo(expected);
            if (!expected) {
                assertThat(rules(result)).as("U+%04X", c).containsExactly("user_id:allowed_characters");
            } else {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(26 + 26 + 10 + 1 + 27);
    }

    @Test
    void namesTheFirstOffendingCharacterByCodePointAndPrintsControlCharactersOnlyAsCodePoints() {
        assertThat(idViolation("a\"b*")).startsWith("contains U+0022 '\"' at index 1;");
        assertThat(idViolation("tab\there")).startsWith("contains U+0009 at index 3;").doesNotContain("\t");
        assertThat(idViolation("nul\u0000")).startsWith("contains U+0000 at index 3;").doesNotContain("\u0000");
        assertThat(idViolation("del\u007F")).startsWith("contains U+007F at index 3;").doesNotContain("\u007F");
        assertThat(idViolation("nbsp\u00A0")).startsWith("contains U+00A0 at index 4;").doesNotContain("\u00A0");
        assertThat(idViolation("bidi\u202E")).startsWith("contains U+202E at index 4;").doesNotContain("\u202E");
        assertThat(idViolation("用户")).startsWith("contains U+7528 '用' at index 0;");
        assertThat(idViolation("emoji😀")).startsWith("contains U+1F600 '😀' at index 5;");
        assertThat(idViolation("lone\uD800")).startsWith("contains U+D800 at index 4;").doesNotContain("\uD800");
    }

    @Test
    void noSpaceAppliesOnlyUnderSignalingInterop() {
        assertThat(standard.validatePeer("a b", "c d", "p")).isEmpty();
        assertThat(RtmValidator.signalingInterop().validatePeer("a b", "c d", "p")).containsExactly(
                new Violation("user_id", "no_space",
                        "contains a space at index 1; IDs with a space cannot interoperate with the legacy signaling SDK"),
                new Violation("destination", "no_space",
                        "contains a space at index 1; IDs with a space cannot interoperate with the legacy signaling SDK"));
    }

    @Test
    void rejectsAnUnpairedHighSurrogate() {
        assertThat(standard.validatePeer("a", "b", "ab\uD83Dcd")).containsExactly(new Violation("payload",
                "well_formed_unicode", "contains an unpaired high surrogate at index 2, so it cannot be encoded as UTF-8"));
        assertThat(rules(standard.validatePeer("a", "b", "end\uD83D"))).containsExactly("payload:well_formed_unicode");
        assertThat(rules(standard.validatePeer("a", "b", "\uD83D\uD83D\uDE00"))).containsExactly("payload:well_formed_unicode");
    }

    @Test
    void rejectsAnUnpairedLowSurrogate() {
        assertThat(standard.validateChannel("a", "b", "\uDE00x")).containsExactly(new Violation("payload",
                "well_formed_unicode", "contains an unpaired low surrogate at index 0, so it cannot be encoded as UTF-8"));
        assertThat(standard.validateChannel("a", "b", "😀\uDE00").get(0).message()).contains("low surrogate at index 2");
        // the pair in the wrong order is two unpaired surrogates
        assertThat(rules(standard.validateChannel("a", "b", "\uDE00\uD83D"))).containsExactly("payload:well_formed_unicode");
    }

    @Test
    void countsAValidSurrogatePairAsFourBytes() {
        // 8191 pairs * 4 + 4 = 32768: were a pair counted as two 3-byte chars it would be 49150
        assertThat(standard.validatePeer("a", "b", "😀".repeat(8191) + "abcd")).isEmpty();
        assertThat(standard.validatePeer("a", "b", "😀".repeat(8191) + "abcde")).containsExactly(
                new Violation("payload", "max_utf8_bytes", "is 32769 UTF-8 bytes; at most 32768 allowed"));
    }

    @Test
    void countsTwoAndThreeByteCharacters() {
        assertThat(standard.validatePeer("a", "b", "中".repeat(10_922) + "é")).isEmpty(); // 32766 + 2
        assertThat(standard.validatePeer("a", "b", "中".repeat(10_923))).containsExactly(
                new Violation("payload", "max_utf8_bytes", "is 32769 UTF-8 bytes; at most 32768 allowed"));
    }

    @Test
    void countsAnUnpairedSurrogateAsThreeBytesInTheSizeReport() {
        List<Violation> violations = standard.validatePeer("a", "b", "\uD800" + "a".repeat(32_766));

        assertThat(rules(violations)).containsExactly("payload:well_formed_unicode", "payload:max_utf8_bytes");
        assertThat(violations.get(1).message()).isEqualTo("is 32769 UTF-8 bytes; at most 32768 allowed");
    }

    @Test
    void reportsTheByteCountOfAPayloadFarOverTheLimit() {
        assertThat(standard.validatePeer("a", "b", "é".repeat(1_000_000)).get(0).message())
                .isEqualTo("is 2000000 UTF-8 bytes; at most 32768 allowed");
    }

    @Test
    void validMessageYieldsTheSharedEmptyList() {
        String id = "i".repeat(64);
        String payload = "p".repeat(1024);
        assertThat(standard.validatePeer(id, id, payload)).isSameAs(List.of());
        assertThat(standard.validateChannel(id, id, payload)).isSameAs(List.of());
        assertThat(RtmValidator.signalingInterop().validatePeer(id, id, payload)).isSameAs(List.of());
        assertThat(standard.validate(PeerMessage.builder().from(id).to(id).payload(payload).build())).isSameAs(List.of());
        assertThat(standard.validate(ChannelMessage.builder().from(id).channel(id).payload(payload).build()))
                .isSameAs(List.of());
    }

    @Test
    void validPathAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        String id = "i".repeat(64);
        String payload = "p".repeat(1000) + "é😀中";
        int calls = 20_000;
        assertThat(standard.validatePeer(id, id, payload)).isEmpty();

        long before = threads.getThreadAllocatedBytes(thread);
        int violations = 0;
        for (int i = 0; i < calls; i++) {
            violations += standard.validatePeer(id, id, payload).size();
            violations += standard.validateChannel(id, id, payload).size();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(violations).isZero();
        // one allocation per call would be at least 16 bytes * 40,000: allow only measurement noise
        assertThat(allocated).isLessThan(calls);
    }

    @Test
    void violationListsAreUnmodifiable() {
        List<Violation> violations = standard.validatePeer("", "", "");
        assertThatThrownBy(violations::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void messagesNeverContainThePayload() {
        String marker = "SECRET-PAYLOAD";
        List<String> payloads = List.of(marker.repeat(3000), marker + "\uD800" + marker, "\uDC00" + marker.repeat(5000));
        for (String payload : payloads) {
            List<Violation> violations = standard.validatePeer("a/b", "c*d", payload);
            assertThat(rules(violations)).contains("payload:" + (payload.length() > 100 ? "max_utf8_bytes" : "well_formed_unicode"));
            assertThat(violations).allSatisfy(x -> assertThat(x.message()).doesNotContain("SECRET", "\uD800", "\uDC00"));
            assertThat(new RtmValidationException(violations).getMessage()).doesNotContain("SECRET");
        }
    }

    @Test
    void validatorInterfaceDelegatesToTheRawFieldMethods() {
        PeerMessage peer = PeerMessage.builder().from(" al").to("b\"").payload("").build();
        ChannelMessage channel = ChannelMessage.builder().from("al ").channel("x".repeat(70)).payload("\uD800").build();

        assertThat(standard.validate(peer)).isEqualTo(standard.validatePeer(" al", "b\"", ""))
                .extracting(Violation::rule).containsExactly("no_edge_space", "allowed_characters", "not_empty");
        assertThat(standard.validate(channel)).isEqualTo(standard.validateChannel("al ", "x".repeat(70), "\uD800"))
                .extracting(Violation::rule).containsExactly("no_edge_space", "max_length", "well_formed_unicode");
    }

    @Test
    void checkMethodsAppendWithoutClearing() {
        List<Violation> out = new ArrayList<>(List.of(new Violation("other", "x", "y")));
        standard.checkUserIdInPath("ok", out);
        standard.checkId("destination", "ok", out);
        standard.checkPayload("ok", out);
        standard.checkPayload(null, out);
        assertThat(rules(out)).containsExactly("other:x", "payload:required");
    }

    @Test
    void checkIdUsesTheGivenFieldNameAndIgnoresEdgeSpaces() {
        List<Violation> out = new ArrayList<>();
        standard.checkId("channel_name", " room ", out);
        assertThat(out).isEmpty();
        standard.checkId("channel_name", "room/1", out);
        assertThat(rules(out)).containsExactly("channel_name:allowed_characters");
    }

    @Test
    void factoriesReturnTheSharedValidatorOfEachProfile() {
        assertThat(RtmValidator.standard().profile()).isEqualTo(Profile.STANDARD);
        assertThat(RtmValidator.signalingInterop().profile()).isEqualTo(Profile.SIGNALING_INTEROP);
        assertThat(RtmValidator.of(Profile.STANDARD)).isSameAs(RtmValidator.standard());
        assertThat(RtmValidator.of(Profile.SIGNALING_INTEROP)).isSameAs(RtmValidator.signalingInterop());
        assertThat(new RtmValidator().profile()).isEqualTo(Profile.STANDARD);
        assertThat(RtmValidator.signalingInterop()).hasToString("RtmValidator[SIGNALING_INTEROP]");
        assertThatThrownBy(() -> RtmValidator.of(null)).isInstanceOf(NullPointerException.class).hasMessage("profile");
    }

    private String idViolation(String id) {
        List<Violation> out = new ArrayList<>();
        standard.checkId("destination", id, out);
        assertThat(out).extracting(Violation::rule).containsExactly("allowed_characters");
        return out.get(0).message();
    }
}
