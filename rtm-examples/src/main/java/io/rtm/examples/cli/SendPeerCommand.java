package io.rtm.examples.cli;

import io.rtm.core.PeerMessage;
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
 * {@code rtm send-peer}: one peer-to-peer message (one JSON result line), or one payload to every user
 * listed in a file ({@code --to-file}: a progress bar on a terminal, then one JSON summary line; {@code --journal}
 * makes it resumable after a crash).
 */
@Command(name = "send-peer", sortOptions = false, showDefaultValues = true,
        description = "Send a peer-to-peer message (or one to every user of --to-file); prints one JSON line.",
        footerHeading = "%nExamples:%n",
        footer = {"  rtm send-peer --from alice --to bob --payload 'see you @ 5' --wait-for-ack",
                "  rtm send-peer --from news --to-file users.txt --payload-file note.txt \\",
                "      --failures-file failed.jsonl --journal news.journal",
                "  rtm send-peer --from news --to-file users.txt --payload hi --redis-url redis://redis:6379"})
final class SendPeerCommand implements Callable<Integer> {

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
        @Option(names = "--to", paramLabel = "USER", description = "Receiving user ID.")
        String to;

        @Option(names = "--to-file", paramLabel = "FILE",
                description = "A file with one receiving user ID per line, each taken as written "
                        + "(blank lines and lines starting with # are skipped).")
        Path toFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    PayloadSource payload;

    @Option(names = "--wait-for-ack", description = "Wait until the receiver acknowledges (message_delivered / message_offline).")
    boolean waitForAck;

    @Option(names = "--offline", description = "Store the message if the receiver is offline.")
    boolean offline;

    @Option(names = "--history", description = "Keep the message as history.")
    boolean history;

    @Mixin
    BulkOptions bulk;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws InterruptedException {
        if (destination.toFile != null) {
            return bulk();
        }
        bulk.refuseWithoutFile(spec, "--to-file");
        try (Connection c = connection.open(cli.env())) {
            Payload text = payload.read(cli.in());
            SendResult r;
            try {
                r = c.client().sendPeer(message(text).to(destination.to).build());
            } catch (RtmValidationException e) {
                throw text.naming(e);
            }
            cli.out().println(JsonLine.of(r));
            return ExitCodes.OK;
        }
    }

    private PeerMessage.Builder message(Payload text) {
        return PeerMessage.builder().from(from).payload(text.text()).waitForAck(waitForAck).offline(offline).history(history);
    }

    private int bulk() throws InterruptedException {
        bulk.check();
        try (Connection c = connection.open(cli.env())) {
            Recipients recipients = Recipients.read(destination.toFile, "--to-file");
            Payload text = payload.read(cli.in());
            refuseInvalidTemplate(text, recipients.first().id());
            PeerMessage template;
            try {
                template = message(text).to(recipients.first().id()).build();
            } catch (RtmValidationException e) {
                throw text.naming(e);
            }
            try (BulkJournal journal = bulk.openJournal("peer", List.of(from, text.text(), "wait_for_ack=" + waitForAck,
                    "offline=" + offline, "history=" + history), recipients, cli.err())) {
                FailuresFile failures = bulk.failuresFile == null ? FailuresFile.none(m -> ((PeerMessage) m).to())
                        : FailuresFile.create(bulk.failuresFile, cli.secrets());
                BulkSend<PeerMessage> send = new BulkSend<>(c, (sender, to, listener) -> sender.fanOut(template, to, listener),
                        recipients, bulk, cli.stop(), failures, journal);
                return send.runAndReport("send-peer", cli.out(), cli.err());
            }
        }
    }

    /**
     * A sender or payload the SDK would refuse for every recipient is refused once, before anything is sent
     * (checked with the same rules the SDK applies; recipients are checked one by one as they are sent).
     */
    private void refuseInvalidTemplate(Payload text, String someRecipient) {
        List<Violation> violations = RtmValidator.standard().validatePeer(from, someRecipient, text.text()).stream()
                .filter(v -> !v.field().equals("destination"))
                .toList();
        if (!violations.isEmpty()) {
            throw text.naming(new RtmValidationException(violations));
        }
    }
}
