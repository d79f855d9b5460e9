package io.rtm.examples.cli;

import io.rtm.emulator.AckMode;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm emulator}: runs a local RTM service until stopped (SIGTERM or Ctrl-C: exit 0). */
@Command(name = "emulator", sortOptions = false, showDefaultValues = true,
        description = {"Run a local RTM emulator until stopped (Ctrl-C or SIGTERM; exit 0).",
                "Prints its endpoint and credentials. Reads no environment variables: what is not given is generated."},
        footerHeading = "%nExample:%n",
        footer = "  rtm emulator --port 8080 --rate-limit 50")
final class EmulatorCommand implements Callable<Integer> {

    /** Time to close the emulator once asked to stop. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to bind.")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port; 0 = any free port.")
    int port;

    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID, 32 hex characters (default: generated).")
    String appId;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key (default: generated).")
    String apiKey;

    @Secret
    @Option(names = "--api-secret", paramLabel = "SECRET",
            description = "API secret, at least 8 characters; not printed when given (default: generated and printed).")
    String apiSecret;

    @Secret
    @Option(names = "--app-certificate", paramLabel = "CERT",
            description = "App certificate, 32 hex characters; not printed when given (default: generated and printed).")
    String appCertificate;

    @Option(names = "--rate-limit", defaultValue = "500", paramLabel = "N",
            description = "Accepted calls per second per App ID and API.")
    int rateLimit;

    @Option(names = "--ack-mode", defaultValue = "AUTO", paramLabel = "MODE",
            description = "AUTO (ack when delivered to a receiver) or MANUAL (receivers POST acks).")
    AckMode ackMode;

    @Override
    public Integer call() {
        if (apiKey != null && apiKey.indexOf(':') >= 0) {
            throw new UsageException("--api-key must not contain ':' (Basic auth sends key:secret, "
                    + "and the service splits it at the first colon)");
        }
        EmulatorApp generated = EmulatorApp.generate();
        EmulatorApp app;
        try {
            app = new EmulatorApp(
                    appId != null ? appId : generated.appId(),
                    apiKey != null ? apiKey : generated.apiKey(),
                    apiSecret != null ? apiSecret : generated.apiSecret(),
                    appCertificate != null ? appCertificate : generated.appCertificate());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        RtmEmulator started;
        try {
            started = RtmEmulator.builder().host(host).port(port).app(app).rateLimitPerSecond(rateLimit).ackMode(ackMode).start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException("--host/--port: " + e.getMessage()); // e.g. the port is in use: choose another
        }
        cli.stop().stopsGracefully(CLOSE_BOUND);
        try (RtmEmulator emulator = started) {
            String endpoint = emulator.baseUri().toString();
            cli.out().println("listening on " + endpoint);
            cli.out().println("app id:          " + app.appId());
            cli.out().println("api key:         " + app.apiKey());
            cli.out().println("api secret:      " + (apiSecret != null ? "(as given)" : app.apiSecret()));
            cli.out().println("app certificate: " + (appCertificate != null ? "(as given)" : app.appCertificate()));
            cli.out().println("try: RTM_ENDPOINT=" + endpoint + " RTM_APP_ID=" + app.appId() + " RTM_API_KEY=" + app.apiKey()
                    + " RTM_API_SECRET=" + (apiSecret != null ? "<your secret>" : app.apiSecret())
                    + " java -jar rtm-examples/target/rtm.jar send-peer --from alice --to bob --payload hi");
            cli.out().flush();
            cli.stop().requested().join();
            return ExitCodes.OK;
        }
    }
}
