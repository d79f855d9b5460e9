package io.rtm.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test SSE client on java.net.http: a reader thread queues the lines; {@link #close()} closes the stream. */
final class SseClient implements AutoCloseable {

    static final String COMPLETE = "<complete>";
    static final String ERROR = "<error>";

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final HttpResponse<InputStream> response;
    private final InputStream body;

    SseClient(TestHttp http, RtmEmulator emulator, String appId, String rawUser, String query) {
        URI uri = URI.create(emulator.baseUri() + "/emulator/v1/apps/" + appId + "/users/" + rawUser + "/events"
                + (query == null ? "" : "?" + query));
        try {
            response = http.client.sendAsync(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("SSE stream did not open", e);
        }
        body = response.body();
        Thread reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
            lines.add(COMPLETE);
        } catch (IOException e) {
            lines.add(ERROR);
        }
    }

    /** The next line, waiting up to 5 s. */
    String nextLine() {
        try {
            String line = lines.poll(5, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no line within 5 s");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The lines of the next event (comments skipped), without the blank line that ends it. */
    List<String> nextEvent() {
        List<String> event = new ArrayList<>();
        while (true) {
            String line = nextLine();
            if (line.equals(COMPLETE) || line.equals(ERROR)) {
                throw new AssertionError("stream ended: " + line);
            }
            if (line.startsWith(":")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    return event;
                }
                continue;
            }
            event.add(line);
        }
    }

    /** The JSON data of the next event. */
    JsonNode nextData() {
        List<String> event = nextEvent();
        String data = event.get(event.size() - 1);
        try {
            return TestHttp.MAPPER.readTree(data.substring("data: ".length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether no event line arrives within {@code wait} (comments are fine). */
    boolean quietFor(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < end) {
            String line = lines.poll(10, TimeUnit.MILLISECONDS);
            if (line != null && !line.isEmpty() && !line.startsWith(":")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
