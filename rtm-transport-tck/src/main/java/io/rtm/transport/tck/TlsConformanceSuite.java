package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS part of the transport contract, against a JDK {@code HttpsServer} on loopback whose self-signed
 * certificate (made by the running JDK's {@code keytool}) names only {@code DNS:localhost}: HTTPS works when
 * {@link TransportConfig#sslContext()} trusts the certificate, and a hostname the certificate does not name or an
 * untrusted certificate fails the handshake with an {@link RtmTransportException} that says nothing was sent.
 *
 * <pre>{@code
 * class MyTransportTlsTest extends TlsConformanceSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TlsConformanceSuite {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static final AtomicInteger served = new AtomicInteger();
    private static SSLContext trusting;

    /** For subclasses. */
    protected TlsConformanceSuite() {
    }

    /**
     * Creates a new, started transport with these options; the test closes it.
     *
     * @param config the options of the test (its {@code sslContext} trusts the server's certificate, or is absent)
     * @return a transport the test owns
     */
    protected abstract Transport createTransport(TransportConfig config);

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit", "-noprompt")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", keys.getCertificate("localhost"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Path", exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static URI uri(String host, String path) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + path);
    }

    private static Throwable failure(CompletableFuture<HttpResponse> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void succeedsOverHttpsWhenTheContextTrustsTheCertificate() throws Exception {
        try (Transport transport = createTransport(TransportConfig.builder().sslContext(trusting).build())) {
            HttpResponse response = transport.execute(HttpRequest.builder().method("POST")
                    .uri(uri("localhost", "/users/a%20b/peer_messages"))
                    .header("Content-Type", "application/json;charset=utf-8")
                    .body("{}".getBytes(StandardCharsets.UTF_8)).build()).get(10, TimeUnit.SECONDS);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("secure");
            assertThat(response.headers().firstValue("X-Path")).contains("/users/a%20b/peer_messages");
        }
    }

    @Test
    void hostnameNotInTheCertificateIsConnectFailedAndNothingIsSent() throws Exception {
        int before = served.get();
        try (Transport transport = createTransport(TransportConfig.builder().sslContext(trusting).build())) {
            Throwable error = failure(transport.execute(HttpRequest.builder().uri(uri("127.0.0.1", "/x")).build()));

            assertThat(error).isExactlyInstanceOf(RtmTransportException.class)
                    .hasMessageContaining("https://127.0.0.1:" + server.getAddress().getPort())
                    .hasMessageContaining("TLS handshake failed");
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        }
        assertThat(served.get()).isEqualTo(before);
    }

    @Test
    void untrustedCertificateIsConnectFailed() throws Exception {
        try (Transport transport = createTransport(TransportConfig.defaults())) {
            Throwable error = failure(transport.execute(HttpRequest.builder().uri(uri("localhost", "/x")).build()));

            assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("TLS handshake failed");
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        }
    }
}
