package io.rtm.auth.token;

import static io.rtm.auth.token.RtmTokenParseTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.auth.token.RtmTokenException.Reason;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RtmTokenVerifierTest {

    static final String APP_ID = "0123456789abcdef0123456789ABCDEF";
    static final String CERT = "fedcba9876543210fedcba9876543210";
    static final String OTHER_CERT = "00000000000000000000000000000001";
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final long NOW_S = NOW.getEpochSecond();

    static RtmTokenBuilder aliceToken() {
        return RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").ts(NOW_S + 86_400).loginExpireTs(NOW_S + 3_600);
    }

    @Test
    void acceptsAFreshlyBuiltTokenAndReturnsItParsed() {
        String token = aliceToken().build();

        RtmToken verified = RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW);

        assertThat(verified).isEqualTo(RtmToken.parse(token));
        assertThat(verified.loginExpireTs()).hasValue(NOW_S + 3_600);
    }

    @Test
    void acceptsATokenFromTheStaticBuilderNow() {
        String token = RtmTokenBuilder.buildToken(APP_ID, CERT, "user 42", Instant.now().getEpochSecond() + 600);

        assertThat(RtmTokenVerifier.verify(token, APP_ID, CERT, "user 42", Instant.now()).appId()).isEqualTo(APP_ID);
    }

    @Test
    void loginExpiryZeroMeansNoPrivilegeExpiryButTsStillBounds() {
        String token = aliceToken().loginExpireTs(0).build();

        assertThat(RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(86_399))).isNotNull();
        assertReason(() -> RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(86_400)), Reason.EXPIRED);
    }

    @Test
    void rejectsMalformedToken() {
        assertReason(() -> RtmTokenVerifier.verify("006" + APP_ID + "AAAA", APP_ID, CERT, "alice", NOW), Reason.MALFORMED);
    }

    @Test
    void rejectsOtherVersion() {
        assertReason(() -> RtmTokenVerifier.verify("007" + aliceToken().build().substring(3), APP_ID, CERT, "alice", NOW),
                Reason.UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsTokenOfAnotherAppId() {
        String other = RtmTokenBuilder.forAccount("11111111111111111111111111111111", CERT, "alice")
                .ts(NOW_S + 86_400).loginExpireTs(NOW_S + 3_600).build();

        assertReason(() -> RtmTokenVerifier.verify(other, APP_ID, CERT, "alice", NOW), Reason.APP_ID_MISMATCH);
    }

    @Test
    void comparesAppIdExactlyIncludingCase() {
        String token = aliceToken().build();

        assertReason(() -> RtmTokenVerifier.verify(token, APP_ID.toLowerCase(), CERT, "alice", NOW), Reason.APP_ID_MISMATCH);
    }

    @Test
    void rejectsTokenSignedWithAnotherCertificate() {
        String forged = RtmTokenBuilder.forAccount(APP_ID, OTHER_CERT, "alice").ts(NOW_S + 86_400).loginExpireTs(NOW_S + 3_600).build();

        assertReason(() -> RtmTokenVerifier.verify(forged, APP_ID, CERT, "alice", NOW), Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejectsTokenWhosePrivilegesWereAltered() {
        RtmToken genuine = RtmToken.parse(aliceToken().build());
        // same signature, login extended by a year
        byte[] message = TokenCodec.packMessage(genuine.salt(), genuine.ts(), new TreeMap<>(Map.of(1000, NOW_S + 31_536_000)));
        String altered = TokenCodec.encode(APP_ID, genuine.signature(), genuine.crcAccount(), genuine.crcUid(), message);

        assertReason(() -> RtmTokenVerifier.verify(altered, APP_ID, CERT, "alice", NOW), Reason.INVALID_SIGNATURE);
    }

    @Test
    void rejectsTokenIssuedForAnotherAccount() {
        String bobs = RtmTokenBuilder.forAccount(APP_ID, CERT, "bob").ts(NOW_S + 86_400).loginExpireTs(NOW_S + 3_600).build();

        assertReason(() -> RtmTokenVerifier.verify(bobs, APP_ID, CERT, "alice", NOW), Reason.ACCOUNT_MISMATCH);
    }

    @Test
    void rejectsTokenWithANonEmptyUidSlot() {
        RtmToken genuine = RtmToken.parse(aliceToken().build());
        String rtcStyle = TokenCodec.encode(APP_ID, genuine.signature(), genuine.crcAccount(), TokenCodec.crc32("42"),
                genuine.signedMessage());

        assertReason(() -> RtmTokenVerifier.verify(rtcStyle, APP_ID, CERT, "alice", NOW), Reason.ACCOUNT_MISMATCH);
    }

    @Test
    void rejectsTokenWithoutLoginPrivilege() {
        String noLogin = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").ts(NOW_S + 86_400).privilege(1001, NOW_S + 3_600).build();

        assertReason(() -> RtmTokenVerifier.verify(noLogin, APP_ID, CERT, "alice", NOW), Reason.NO_LOGIN_PRIVILEGE);
    }

    @Test
    void loginPrivilegeIsValidUntilTheSecondBeforeItsExpireTs() {
        String token = aliceToken().build();

        assertThat(RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", Instant.ofEpochSecond(NOW_S + 3_599, 999_999_999))).isNotNull();
        assertReason(() -> RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(3_600)), Reason.EXPIRED);
    }

    @Test
    void tsBoundsTheTokenEvenWhenTheLoginPrivilegeLastsLonger() {
        String token = aliceToken().ts(NOW_S + 60).loginExpireTs(NOW_S + 3_600).build();

        assertThat(RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(59))).isNotNull();
        assertReason(() -> RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(60)), Reason.EXPIRED);
    }

    @Test
    void reasonCodesAreStableSnakeCase() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::code)).containsExactly(
                "invalid_token", "unsupported_token_version", "token_app_id_mismatch", "invalid_token_signature",
                "token_uid_mismatch", "token_expired", "token_no_login_privilege");
    }

    @Test
    void rejectsInvalidArgumentsAsCallerErrorsWithoutQuotingTheCertificate() {
        String token = aliceToken().build();
        String badCert = "zz" + CERT.substring(2);

        assertThatThrownBy(() -> RtmTokenVerifier.verify(token, APP_ID, badCert, "alice", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("appCertificate")
                .message().doesNotContain(badCert).doesNotContain(CERT.substring(2));
        assertThatThrownBy(() -> RtmTokenVerifier.verify(token, "abc", CERT, "alice", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId");
        assertThatThrownBy(() -> RtmTokenVerifier.verify(token, APP_ID, CERT, "", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
    }
}
