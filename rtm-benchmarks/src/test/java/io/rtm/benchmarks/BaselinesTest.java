package io.rtm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.internal.Internals;
import io.rtm.core.spi.HttpRequest;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.RtmEmulator;
import io.rtm.validation.RtmValidator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.junit.jupiter.api.Test;

/** A baseline is only a baseline if it does the same work: each one is checked against the SDK here. */
class BaselinesTest {

    private final ObjectMapper mapper = CodecBenchmark.baselineMapper();

    @Test
    void jacksonBaselineWritesExactlyTheSdkCodecsPeerBytes() throws Exception {
        for (PeerMessage m : List.of(Fixtures.smallPeer(), Fixtures.peer(1024),
                Fixtures.smallPeer().toBuilder().payload("emoji \uD83D\uDE00 \"quoted\" \\ tab\t").offline(true).build())) {
            byte[] baseline = mapper.writerFor(CodecBenchmark.PeerBody.class).writeValueAsBytes(CodecBenchmark.PeerBody.of(m));
            assertThat(baseline).isEqualTo(Internals.encode(m));
        }
    }

    @Test
    void jacksonBaselineWritesExactlyTheSdkCodecsChannelBytes() throws Exception {
        for (ChannelMessage m : List.of(Fixtures.smallChannel(), Fixtures.channel(1024))) {
            byte[] baseline = mapper.writerFor(CodecBenchmark.ChannelBody.class)
                    .writeValueAsBytes(CodecBenchmark.ChannelBody.of(m));
            assertThat(baseline).isEqualTo(Internals.encode(m));
        }
    }

    @Test
    void jacksonBaselineReadsTheSameReplyFieldsAsTheSdk() throws Exception {
        CodecBenchmark.ReplyBody baseline = mapper.readerFor(CodecBenchmark.ReplyBody.class).readValue(Fixtures.REPLY);
        io.rtm.core.spi.ServiceReply sdk = Internals.decodeReply(Fixtures.REPLY);
        assertThat(sdk.isJsonObject()).isTrue();
        assertThat(baseline.result()).isEqualTo(sdk.result().orElseThrow()).isEqualTo("success");
        assertThat(baseline.code()).isEqualTo(sdk.code().orElseThrow()).isEqualTo("message_sent");
        assertThat(baseline.requestId()).isEqualTo(sdk.requestId().orElseThrow()).isEqualTo("7b1e6c2a9f3d4e5b8a0c1d2e3f4a5b6c-1048576");
        assertThat(baseline.message()).isNull();
        assertThat(sdk.message()).isEmpty();
    }

    @Test
    void typicalMessageHas64CharacterIdsAndTheRequestedPayloadSize() {
        PeerMessage m = Fixtures.peer(1024);
        assertThat(m.from()).hasSize(64);
        assertThat(m.to()).hasSize(64);
        assertThat(Fixtures.CHANNEL_64).hasSize(64);
        assertThat(m.payload()).hasSize(1024);
        assertThat(RtmValidator.standard().validate(m)).isEmpty();
        assertThat(RtmValidator.standard().validate(Fixtures.channel(1024))).isEmpty();
        String chinese = Fixtures.payloadUtf16(1024);
        assertThat(chinese.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(1024);
        assertThat(RtmValidator.standard().validate(m.toBuilder().payload(chinese).build())).isEmpty();
    }

    @Test
    void regexBaselineAgreesWithTheValidatorOnValidAndInvalidMessages() {
        PeerMessage valid = Fixtures.peer(1024);
        List<PeerMessage> cases = List.of(
                valid,
                Fixtures.peer(128),
                valid.toBuilder().from(" alice").build(),             // edge space in the path ID
                valid.toBuilder().from("alice ").build(),
                valid.toBuilder().to(" bob ").build(),                // allowed in the body ID
                valid.toBuilder().to("bob\"").build(),                // not a SPEC character
                valid.toBuilder().to("b/ob").build(),
                valid.toBuilder().to("b\u00f6").build(),
                valid.toBuilder().to("x".repeat(65)).build(),         // too long
                valid.toBuilder().to("").build(),
                valid.toBuilder().payload("").build(),
                valid.toBuilder().payload("a\uD800b").build(),        // unpaired surrogate
                valid.toBuilder().payload("\uD83D\uDE00").build(),    // a pair is fine
                valid.toBuilder().payload("x".repeat(32_768)).build(),
                valid.toBuilder().payload("x".repeat(32_769)).build(),
                valid.toBuilder().payload("\u00e9".repeat(16_384)).build(),
                valid.toBuilder().payload("\u00e9".repeat(16_385)).build());
        for (PeerMessage m : cases) {
            assertThat(ValidationBenchmark.isValid(m)).as(m.toString())
                    .isEqualTo(RtmValidator.standard().validate(m).isEmpty());
        }
    }

    @Test
    void rawBaselineReplaysTheSdkRequestAndGetsTheSameReplyFromTheEmulator() throws Exception {
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start()) {
            PeerMessage m = Fixtures.peer(1024);
            HttpRequest request = EndToEndBenchmark.captureSdkRequest(emulator, m);
            assertThat(request.uri().toString()).startsWith(emulator.baseUri().toString());
            assertThat(request.headers().firstValue("Authorization"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
            assertThat(request.body()).isEqualTo(Internals.encode(m));

            try (RawHttpClient5 raw = new RawHttpClient5(request);
                 RtmAsyncClient sdk = EndToEndBenchmark.sdkClient(emulator).buildAsync()) {
                SimpleHttpResponse rawResponse = raw.send(null).get(10, TimeUnit.SECONDS);
                SendResult sdkResult = sdk.sendPeer(m).get(10, TimeUnit.SECONDS);
                assertThat(rawResponse.getCode()).isEqualTo(200);
                assertThat(Internals.decodeReply(rawResponse.getBodyBytes()).code()).contains("message_sent");
                assertThat(sdkResult.httpStatus()).isEqualTo(200);
                assertThat(sdkResult.code()).isEqualTo("message_sent");
            }
            List<AcceptedMessage> accepted = emulator.accepted(emulator.app().appId());
            assertThat(accepted).hasSize(2);
            assertThat(accepted).allSatisfy(a -> {
                assertThat(a.from()).isEqualTo(m.from());
                assertThat(a.to()).isEqualTo(m.to());
                assertThat(a.payload()).isEqualTo(m.payload());
            });
        }
    }
}
