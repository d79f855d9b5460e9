package io.rtm.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A raw HTTP client for the tests (no SDK): java.net.http on an explicit small executor, plus a raw socket. */
final class TestHttp implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String JSON = "application/json;charset=utf-8";

    final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    final HttpClient client = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final RtmEmulator emulator;

    TestHttp(RtmEmulator emulator) {
        this.emulator = emulator;
    }

    /** A response, its body parsed as JSON when it is JSON. */
    record Resp(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String code() {
            return json().path("code").asText(null);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    static String basic(EmulatorApp app) {
        return "Basic " + Base64.getEncoder().encodeToString((app.apiKey() + ":" + app.apiSecret())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encodes a path segment: everything but unreserved characters, and dots of a dots-only segment. */
    static String encode(String segment) {
        StringBuilder sb = new StringBuilder();
        boolean dotsOnly = !segment.isEmpty() && segment.chars().allMatch(c -> c == '.');
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xFF;
            boolean unreserved = (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                    || v == '-' || v == '_' || v == '~' || (v == '.' && !dotsOnly);
            if (unreserved) {
                sb.append((char) v);
            } else {
                sb.append('%').append(String.format("%02X", v));
            }
        }
        return sb.toString();
    }

    String sendPath(String appId, String rawUserSegment, String api) {
        return "/dev/v2/project/" + appId + "/rtm/users/" + rawUserSegment + "/" + api;
    }

    Resp postPeer(String from, String json) {
        return post(sendPath(emulator.app().appId(), encode(from), "peer_messages"), json, basicHeaders());
    }

    Resp postPeer(String from, String json, boolean waitForAck) {
        return post(sendPath(emulator.app().appId(), encode(from), "peer_messages") + "?wait_for_ack=" + waitForAck,
                json, basicHeaders());
    }

    Resp postChannel(String from, String json) {
        return post(sendPath(emulator.app().appId(), encode(from), "channel_messages"), json, basicHeaders());
    }

    /** The service's path of {@code suffix} for the emulator's default app, e.g. {@code /rtm/vendor/user_events}. */
    String servicePath(String suffix) {
        return "/dev/v2/project/" + emulator.app().appId() + suffix;
    }

    /** A GET with Basic auth. */
    Resp get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, Map.of("Authorization", basic(emulator.app())));
    }

    /** A POST of a JSON body with Basic auth. */
    Resp postJson(String pathAndQuery, String json) {
        return post(pathAndQuery, json, basicHeaders());
    }

    Map<String, String> basicHeaders() {
        return Map.of("Authorization", basic(emulator.app()), "Content-Type", JSON);
    }

    Resp post(String pathAndQuery, String body, Map<String, String> headers) {
        return send("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Resp send(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One request on a raw socket (for request targets java.net.URI refuses); returns the whole response text. */
    String raw(String requestHead, byte[] body) {
        try (Socket s = new Socket("127.0.0.1", emulator.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw POST to a send API with Basic auth and {@code Connection: close}. */
    String rawPost(String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(emulator.app())
                + "\r\nContent-Type: " + JSON + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n", bytes);
    }

    static int statusOf(String rawResponse) {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    static JsonNode bodyOf(String rawResponse) {
        try {
            return MAPPER.readTree(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> rules(Resp r) {
        List<String> out = new java.util.ArrayList<>();
        r.json().path("violations").forEach(v -> out.add(v.path("field").asText() + ":" + v.path("rule").asText()));
        return out;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
