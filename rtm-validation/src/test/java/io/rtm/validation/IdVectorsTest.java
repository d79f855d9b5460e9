package io.rtm.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Violation;
import io.rtm.core.history.HistoryFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of {@code vectors/ids.json}, in every ID position and both profiles. */
class IdVectorsTest {

    private static final String OK_PAYLOAD = "hello";
    private static final String OK_ID = "okId";

    static Stream<Named<String>> valid() {
        return IdVectors.named(IdVectors.valid());
    }

    static Stream<Named<String>> invalid() {
        return IdVectors.named(IdVectors.invalid());
    }

    static Stream<Named<String>> invalidInUrl() {
        return IdVectors.named(IdVectors.invalidInUrl());
    }

    private static HistoryFilter history(String source, String destination) {
        return HistoryFilter.builder().source(source).destination(destination)
                .start(Instant.parse("2019-08-01T01:22:10Z")).end(Instant.parse("2019-08-01T01:32:10Z")).build();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validIdPassesAsAHistorySourceAndDestination(String id) {
        assertThat(RtmValidator.standard().validate(history(id, OK_ID))).isEmpty();
        assertThat(RtmValidator.standard().validate(history(OK_ID, id))).isEmpty();
        assertThat(RtmValidator.standard().validate(history(id, null))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidIdFailsAsAHistorySourceAndDestinationWithTheRuleItBreaksInASend(String id) {
        for (RtmValidator v : List.of(RtmValidator.standard(), RtmValidator.signalingInterop())) {
            String asDestination = rules(v.validatePeer(OK_ID, id, OK_PAYLOAD)).get(0).replace("destination:", "");
            assertThat(rules(v.validate(history(id, OK_ID)))).containsExactly("source:" + asDestination);
            assertThat(rules(v.validate(history(OK_ID, id)))).containsExactly("destination:" + asDestination);
            assertThat(rules(v.validate(history(id, id)))).containsExactly("source:" + asDestination, "destination:" + asDestination);
        }
    }

    @ParameterizedTest
    @MethodSource("invalidInUrl")
    void edgeSpaceIdIsAValidHistorySourceAsItIsAValidDestination(String id) {
        assertThat(RtmValidator.standard().validate(history(id, id))).isEmpty();
        assertThat(rules(RtmValidator.signalingInterop().validate(history(id, null)))).containsExactly("source:no_space");
    }

    @Test
    void vectorsAreLoadedCompletely() {
        assertThat(IdVectors.valid()).hasSize(11).contains("!#$%&()+-:;<=.>?@[]^_{}|~,'");
        assertThat(IdVectors.invalid()).hasSize(12).contains("", "nul\u0000", "用户");
        assertThat(IdVectors.invalidInUrl()).containsExactly(" userA", "userA ", " ");
        assertThat(IdVectors.payloadExamples()).hasSize(8);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validIdPassesInEveryPositionUnderStandard(String id) {
        RtmValidator v = RtmValidator.standard();
        assertThat(v.validatePeer(id, OK_ID, OK_PAYLOAD)).isEmpty();
        assertThat(v.validatePeer(OK_ID, id, OK_PAYLOAD)).isEmpty();
        assertThat(v.validateChannel(id, OK_ID, OK_PAYLOAD)).isEmpty();
        assertThat(v.validateChannel(OK_ID, id, OK_PAYLOAD)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validIdPassesUnderSignalingInteropUnlessItHasASpace(String id) {
        RtmValidator v = RtmValidator.signalingInterop();
        if (id.indexOf(' ') < 0) {
            assertThat(v.validatePeer(id, OK_ID, OK_PAYLOAD)).isEmpty();
            assertThat(v.validatePeer(OK_ID, id, OK_PAYLOAD)).isEmpty();
            assertThat(v.validateChannel(id, OK_ID, OK_PAYLOAD)).isEmpty();
            assertThat(v.validateChannel(OK_ID, id, OK_PAYLOAD)).isEmpty();
        } else {
            assertThat(rules(v.validatePeer(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:no_space");
            assertThat(rules(v.validatePeer(OK_ID, id, OK_PAYLOAD))).containsExactly("destination:no_space");
            assertThat(rules(v.validateChannel(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:no_space");
            assertThat(rules(v.validateChannel(OK_ID, id, OK_PAYLOAD))).containsExactly("channel_name:no_space");
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidIdFailsInEveryPositionAndProfileWithItsRule(String id) {
        String rule = id.isEmpty() ? "not_empty" : id.length() > 64 ? "max_length" : "allowed_characters";
        for (RtmValidator v : List.of(RtmValidator.standard(), RtmValidator.signalingInterop())) {
            assertThat(rules(v.validatePeer(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:" + rule);
            assertThat(rules(v.validatePeer(OK_ID, id, OK_PAYLOAD))).containsExactly("destination:" + rule);
            assertThat(rules(v.validateChannel(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:" + rule);
            assertThat(rules(v.validateChannel(OK_ID, id, OK_PAYLOAD))).containsExactly("channel_name:" + rule);
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void allowedCharactersViolationNamesTheFirstOffendingCodePoint(String id) {
        int first = id.codePoints().filter(cp -> cp >= 128 || !isSpecAllowed((char) cp)).findFirst().orElse(-1);
        List<Violation> out = new ArrayList<>();
        RtmValidator.standard().checkId("destination", id, out);
        if (first < 0) {
            assertThat(rules(out)).doesNotContain("destination:allowed_characters");
            return;
        }
        assertThat(out).singleElement().satisfies(violation -> {
            assertThat(violation.message()).startsWith("contains " + String.format("U+%04X", first));
            if (Character.isISOControl(first)) {
                assertThat(violation.message()).doesNotContain(new String(Character.toChars(first)));
            } else {
                assertThat(violation.message()).contains("'" + new String(Character.toChars(first)) + "'");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("invalidInUrl")
    void edgeSpaceIdIsValidInTheBodyButNotAsThePathUserId(String id) {
        RtmValidator v = RtmValidator.standard();
        assertThat(v.validatePeer(OK_ID, id, OK_PAYLOAD)).isEmpty();
        assertThat(v.validateChannel(OK_ID, id, OK_PAYLOAD)).isEmpty();
        assertThat(rules(v.validatePeer(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:no_edge_space");
        assertThat(rules(v.validateChannel(id, OK_ID, OK_PAYLOAD))).containsExactly("user_id:no_edge_space");
    }

    @ParameterizedTest
    @MethodSource("invalidInUrl")
    void edgeSpaceIdAlsoBreaksNoSpaceUnderSignalingInterop(String id) {
        RtmValidator v = RtmValidator.signalingInterop();
        assertThat(rules(v.validatePeer(OK_ID, id, OK_PAYLOAD))).containsExactly("destination:no_space");
        assertThat(rules(v.validateChannel(OK_ID, id, OK_PAYLOAD))).containsExactly("channel_name:no_space");
        assertThat(rules(v.validatePeer(id, OK_ID, OK_PAYLOAD)))
                .containsExactly("user_id:no_edge_space", "user_id:no_space");
    }

    static Stream<Named<IdVectors.PayloadExample>> payloads() {
        return IdVectors.payloadExamples().stream()
                .map(e -> Named.of(IdVectors.display(e.payload()) + " valid=" + e.valid(), e));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void payloadExampleHasTheExpectedVerdict(IdVectors.PayloadExample e) {
        for (RtmValidator v : List.of(RtmValidator.standard(), RtmValidator.signalingInterop())) {
            List<Violation> peer = v.validatePeer(OK_ID, OK_ID, e.payload());
            List<Violation> channel = v.validateChannel(OK_ID, OK_ID, e.payload());
            assertThat(channel).isEqualTo(peer);
            if (e.valid()) {
                assertThat(e.utf8Bytes()).isLessThanOrEqualTo(IdVectors.maxPayloadBytes());
                assertThat(peer).isEmpty();
            } else if (e.payload().isEmpty()) {
                assertThat(rules(peer)).containsExactly("payload:not_empty");
            } else {
                assertThat(e.utf8Bytes()).isGreaterThan(IdVectors.maxPayloadBytes());
                assertThat(rules(peer)).containsExactly("payload:max_utf8_bytes");
                assertThat(peer.get(0).message()).isEqualTo("is " + e.utf8Bytes() + " UTF-8 bytes; at most 32768 allowed");
            }
        }
    }

    static List<String> rules(List<Violation> violations) {
        return violations.stream().map(x -> x.field() + ":" + x.rule()).toList();
    }

    /** The SPEC set, written independently of the validator's table. */
    private static boolean isSpecAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' '
                || "!#$%&()+-:;<=.>?@[]^_{}|~,'".indexOf(c) >= 0;
    }
}
