package io.rtm.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtmTokenBuilderTest {

    static final String APP_ID = "970CA35de60c44645bbae8a215061b33";
    static final String CERT = "5CFd2fd1755d40ecb72977518be15d3b";

    @Test
    void buildTokenSetsLoginExpiryAndTsNowPlus24Hours() {
        long before = Instant.now().getEpochSecond();
        RtmToken t = RtmToken.parse(RtmTokenBuilder.buildToken(APP_ID, CERT, "alice", 1_900_000_000L));
        long after = Instant.now().getEpochSecond();

        assertThat(t.privileges()).containsExactly(Map.entry(1000, 1_900_000_000L));
        assertThat(t.ts()).isBetween(before + 86_400, after + 86_400);
        assertThat(t.crcAccount()).isEqualTo(TokenCodec.crc32("alice"));
    }

    @Test
    void defaultTsFollowsTheGivenClock() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);

        RtmToken t = RtmToken.parse(RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").clock(clock).loginExpireTs(0).build());

        assertThat(t.ts()).isEqualTo(1_000_000 + 86_400);
    }

    @Test
    void eachBuildDrawsAFreshRandomSalt() {
        RtmTokenBuilder b = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").ts(5).loginExpireTs(0);

        // equal salts would happen once in 2^32 runs
        assertThat(RtmToken.parse(b.build()).salt()).isNotEqualTo(RtmToken.parse(b.build()).salt());
    }

    @Test
    void explicitSaltAndTsMakeTokensReproducible() {
        RtmTokenBuilder b = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").salt(7).ts(8).loginExpireTs(9);

        assertThat(b.build()).isEqualTo(b.build());
    }

    @Test
    void privilegesAreWrittenSortedWhateverTheInsertionOrder() {
        String ascending = RtmTokenBuilder.forAccount(APP_ID, CERT, "a").salt(1).ts(1).privilege(1, 1).privilege(2, 2).build();
        String descending = RtmTokenBuilder.forAccount(APP_ID, CERT, "a").salt(1).ts(1).privilege(2, 2).privilege(1, 1).build();

        assertThat(descending).isEqualTo(ascending);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "970CA35de60c44645bbae8a215061b3", "970CA35de60c44645bbae8a215061b333", "970CA35de60c44645bbae8a215061b3x"})
    void rejectsAppIdThatIsNot32HexCharacters(String appId) {
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(appId, CERT, "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("appId must be 32 hexadecimal characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5CFd2fd1755d40ecb72977518be15d3", "5CFd2fd1755d40ecb72977518be15d3b0", "5CFd2fd1755d40ecb72977518be15d3g", "5CFd2fd1755d40ecb72977518be15d3\u0663"})
    void rejectsCertificateThatIsNot32HexCharactersWithoutQuotingIt(String certificate) {
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(APP_ID, certificate, "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("appCertificate must be 32 hexadecimal characters")
                .message().doesNotContain(certificate).doesNotContain(certificate.substring(0, 8));
    }

    @Test
    void rejectsEmptyAccount() {
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(APP_ID, CERT, ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("account must not be empty");
    }

    @Test
    void rejectsNullArgumentsNamingThem() {
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(null, CERT, "a")).isInstanceOf(NullPointerException.class).hasMessage("appId");
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(APP_ID, null, "a")).isInstanceOf(NullPointerException.class).hasMessage("appCertificate");
        assertThatThrownBy(() -> RtmTokenBuilder.forAccount(APP_ID, CERT, null)).isInstanceOf(NullPointerException.class).hasMessage("account");
    }

    @Test
    void rejectsValuesOutsideTheirWireWidths() {
        RtmTokenBuilder b = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice");

        assertThatThrownBy(() -> b.salt(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("salt must be an unsigned 32-bit value");
        assertThatThrownBy(() -> b.ts(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ts must be an unsigned 32-bit value");
        assertThatThrownBy(() -> b.privilege(65_536, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("privilege id must be an unsigned 16-bit value");
        assertThatThrownBy(() -> b.loginExpireTs(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("privilege expireTs must be an unsigned 32-bit value");
    }

    @Test
    void toStringNeverShowsTheCertificate() {
        String s = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").toString();

        assertThat(s).contains(APP_ID).contains("alice").doesNotContain(CERT);
    }
}
