package io.rtm.examples.cli;

import io.rtm.emulator.AckMode;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm emulator}: runs a local RTM service until stopped. */
@Command(name = "emulator", description = "Run a local RTM emulator until stopped (Ctrl-C).")
final class EmulatorCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 = any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--app-id", description = "App ID, 32 hex characters (generated if not given).")
    String appId;

    @Option(names = "--api-key", description = "API key (generated if not given).")
    String apiKey;

    @Option(names = "--api-secret", description = "API secret (generated if not given).")
    String apiSecret;

    @Option(names = "--app-certificate", description = "App certificate, 32 hex characters (generated if not given).")
    String appCertificate;

    @Option(names = "--rate-limit", defaultValue = "500", description = "Accepted calls per second per App ID and API (default ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--ack-mode", defaultValue = "AUTO", description = "AUTO (ack when delivered to a receiver) or MANUAL (receivers POST acks).")
    AckMode ackMode;

    /** Released by tests (and the shutdown hook) to stop the emulator. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        EmulatorApp generated = EmulatorApp.generate();
        EmulatorApp app = new EmulatorApp(
                appId != null ? appId : generated.appId(),
                apiKey != null ? apiKey : generated.apiKey(),
                apiSecret != null ? apiSecret : generated.apiSecret(),
                appCertificate != null ? appCertificate : generated.appCertificate());
        RtmEmulator emulator = RtmEmulator.builder().host(host).port(port).app(app)
                .rateLimitPerSecond(rateLimit).ackMode(ackMode).start();
        Thread hook = new Thread(stop::countDown, "rtm-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
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
            stop.await();
            return ExitCodes.OK;
        } finally {
            emulator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook already ran
            }
        }
    }
}
