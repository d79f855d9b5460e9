package io.rtm.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.LoopbackHttpServer;
import io.rtm.transport.tck.RecordedRequest;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With a proxy configured, http:// requests go to the proxy in absolute form, the path still untouched. */
class ProxyTest {

    @Test
    void withoutAProxyInTheConfigIgnoresTheJvmDefaultProxySelector() throws Exception {
        ProxySelector original = ProxySelector.getDefault();
        try (LoopbackHttpServer proxy = LoopbackHttpServer.start(LoopbackHttpServer.respond(200, List.of(), "proxied".getBytes(StandardCharsets.UTF_8)));
             LoopbackHttpServer direct = LoopbackHttpServer.start(LoopbackHttpServer.respond(200, List.of(), "direct".getBytes(StandardCharsets.UTF_8)))) {
            ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())));
            try (JdkHttpTransport transport = JdkHttpTransport.create(TransportConfig.defaults())) {
                HttpResponse response = transport.execute(HttpRequest.builder().uri(direct.uri("/x")).build()).get(10, TimeUnit.SECONDS);

                assertThat(response.bodyAsString()).isEqualTo("direct");
                assertThat(proxy.requestCount()).isZero();
            }
        } finally {
            ProxySelector.setDefault(original);
        }
    }

    @Test
    void sendsAnAbsoluteFormRequestTargetToTheProxyWithTheRawPathUnchanged() throws Exception {
        String path = "/dev/v2/project/app/rtm/users/%2E%2E/peer_messages?wait_for_ack=true";
        try (LoopbackHttpServer proxy = LoopbackHttpServer.start(LoopbackHttpServer.respond(200, List.of("Via: test-proxy"),
                "proxied".getBytes(StandardCharsets.UTF_8)));
             JdkHttpTransport transport = JdkHttpTransport.create(TransportConfig.builder()
                     .proxy(new InetSocketAddress("127.0.0.1", proxy.port())).build())) {
            // Nothing listens on port 1: the response can only come through the proxy.
            HttpResponse response = transport.execute(HttpRequest.builder().method("POST")
                    .uri(URI.create("http://localhost:1" + path))
                    .header("Content-Type", "application/json;charset=utf-8")
                    .body("{}".getBytes(StandardCharsets.UTF_8)).build()).get(10, TimeUnit.SECONDS);

            assertThat(response.bodyAsString()).isEqualTo("proxied");
            RecordedRequest received = proxy.takeRequest();
            assertThat(received.requestLine()).isEqualTo("POST http://localhost:1" + path + " HTTP/1.1");
            assertThat(received.values("Host")).containsExactly("localhost:1");
            assertThat(received.values("Content-Type")).containsExactly("application/json;charset=utf-8");
        }
    }
}
