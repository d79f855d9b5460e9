package io.rtm.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the OpenTelemetry Java agent attached (a child JVM running {@link AgentProbe}, spans printed as OTLP JSON by
 * the agent's {@code logging-otlp} exporter): the agent's own Apache HttpClient span nests under the exchange span
 * (ours is current when the transport is called) and its {@code traceparent} goes on the wire, so the emulator's
 * server span (the agent instruments Jetty too) is its child; one trace, no disconnected span. With the agent's
 * Apache HttpClient instrumentation turned off, our exchange span's {@code traceparent} goes on the wire.
 */
class AgentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXCHANGE = TestTracing.PEER_EXCHANGE;

    /** One span as the agent exported it. */
    record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, int kind, String scope) {
    }

    @TempDir
    Path dir;

    @Test
    void theAgentsHttpClientSpanNestsUnderTheExchangeSpanInOneTrace() throws Exception {
        Map<String, ExportedSpan> spans = run();
        ExportedSpan request = only(spans, "probe-request");
        ExportedSpan call = only(spans, "send_peer");
        ExportedSpan exchange = only(spans, EXCHANGE);
        List<ExportedSpan> clients = spans.values().stream()
                .filter(s -> s.kind() == 3 && !s.scope().equals(RtmTracing.INSTRUMENTATION_SCOPE)).toList();
        assertThat(clients).as("the agent's HTTP client spans").singleElement();
        ExportedSpan agentClient = clients.get(0);
        ExportedSpan server = spans.values().stream().filter(s -> s.kind() == 2).findFirst().orElseThrow();

        assertThat(call.parentSpanId()).isEqualTo(request.spanId());
        assertThat(exchange.parentSpanId()).isEqualTo(call.spanId());
        assertThat(agentClient.parentSpanId()).isEqualTo(exchange.spanId());
        assertThat(server.parentSpanId()).as("the server saw the agent's traceparent").isEqualTo(agentClient.spanId());
        assertThat(spans.values()).extracting(ExportedSpan::traceId).containsOnly(request.traceId());
        assertThat(spans.values()).filteredOn(s -> s.parentSpanId().isEmpty()).containsExactly(request);
    }

    @Test
    void withTheAgentsHttpClientInstrumentationOffOurTraceparentReachesTheServer() throws Exception {
        Map<String, ExportedSpan> spans = run("-Dotel.instrumentation.apache-httpclient.enabled=false");
        ExportedSpan request = only(spans, "probe-request");
        ExportedSpan exchange = only(spans, EXCHANGE);
        ExportedSpan server = spans.values().stream().filter(s -> s.kind() == 2).findFirst().orElseThrow();
        assertThat(spans.values()).filteredOn(s -> s.kind() == 3).extracting(ExportedSpan::scope)
                .containsOnly(RtmTracing.INSTRUMENTATION_SCOPE);
        assertThat(server.parentSpanId()).isEqualTo(exchange.spanId());
        assertThat(spans.values()).extracting(ExportedSpan::traceId).containsOnly(request.traceId());
    }

    private static ExportedSpan only(Map<String, ExportedSpan> spans, String name) {
        List<ExportedSpan> named = spans.values().stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("spans named %s among %s", name, spans.values()).hasSize(1);
        return named.get(0);
    }

    /** Runs the probe with the agent; returns the spans it exported, by span ID. */
    private Map<String, ExportedSpan> run(String... extraOptions) throws IOException, InterruptedException {
        String agent = System.getProperty("rtm.test.javaagent");
        assertThat(agent).as("the agent jar (maven-dependency-plugin copies it)").isNotNull();
        assertThat(new File(agent)).exists();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agent,
                "-Dotel.traces.exporter=logging-otlp", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                "-Dotel.service.name=rtm-agent-probe",
                "-Dotel.bsp.schedule.delay=50", "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(extraOptions));
        command.addAll(List.of("-cp", classPath, AgentProbe.class.getName()));
        Path out = dir.resolve("probe.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // generous: the agent instruments every class it loads, and this machine is shared
        boolean exited = p.waitFor(150, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(exited).as("the probe finished; its output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("PROBE-RESULT message_sent");
        Map<String, ExportedSpan> spans = parse(output);
        assertThat(spans).as("spans exported; output:%n%s", output).isNotEmpty();
        return spans;
    }

    private static Map<String, ExportedSpan> parse(String output) throws IOException {
        List<ExportedSpan> spans = new ArrayList<>();
        for (String line : output.split("\n")) {
            // the exporter logs one ResourceSpans object per line: "... OtlpJsonLoggingSpanExporter - {...}"
            int at = line.indexOf("OtlpJsonLoggingSpanExporter - {");
            if (at < 0) {
                continue;
            }
            JsonNode root = JSON.readTree(line.substring(line.indexOf('{', at)));
            for (JsonNode rs : root.has("resourceSpans") ? root.path("resourceSpans") : List.of(root)) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    String scope = ss.path("scope").path("name").asText();
                    for (JsonNode s : ss.path("spans")) {
                        spans.add(new ExportedSpan(s.path("traceId").asText(), s.path("spanId").asText(),
                                Optional.ofNullable(s.get("parentSpanId")).map(JsonNode::asText).orElse(""),
                                s.path("name").asText(), s.path("kind").asInt(), scope));
                    }
                }
            }
        }
        return spans.stream().collect(Collectors.toMap(ExportedSpan::spanId, Function.identity()));
    }
}
