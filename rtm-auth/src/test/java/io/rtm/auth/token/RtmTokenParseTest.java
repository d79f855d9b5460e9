package io.rtm.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.auth.token.RtmTokenException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtmTokenParseTest {

    static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";
    static final String VECTOR = "006970CA35de60c44645bbae8a215061b33IAAsR0qgiCxv0vrpRcpkz5BrbfEWCBZ6kvR6t7qG/wJIQob86ogAAAAAEAABAAAAR/QQAAEA6AOvKDdW";

    @Test
    void roundTripsEveryFieldOfABuiltToken() {
        String token = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice")
                .salt(0xFFFF_FFFFL).ts(4_000_000_000L)
                .privilege(1002, 7).loginExpireTs(0).privilege(1, 0xFFFF_FFFFL).build();

        RtmToken t = RtmToken.parse(token);

        assertThat(t.appId()).isEqualTo(APP_ID);
        assertThat(t.salt()).isEqualTo(0xFFFF_FFFFL);
        assertThat(t.ts()).isEqualTo(4_000_000_000L);
        assertThat(t.privileges()).containsExactly(Map.entry(1, 0xFFFF_FFFFL), Map.entry(1000, 0L), Map.entry(1002, 7L));
        assertThat(t.loginExpireTs()).hasValue(0);
        assertThat(t.crcAccount()).isEqualTo(TokenCodec.crc32("alice"));
        assertThat(t.crcUid()).isZero();
        assertThat(t.encode()).isEqualTo(token);
        assertThat(RtmToken.parse(token)).isEqualTo(t).hasSameHashCodeAs(t);
    }

    @Test
    void loginExpireTsIsEmptyWithoutPrivilege1000() {
        String token = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").salt(1).ts(2).privilege(1001, 5).build();

        assertThat(RtmToken.parse(token).loginExpireTs()).isEmpty();
    }

    @Test
    void signatureIsADefensiveCopy() {
        RtmToken t = RtmToken.parse(VECTOR);
        byte[] copy = t.signature();
        copy[0] ^= 1;

        assertThat(t.signature()).isNotEqualTo(copy);
        assertThat(t.encode()).isEqualTo(VECTOR);
    }

    @Test
    void privilegesAreUnmodifiable() {
        assertThatThrownBy(() -> RtmToken.parse(VECTOR).privileges().put(1, 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsNeitherTokenNorSignature() {
        RtmToken t = RtmToken.parse(VECTOR);
        String s = t.toString();

        assertThat(s).contains("appId=" + APP_ID).contains("ts=1111111").contains("signature=<redacted>");
        assertThat(s).doesNotContain(VECTOR).doesNotContain(VECTOR.substring(35, 60))
                .doesNotContain(Base64.getEncoder().encodeToString(t.signature()))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(t.signature()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "00", "abc", "006", "006970CA35de", "xyz970CA35de60c44645bbae8a215061b33IAAs"})
    void rejectsShortOrUnversionedInputAsMalformed(String token) {
        assertReason(() -> RtmToken.parse(token), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"007eJxTYBBboFW", "005970CA35de60c44645bbae8a215061b33IAAs", "123"})
    void rejectsOtherVersionsAsUnsupported(String token) {
        assertReason(() -> RtmToken.parse(token), Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsNonHexAppId() {
        assertReason(() -> RtmToken.parse("006" + "970CA35de60c44645bbae8a215061b3g" + VECTOR.substring(35)), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!!", "IAAs R0qg", "IAAs-R0qg_", "IAAsR0q\n", "IAAsR0qé", "A", "A==="})
    void rejectsInvalidBase64AsMalformed(String content) {
        assertReason(() -> RtmToken.parse("006" + APP_ID + content), Reason.MALFORMED);
    }

    @Test
    void rejectsEveryTruncationOfAValidToken() {
        for (int length = 0; length < VECTOR.length(); length++) {
            String prefix = VECTOR.substring(0, length);
            assertReason(() -> RtmToken.parse(prefix), Reason.MALFORMED);
        }
    }

    @Test
    void rejectsEveryTruncationOfTheDecodedContent() {
        byte[] content = Base64.getDecoder().decode(VECTOR.substring(35));
        for (int length = 0; length < content.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(content, length);
            assertReason(() -> RtmToken.parse(tokenOf(cut)), Reason.MALFORMED);
        }
    }

    @Test
    void rejectsTrailingBytesAfterTheContent() {
        byte[] content = Base64.getDecoder().decode(VECTOR.substring(35));
        byte[] longer = java.util.Arrays.copyOf(content, content.length + 1);

        assertReason(() -> RtmToken.parse(tokenOf(longer)), Reason.MALFORMED);
    }

    @Test
    void rejectsTrailingBytesInsideTheMessage() {
        byte[] message = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putShort((short) 0).array();

        assertReason(() -> RtmToken.parse(TokenCodec.encode(APP_ID, new byte[32], 0, 0, message)), Reason.MALFORMED);
    }

    @Test
    void rejectsADuplicatedPrivilege() {
        byte[] message = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putShort((short) 2)
                .putShort((short) 1000).putInt(5).putShort((short) 1000).putInt(6).array();

        assertReason(() -> RtmToken.parse(TokenCodec.encode(APP_ID, new byte[32], 0, 0, message)), Reason.MALFORMED);
    }

    @Test
    void rejectsASignatureThatIsNot32Bytes() {
        byte[] message = TokenCodec.packMessage(1, 2, new TreeMap<>(Map.of(1000, 0L)));

        assertReason(() -> RtmToken.parse(TokenCodec.encode(APP_ID, new byte[31], 0, 0, message)), Reason.MALFORMED);
        assertReason(() -> RtmToken.parse(TokenCodec.encode(APP_ID, new byte[33], 0, 0, message)), Reason.MALFORMED);
    }

    @Test
    void garbageNeverEscapesAsAnotherException() {
        Random random = new Random(20240601L); // fixed seed: the same inputs on every run
        for (int i = 0; i < 5_000; i++) {
            byte[] content = new byte[random.nextInt(80)];
            random.nextBytes(content);
            String token = random.nextBoolean()
                    ? tokenOf(content)
                    : randomPrintable(random, random.nextInt(120));
            assertParsesOrFailsCleanly(token);
        }
    }

    @Test
    void everySingleByteCorruptionIsRejectedByTheVerifier() {
        byte[] content = Base64.getDecoder().decode(VECTOR.substring(35));
        java.time.Instant before = java.time.Instant.ofEpochSecond(99);
        for (int i = 0; i < content.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] corrupt = content.clone();
                corrupt[i] ^= (byte) (1 << bit);
                String token = tokenOf(corrupt);
                assertParsesOrFailsCleanly(token);
                assertThatThrownBy(() -> RtmTokenVerifier.verify(token, APP_ID, CERT, "test_user", before))
                        .as("byte %d bit %d", i, bit)
                        .isInstanceOf(RtmTokenException.class);
            }
        }
    }

    private static void assertParsesOrFailsCleanly(String token) {
        try {
            RtmToken.parse(token);
        } catch (RtmTokenException expected) {
            assertThat(expected.reason()).isIn(Reason.MALFORMED, Reason.UNSUPPORTED_VERSION);
        }
    }

    private static String randomPrintable(Random random, int length) {
        StringBuilder sb = new StringBuilder(random.nextBoolean() ? "006" + APP_ID : "");
        for (int i = 0; i < length; i++) {
            sb.append((char) (random.nextInt(0x250)));
        }
        return sb.toString();
    }

    private static String tokenOf(byte[] content) {
        return "006" + APP_ID + Base64.getEncoder().encodeToString(content);
    }

    static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RtmTokenException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.code()).isEqualTo(reason.code());
        });
    }
}
