package io.rtm.examples.cli;

import io.rtm.core.ChannelMessage;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm send-channel}: one channel message; prints one JSON line. */
@Command(name = "send-channel", description = "Send a channel message; prints one JSON line.")
final class SendChannelCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--from", required = true, paramLabel = "USER", description = "Sending user ID.")
    String from;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL", description = "Channel name.")
    String channel;

    @Option(names = "--payload", required = true, paramLabel = "TEXT", description = "Message text (≤ 32,768 UTF-8 bytes).")
    String payload;

    @Option(names = "--history", description = "Keep the message as history.")
    boolean history;

    @Override
    public Integer call() {
        ChannelMessage message = ChannelMessage.builder().from(from).channel(channel).payload(payload).history(history).build();
        try (RtmClient rtm = connection.builder().build()) {
            SendResult r = rtm.sendChannel(message);
            cli.out().println(JsonLine.of(r));
            return ExitCodes.OK;
        }
    }
}
