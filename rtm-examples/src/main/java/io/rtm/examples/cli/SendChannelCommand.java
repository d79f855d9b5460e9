package io.rtm.examples.cli;

import io.rtm.core.ChannelMessage;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmValidationException;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import io.rtm.examples.cli.PayloadSource.Payload;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm send-channel}: one channel message; prints one JSON line. */
@Command(name = "send-channel", sortOptions = false, showDefaultValues = true,
        description = "Send a channel message; prints one JSON line.",
        footerHeading = "%nExample:%n",
        footer = "  rtm send-channel --from alice --channel lobby --payload 'standup in 5' --history")
final class SendChannelCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Option(names = "--from", required = true, paramLabel = "USER", description = "Sending user ID.")
    String from;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL", description = "Channel name.")
    String channel;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PayloadSource payload;

    @Option(names = "--history", description = "Keep the message as history.")
    boolean history;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        try (Connection c = connection.open()) {
            Payload text = payload.read(cli.in());
            SendResult r;
            try {
                r = c.client().sendChannel(ChannelMessage.builder().from(from).channel(channel).payload(text.text())
                        .history(history).build());
            } catch (RtmValidationException e) {
                throw text.naming(e);
            }
            cli.out().println(JsonLine.of(r));
            return ExitCodes.OK;
        }
    }
}
