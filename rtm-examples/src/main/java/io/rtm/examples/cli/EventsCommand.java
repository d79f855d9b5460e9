package io.rtm.examples.cli;

import io.rtm.core.error.RtmException;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.EventListener;
import io.rtm.core.events.EventPoller;
import io.rtm.core.events.UserEvent;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rtm events users|channels}: one fetch of user or channel events (or, with {@code --follow}, fetch after fetch
 * until SIGTERM or Ctrl-C); one JSON line per event. Reading removes the events from the service.
 */
@Command(name = "events", sortOptions = false, showDefaultValues = true,
        description = {"Read user events ({\"user_id\",\"type\":\"Login\"|\"Logout\",\"ts\"}) or channel events "
                + "({\"channel_id\",\"user_id\",\"type\":\"Join\"|\"Leave\",\"ts\"}); one JSON line per event, oldest first.",
                "A read removes the events it returns from the service: a failed read that may have reached it may have "
                        + "lost them (said on stderr). With --follow, keeps reading (at most 10 reads/s, slower while "
                        + "nothing happens) until SIGTERM or Ctrl-C, then exits 0 after printing what the last read returned."},
        footerHeading = "%nExamples:%n",
        footer = {"  rtm events users", "  rtm events channels --follow"})
final class EventsCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "users|channels", description = "Which events: users (Login/Logout) or channels (Join/Leave).")
    String kind;

    @Option(names = "--follow", description = "Keep reading until SIGTERM or Ctrl-C.")
    boolean follow;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        boolean users = switch (kind.toLowerCase(Locale.ROOT)) {
            case "users" -> true;
            case "channels" -> false;
            default -> throw new UsageException("the kind of events must be users or channels, got '" + kind + "'");
        };
        try (Connection c = connection.open()) {
            if (!follow) {
                try {
                    List<String> lines = users ? lines(c.client().events().userEvents(), EventsCommand::line)
                            : lines(c.client().events().channelEvents(), EventsCommand::line);
                    lines.forEach(cli.out()::println);
                    return ExitCodes.OK;
                } catch (RtmException e) {
                    return failed(e);
                }
            }
            return users ? this.<UserEvent>follow(c.client().events()::pollUserEvents, EventsCommand::line)
                    : this.<ChannelEvent>follow(c.client().events()::pollChannelEvents, EventsCommand::line);
        }
    }

    /** Polls into stdout until a stop is requested (or the poller stops on a failure that is not retryable). */
    private <E> int follow(Function<EventListener<E>, EventPoller> start, Function<E, String> line) {
        PrintWriter out = cli.out();
        EventPoller poller = start.apply(new EventListener<>() {
            @Override
            public void onEvents(List<E> events) {
                synchronized (out) {
                    events.forEach(e -> out.println(line.apply(e)));
                    out.flush();
                }
            }
            // failures: the SDK logs a possible loss at WARN (on stderr); retryable ones are retried after a backoff
        });
        // a read in flight when the stop comes is never cancelled: its events are printed before the exit
        cli.stop().stopsGracefully(Duration.ofSeconds(connection.timeoutSeconds));
        CompletableFuture<Void> stopped = poller.stopped();
        CompletableFuture.anyOf(stopped, cli.stop().requested()).exceptionally(e -> null).join();
        poller.stop();
        try {
            stopped.join();
            return ExitCodes.OK;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RtmException rtm) {
                return failed(rtm);
            }
            throw e;
        }
    }

    /** One error line (saying when the read's events may be lost) and the error's exit code. */
    private int failed(RtmException e) {
        cli.err().println(cli.secrets().redact(Errors.errorLine(e)
                + (e.mayHaveReachedService() ? " (the read may have reached the service: the events it removed may be lost)" : "")));
        return ExitCodes.of(e);
    }

    private static <E> List<String> lines(List<E> events, Function<E, String> line) {
        return events.stream().map(line).toList();
    }

    /** {@code {"user_id":…,"type":…,"ts":…}}: the service's own field names. */
    static String line(UserEvent e) {
        return JsonLine.object(g -> {
            g.writeStringField("user_id", e.userId());
            g.writeStringField("type", e.type());
            g.writeNumberField("ts", e.timestamp().toEpochMilli());
        });
    }

    /** {@code {"channel_id":…,"user_id":…,"type":…,"ts":…}}. */
    static String line(ChannelEvent e) {
        return JsonLine.object(g -> {
            g.writeStringField("channel_id", e.channelId());
            g.writeStringField("user_id", e.userId());
            g.writeStringField("type", e.type());
            g.writeNumberField("ts", e.timestamp().toEpochMilli());
        });
    }
}
