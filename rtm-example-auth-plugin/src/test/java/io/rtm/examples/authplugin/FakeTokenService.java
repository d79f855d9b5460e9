package io.rtm.examples.authplugin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.emulator.EmulatorApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny company token service on loopback (JDK {@link HttpServer}): {@code POST /rtm-tokens {"uid":"…"}} answers
 * {@code {"token":"…","expires_at":…}} with a real RTM token for the emulator app. Scripted answers make it hand out
 * a bad token or fail; it counts fetches and remembers every token it issued (to scan output for them).
 */
final class FakeTokenService implements AutoCloseable {

    /** What the next fetch gets. */
    enum Answer {
        /** A valid token for the uid, valid for an hour. */
        VALID,
        /** A token signed with another App Certificate: the emulator answers 401 invalid_token_signature. */
        WRONG_CERTIFICATE,
        /** A token whose login privilege expired a minute ago (the service claims an hour): 401 token_expired. */
        EXPIRED,
        /** HTTP 503 with a body that quotes a token. */
        UNAVAILABLE,
        /** HTTP 200 with a body that is not JSON but contains a token. */
        GARBAGE
    }

    private static final String OTHER_CERTIFICATE = "00112233445566778899aabbccddeeff";
    private static final Pattern UID = Pattern.compile("\"uid\"\\s*:\\s*\"([^\"]*)\"");

    private final EmulatorApp app;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-token-service");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<String> uids = new CopyOnWriteArrayList<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private volatile long lifetimeSeconds = 3600;

    private FakeTokenService(EmulatorApp app) throws IOException {
        this.app = app;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rtm-tokens", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static FakeTokenService start(EmulatorApp app) {
        try {
            return new FakeTokenService(app);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rtm-tokens");
    }

    /** The next fetches get these answers, in order; after them every fetch gets {@link Answer#VALID}. */
    FakeTokenService thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** The lifetime the service reports in {@code expires_at}. */
    FakeTokenService reportLifetimeSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
        return this;
    }

    int fetches() {
        return uids.size();
    }

    /** The uid of each fetch, in order. */
    List<String> requestedUids() {
        return List.copyOf(uids);
    }

    /** Every token handed out (or quoted in an answer). */
    List<String> issuedTokens() {
        return List.copyOf(issued);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = UID.matcher(body);
            if (!"POST".equals(exchange.getRequestMethod()) || !m.find()) {
                respond(exchange, 400, "{\"error\":\"bad request\"}");
                return;
            }
            String uid = m.group(1);
            uids.add(uid);
            Answer answer = script.poll();
            long now = Instant.now().getEpochSecond();
            long expiresAt = now + lifetimeSeconds;
            String token;
            switch (answer == null ? Answer.VALID : answer) {
                case WRONG_CERTIFICATE -> token = RtmTokenBuilder.buildToken(app.appId(), OTHER_CERTIFICATE, uid, now + 3600);
                case EXPIRED -> token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), uid, now - 60);
                case UNAVAILABLE -> {
                    token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), uid, now + 3600);
                    issued.add(token);
                    respond(exchange, 503, "{\"error\":\"overloaded\",\"last_token\":\"" + token + "\"}");
                    return;
                }
                case GARBAGE -> {
                    token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), uid, now + 3600);
                    issued.add(token);
                    respond(exchange, 200, token + " is your token");
                    return;
                }
                default -> token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), uid, now + 3600);
            }
            issued.add(token);
            respond(exchange, 200, "{\"token\":\"" + token + "\",\"expires_at\":" + expiresAt + ",\"issuer\":\"test\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
