package io.rtm.examples.cli;

import io.rtm.core.ChannelMessage;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.bulk.BulkJournal;
import io.rtm.core.error.RtmValidationException;
import io.rtm.examples.cli.BulkSend.FailuresFile;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import io.rtm.examples.cli.PayloadSource.Payload;
import io.rtm.validation.RtmValidator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rtm send-channel}: one channel message (one JSON result line), or one payload to every channel listed in a
 * file ({@code --channel-file}: a progress bar on a terminal, then one JSON summary line, as {@code send-peer --to-file}).
 */
@Command(name = "send-channel", sortOptions = false, showDefaultValues = true,
        description = "Send a channel message (or one to every channel of --channel-file); prints one JSON line.",
        footerHeading = "%nExamples:%n",
        footer = {"  rtm send-channel --from alice --channel lobby --payload 'standup in 5' --history",
                "  rtm send-channel --from ops --channel-file channels.txt --payload 'deploy at 5' --journal ops.journal"})
final class SendChannelCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--from", required = true, paramLabel = "USER", description = "Sending user ID.")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = "--channel", paramLabel = "CHANNEL", description = "Channel name.")
        String channel;

        @Option(names = "--channel-file", paramLabel = "FILE",
                description = "A file with one channel name per line, each taken as written "
                        + "(blank lines and lines starting with # are skipped).")
        Path channelFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    PayloadSource payload;

    @Option(names = "--history", description = "Keep the message as history.")
    boolean history;

    @Mixin
    BulkOptions bulk;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        if (destination.channelFile != null) {
            return bulk();
        }
        bulk.refuseWithoutFile(spec, "--channel-file");
        try (Connection c = connection.open(cli.env())) {
            Payload text = payload.read(cli.in());
            SendResult r;
            try {
                r = c.client().sendChannel(message(text).channel(destination.channel).build());
            } catch (RtmValidationException e) {
                throw text.naming(e);
            }
            cli.out().println(JsonLine.of(r));
            return ExitCodes.OK;
        }
    }

    private ChannelMessage.Builder message(Payload text) {
        return ChannelMessage.builder().from(from).payload(text.text()).history(history);
    }

    private int bulk() throws InterruptedException {
        bulk.check();
        try (Connection c = connection.open(cli.env())) {
            Recipients channels = Recipients.read(destination.channelFile, "--channel-file");
            Payload text = payload.read(cli.in());
            refuseInvalidTemplate(text, channels.first().id());
            ChannelMessage template;
            try {
                template = message(text).channel(channels.first().id()).build();
            } catch (RtmValidationException e) {
                throw text.naming(e);
            }
            try (BulkJournal journal = bulk.openJournal("channel", List.of(from, text.text(), "history=" + history),
                    channels, cli.err())) {
                FailuresFile failures = bulk.failuresFile == null ? FailuresFile.none(m -> ((ChannelMessage) m).channel())
                        : FailuresFile.create(bulk.failuresFile, cli.secrets(), "channel", m -> ((ChannelMessage) m).channel());
                BulkSend<ChannelMessage> send = new BulkSend<>(c, (sender, to, listener) -> sender.fanOut(template, to, listener),
                        channels, bulk, cli.stop(), failures, journal);
                return send.runAndReport("send-channel", cli.out(), cli.err());
            }
        }
    }

    /** A sender or payload the SDK would refuse for every channel is refused once, before anything is sent. */
    private void refuseInvalidTemplate(Payload text, String someChannel) {
        List<Violation> violations = RtmValidator.standard().validateChannel(from, someChannel, text.text()).stream()
                .filter(v -> !v.field().equals("channel_name"))
                .toList();
        if (!violations.isEmpty()) {
            throw text.naming(new RtmValidationException(violations));
        }
    }
}
