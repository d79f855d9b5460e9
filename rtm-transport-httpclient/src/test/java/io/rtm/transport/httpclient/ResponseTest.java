package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What comes back: every status as a response, headers in order, body bytes, and the size limit. */
class ResponseTest {

    private static HttpClientTransport transport;
    private RawHttpServer server;

    @BeforeAll
    static void start() {
        transport = HttpClientTransport.builder().maxResponseBytes(1 << 20).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private HttpResponse get(String path) throws Exception {
        return transport.execute(HttpRequest.builder().uri(server.uri(path)).build()).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 408, 429, 500, 503})
    void returnsEveryStatusAsAResponseWithHeadersAndBody(int status) throws Exception {
        String body = "{\"result\":\"failed\",\"code\":\"x\",\"request_id\":\"r-" + status + "\"}";
        server = RawHttpServer.start(RawHttpServer.respond(status,
                List.of("Content-Type: application/json", "Retry-After: 7"), body.getBytes(StandardCharsets.UTF_8)));

        HttpResponse response = get("/status");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.bodyAsString()).isEqualTo(body);
    }

    @Test
    void returnsAllResponseHeadersInOrderIncludingRepeats() throws Exception {
        server = RawHttpServer.start(RawHttpServer.respond(200,
                List.of("X-Multi: one", "x-request-id: abc", "X-Multi: two"), new byte[0]));

        HttpResponse response = get("/headers");

        assertThat(response.headers().asList()).containsSubsequence(
                new HttpHeaders.Header("X-Multi", "one"),
                new HttpHeaders.Header("x-request-id", "abc"),
                new HttpHeaders.Header("X-Multi", "two"));
        assertThat(response.headers().allValues("x-multi")).containsExactly("one", "two");
        assertThat(response.bodyLength()).isZero();
    }

    @Test
    void returnsEveryByteValueOfTheBodyUnchanged() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < 256; i++) {
            body[i] = (byte) i;
        }
        server = RawHttpServer.start(RawHttpServer.respond(200, List.of(), body));

        assertThat(get("/bin").body()).isEqualTo(body);
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);
        server = RawHttpServer.start(RawHttpServer.respond(200, List.of(), body));

        assertThat(get("/limit").body()).isEqualTo(body);
    }

    @Test
    void failsAfterSendWhenTheDeclaredBodyExceedsTheLimit() throws Exception {
        server = RawHttpServer.start(RawHttpServer.respond(200, List.of(), new byte[(1 << 20) + 1]));

        Throwable error = catchThrowable(() -> get("/too-big"));

        assertThat(error).isInstanceOf(ExecutionException.class).cause().isInstanceOf(RtmTransportException.class)
                .hasMessageContaining("1048576 bytes");
        assertThat(((RtmTransportException) error.getCause()).mayHaveReachedService()).isTrue();
    }

    @Test
    void failsAfterSendWhenAChunkedBodyGrowsPastTheLimit() throws Exception {
        server = RawHttpServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 17; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        });

        Throwable error = catchThrowable(() -> get("/chunked"));

        assertThat(error).cause().isInstanceOf(RtmTransportException.class).hasMessageContaining("limit of 1048576 bytes");
    }

    @Test
    void readsAChunkedBodyUnderTheLimitWhole() throws Exception {
        server = RawHttpServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        });

        assertThat(get("/chunked-small").bodyAsString()).isEqualTo("hello world");
    }

    @Test
    void doesNotDecodeCompressedBodies() throws Exception {
        byte[] notReallyGzip = {0x1f, (byte) 0x8b, 1, 2, 3};
        server = RawHttpServer.start(RawHttpServer.respond(200, List.of("Content-Encoding: gzip"), notReallyGzip));

        HttpResponse response = get("/gzip");

        assertThat(response.body()).isEqualTo(notReallyGzip);
        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
    }

    @Test
    void returnsRedirectsAndAuthChallengesAsTheyAre() throws Exception {
        server = RawHttpServer.start(RawHttpServer.respond(302, List.of("Location: /elsewhere"), new byte[0]));
        assertThat(get("/redirect").status()).isEqualTo(302);
        assertThat(server.take().target()).isEqualTo("/redirect");
        assertThat(server.pending()).isZero();

        server.behavior(RawHttpServer.respond(401, List.of("WWW-Authenticate: Basic realm=\"rtm\""), new byte[0]));
        assertThat(get("/auth").status()).isEqualTo(401);
        server.take();
        assertThat(server.pending()).isZero();
    }
}
