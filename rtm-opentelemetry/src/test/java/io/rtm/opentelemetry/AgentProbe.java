package io.rtm.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;

/**
 * The application {@link AgentTest} runs in a child JVM with the OpenTelemetry Java agent attached: the emulator
 * (whose Jetty the agent instruments too) and a client built with nothing but {@code Rtm.builder()} (tracing is
 * discovered and uses the agent's global OpenTelemetry), one send under a span of the application's own.
 */
public final class AgentProbe {

    private AgentProbe() {
    }

    public static void main(String[] args) {
        EmulatorApp app = EmulatorApp.generate();
        try (RtmEmulator emulator = RtmEmulator.builder().app(app).start();
             RtmClient client = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
                     .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).rateLimit(RateLimit.disabled()).build()) {
            Span request = GlobalOpenTelemetry.getTracer("agent-probe").spanBuilder("probe-request").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                SendResult result = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build());
                System.out.println("PROBE-RESULT " + result.code() + " " + request.getSpanContext().getTraceId());
            } finally {
                request.end();
            }
        }
    }
}
