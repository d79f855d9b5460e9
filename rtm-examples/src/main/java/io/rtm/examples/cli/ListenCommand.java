package io.rtm.examples.cli;

import io.rtm.core.error.RtmConfigurationException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm listen}: a receiver against an emulator, one JSON line per message. */
@Command(name = "listen", description = "Receive messages for a user from an emulator; one JSON line per message.")
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Emulator endpoint (env RTM_ENDPOINT; default ${DEFAULT-VALUE}).")
    String endpoint;

    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID (env RTM_APP_ID).")
    String appId;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user to receive as (online while listening).")
    String user;

    @Option(names = "--channels", split = ",", paramLabel = "CHANNEL", description = "Channels to join, comma-separated.")
    List<String> channels = List.of();

    /** Released by tests (and the shutdown hook) to stop listening. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (appId == null || appId.isBlank()) {
            throw new RtmConfigurationException("--app-id (or RTM_APP_ID) is required");
        }
        Thread hook = new Thread(stop::countDown, "rtm-listen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (EventStreamClient stream = EventStreamClient.open(endpoint, appId, user, channels, json -> {
            synchronized (cli.out()) {
                cli.out().println(json);
                cli.out().flush();
            }
        })) {
            cli.err().println("listening as " + user + (channels.isEmpty() ? "" : " in " + String.join(",", channels)));
            cli.err().flush();
            stop.await();
            return ExitCodes.OK;
        } catch (IllegalStateException e) {
            throw new io.rtm.core.error.RtmTransportException(e.getMessage(), e, false, 0);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // exiting
            }
        }
    }
}
