package io.rtm.auth.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published 006 vectors (src/test/resources/vectors/rtm-token-006.json), reproduced byte for byte. */
class TokenVectorsTest {

    record Vector(String appId, String appCertificate, String account, long salt, long ts,
                  Map<Integer, Long> privileges, String token) {
        @Override
        public String toString() {
            return "privileges=" + privileges;
        }
    }

    static Stream<Vector> vectors() throws IOException {
        try (InputStream in = TokenVectorsTest.class.getResourceAsStream("/vectors/rtm-token-006.json")) {
            assertThat(in).as("vectors resource").isNotNull();
            JsonNode root = new ObjectMapper().readTree(in);
            List<Vector> out = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                Map<Integer, Long> privileges = new TreeMap<>();
                v.get("privileges").properties().forEach(e -> privileges.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
                out.add(new Vector(v.get("appId").asText(), v.get("appCertificate").asText(), v.get("account").asText(),
                        v.get("salt").asLong(), v.get("ts").asLong(), privileges, v.get("token").asText()));
            }
            return out.stream();
        }
    }

    @Test
    void resourceHoldsBothPublishedVectors() throws IOException {
        assertThat(vectors()).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void builderReproducesVectorExactly(Vector v) {
        String token = RtmTokenBuilder.forAccount(v.appId(), v.appCertificate(), v.account())
                .salt(v.salt()).ts(v.ts()).privileges(v.privileges()).build();

        assertThat(token).isEqualTo(v.token());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void parseReadsEveryFieldOfVector(Vector v) {
        RtmToken t = RtmToken.parse(v.token());

        assertThat(t.version()).isEqualTo("006");
        assertThat(t.appId()).isEqualTo(v.appId());
        assertThat(t.salt()).isEqualTo(v.salt());
        assertThat(t.ts()).isEqualTo(v.ts());
        assertThat(t.privileges()).containsExactlyEntriesOf(v.privileges());
        assertThat(t.loginExpireTs()).hasValue(v.privileges().get(1000));
        assertThat(t.crcAccount()).isEqualTo(0x88eafc86L);
        assertThat(t.crcUid()).isZero();
        assertThat(t.signature()).hasSize(32);
        assertThat(Base64.getDecoder().decode(v.token().substring(35))).hasSize(60);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void parsedVectorEncodesBackToTheSameString(Vector v) {
        assertThat(RtmToken.parse(v.token()).encode()).isEqualTo(v.token());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verifierAcceptsVectorBeforeItExpires(Vector v) {
        // both vectors expire in 1970 (ts 1111111; the second's login privilege at 100)
        RtmToken t = RtmTokenVerifier.verify(v.token(), v.appId(), v.appCertificate(), v.account(), Instant.ofEpochSecond(99));

        assertThat(t.loginExpireTs()).hasValue(v.privileges().get(1000));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void verifierRejectsVectorTodayAsExpired(Vector v) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        RtmTokenVerifier.verify(v.token(), v.appId(), v.appCertificate(), v.account(), Instant.now()))
                .isInstanceOfSatisfying(RtmTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(RtmTokenException.Reason.EXPIRED));
    }
}
