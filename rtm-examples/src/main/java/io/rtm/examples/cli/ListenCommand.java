package io.rtm.examples.cli;

import io.rtm.core.error.RtmTransportException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm listen}: a receiver against an emulator, one JSON line per message, until stopped (exit 0). */
@Command(name = "listen", sortOptions = false, showDefaultValues = true,
        description = {"Receive messages for a user from an emulator; one JSON line per message.",
                "The user is online while it listens; stop with Ctrl-C or SIGTERM (exit 0)."},
        footerHeading = "%nExample:%n",
        footer = "  rtm listen --user bob --channels lobby,news")
final class ListenCommand implements Callable<Integer> {

    /** Time to close the stream once asked to stop. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user to receive as.")
    String user;

    @Option(names = "--channels", split = ",", paramLabel = "CHANNEL", description = "Channels to join, comma-separated.")
    List<String> channels = List.of();

    @Env("RTM_ENDPOINT")
    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Emulator endpoint (env RTM_ENDPOINT).")
    String endpoint;

    @Env("RTM_APP_ID")
    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID (env RTM_APP_ID; required).")
    String appId;

    @Override
    public Integer call() {
        if (appId == null || appId.isBlank()) {
            throw new UsageException("--app-id (or RTM_APP_ID) is required");
        }
        EventStreamClient opened;
        try {
            opened = EventStreamClient.open(endpoint, appId, user, channels, json -> {
                synchronized (cli.out()) {
                    cli.out().println(json);
                    cli.out().flush();
                }
            });
        } catch (IllegalStateException e) {
            throw new RtmTransportException(e.getMessage(), e, false, 0); // could not connect: a network failure
        }
        cli.stop().stopsGracefully(CLOSE_BOUND);
        try (EventStreamClient stream = opened) {
            cli.err().println("listening as " + user + (channels.isEmpty() ? "" : " in " + String.join(",", channels)));
            cli.err().flush();
            cli.stop().requested().join();
            return ExitCodes.OK;
        }
    }
}
