package io.rtm.examples.plugins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the service that records every request's headers exactly as they arrived (the emulator does not
 * expose them) and answers with scripted statuses: JDK {@link HttpServer} on loopback. A 200 carries
 * {@code {"result":"success","code":"message_sent","request_id":"req-<n>"}}; any other status
 * {@code {"result":"failed","code":"unavailable","request_id":"req-<n>"}}.
 */
final class RecordingServer implements AutoCloseable {

    /** One request as received: header names in lower case, values in order. */
    record Recorded(String method, String path, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-server");
        t.setDaemon(true);
        return t;
    });
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static RecordingServer start() {
        try {
            return new RecordingServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next requests get these statuses, in order; after them, 200. */
    RecordingServer thenAnswer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), new ArrayList<>(values)));
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers));
            Integer scripted = script.poll();
            int status = scripted == null ? 200 : scripted;
            String id = "req-" + ids.incrementAndGet();
            String body = status == 200
                    ? "{\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"" + id + "\"}"
                    : "{\"result\":\"failed\",\"code\":\"unavailable\",\"request_id\":\"" + id + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
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
