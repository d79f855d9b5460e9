package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's server, driven by a raw socket: what it records and how it answers. */
class LoopbackHttpServerTest {

    private static Socket connect(LoopbackHttpServer server) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String readResponse(InputStream in, int bodyLength) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1);
    }

    @Test
    void recordsTheRequestLineAndHeaderLinesExactlyAndDeChunksTheBody() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(); Socket socket = connect(server)) {
            send(socket, "PUT /a%2Fb?x=+ HTTP/1.1\r\nHost: h\r\nx-MiXeD:  spaced \r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n");

            RecordedRequest request = server.takeRequest();

            assertThat(request.requestLine()).isEqualTo("PUT /a%2Fb?x=+ HTTP/1.1");
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.target()).isEqualTo("/a%2Fb?x=+");
            assertThat(request.version()).isEqualTo("HTTP/1.1");
            assertThat(request.headerLines()).containsExactly("Host: h", "x-MiXeD:  spaced ", "Transfer-Encoding: chunked");
            assertThat(request.headerNames()).containsExactly("Host", "x-MiXeD", "Transfer-Encoding");
            assertThat(request.values("X-MIXED")).containsExactly("spaced");
            assertThat(request.body()).isEqualTo("abcde".getBytes(StandardCharsets.US_ASCII));
            assertThat(request.toString()).doesNotContain("spaced");
        }
    }

    @Test
    void servesKeepAliveRequestsOnOneConnectionInOrder() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start((request, exchange) ->
                exchange.respond(200, List.of("X-Target: " + request.target()), request.body()));
             Socket socket = connect(server)) {
            send(socket, "POST /one HTTP/1.1\r\nContent-Length: 3\r\n\r\n111POST /two HTTP/1.1\r\nContent-Length: 2\r\n\r\n22");

            String responses = readResponse(socket.getInputStream(), 3) + readResponse(socket.getInputStream(), 2);

            assertThat(responses).isEqualTo("HTTP/1.1 200 OK\r\nX-Target: /one\r\nContent-Length: 3\r\n\r\n111"
                    + "HTTP/1.1 200 OK\r\nX-Target: /two\r\nContent-Length: 2\r\n\r\n22");
            assertThat(server.takeRequest().connection()).isEqualTo(server.takeRequest().connection()).isEqualTo(1);
            assertThat(server.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void writesNoContentLengthAndNoBodyFor204() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.respond(204, List.of(), "ignored".getBytes()));
             Socket socket = connect(server)) {
            send(socket, "GET / HTTP/1.1\r\n\r\n");

            assertThat(readResponse(socket.getInputStream(), 0)).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
        }
    }

    @Test
    void answersSlowlyWithAValidChunkedBody() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.slowly(Duration.ZERO, 200, List.of(),
                "abcdefg".getBytes(StandardCharsets.US_ASCII), 3, Duration.ZERO));
             Socket socket = connect(server)) {
            send(socket, "GET / HTTP/1.1\r\n\r\n");

            assertThat(readResponse(socket.getInputStream(), 27)).isEqualTo(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n1\r\ng\r\n0\r\n\r\n");
        }
    }

    @Test
    void tracksWhenTheClientClosesItsConnections() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.silent())) {
            Socket socket = connect(server);
            send(socket, "GET / HTTP/1.1\r\n\r\n");
            server.takeRequest();
            assertThat(server.openConnectionCount()).isEqualTo(1);
            assertThat(server.awaitAllConnectionsClosed(Duration.ofMillis(100))).isFalse();

            socket.close();

            assertThat(server.awaitAllConnectionsClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(server.openConnectionCount()).isZero();
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void tracksWhenTheClientClosesOneGivenConnection() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.silent())) {
            Socket first = connect(server);
            send(first, "GET /1 HTTP/1.1\r\n\r\n");
            assertThat(server.takeRequest().connection()).isEqualTo(1);
            try (Socket second = connect(server)) {
                send(second, "GET /2 HTTP/1.1\r\n\r\n");
                assertThat(server.takeRequest().connection()).isEqualTo(2);
                assertThat(server.awaitConnectionClosed(1, Duration.ofMillis(100))).isFalse();

                first.close();

                assertThat(server.awaitConnectionClosed(1, Duration.ofSeconds(5))).isTrue();
                assertThat(server.awaitConnectionClosed(2, Duration.ofMillis(100))).isFalse();
                assertThat(server.openConnectionCount()).isEqualTo(1);
            }
            assertThatThrownBy(() -> server.awaitConnectionClosed(3, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closesNewConnectionsBeforeReadingWhenToldTo() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            server.closeConnectionsBeforeReading(true);
            try (Socket socket = connect(server)) {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(server.requestCount()).isZero();
            assertThat(server.pollRequest(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void resetsAfterReadingTheRequest() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.resetAfterRequest());
             Socket socket = connect(server)) {
            send(socket, "GET /r HTTP/1.1\r\n\r\n");
            server.takeRequest();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
        }
    }
}
