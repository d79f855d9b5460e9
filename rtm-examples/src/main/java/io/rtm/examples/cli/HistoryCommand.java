package io.rtm.examples.cli;

import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryOrder;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import io.rtm.examples.cli.ConnectionOptions.Connection;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rtm history}: the messages of a filter, page after page; one JSON line per message, then a summary line. */
@Command(name = "history", sortOptions = false, showDefaultValues = true,
        description = {"Read the message history of a filter (messages sent with --history), page after page; prints one "
                + "JSON line per message ({\"src\",\"dst\",\"message_type\",\"payload\",\"ms\"}), then "
                + "{\"messages\":N,\"pages\":P}.",
                "A result the service reports \"in progress\" is asked for again after 2 s; --timeout bounds each page."},
        footerHeading = "%nExample:%n",
        footer = "  rtm history --source alice --destination bob --start 2019-08-01T01:22:10Z --end 2019-08-01T01:32:10Z --order desc")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Mixin
    HistoryFilterOptions filter;

    @Option(names = "--order", paramLabel = "asc|desc", defaultValue = "asc", description = "Oldest (asc) or newest (desc) first.")
    String order;

    @Option(names = "--limit", paramLabel = "20|50|100", defaultValue = "20", description = "Messages per page (one request each).")
    int limit;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Index of the first message to read in the range.")
    long offset;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        HistoryOrder o = switch (order.toLowerCase(Locale.ROOT)) {
            case "asc" -> HistoryOrder.ASC;
            case "desc" -> HistoryOrder.DESC;
            default -> throw new UsageException("--order must be asc or desc, got '" + order + "'");
        };
        HistoryQuery query = HistoryQuery.builder(filter.filter()).order(o).limit(limit).offset(offset).build();
        PrintWriter out = cli.out();
        long messages = 0;
        int pages = 0;
        try (Connection c = connection.open()) {
            // page by page rather than the iterator, to count the pages for the summary
            for (Optional<HistoryQuery> next = Optional.of(query); next.isPresent(); ) {
                HistoryPage page = c.client().history().page(next.get());
                pages++;
                for (HistoryMessage m : page.messages()) {
                    out.println(line(m));
                    messages++;
                }
                out.flush();
                next = page.next();
            }
        }
        long total = messages;
        int pageCount = pages;
        out.println(JsonLine.object(g -> {
            g.writeNumberField("messages", total);
            g.writeNumberField("pages", pageCount);
        }));
        return ExitCodes.OK;
    }

    /** {@code {"src":…,"dst":…,"message_type":…,"payload":…,"ms":…}}: the service's own field names. */
    static String line(HistoryMessage m) {
        return JsonLine.object(g -> {
            g.writeStringField("src", m.source());
            g.writeStringField("dst", m.destination());
            g.writeStringField("message_type", m.messageType());
            g.writeStringField("payload", m.payload());
            g.writeNumberField("ms", m.timestamp().toEpochMilli());
        });
    }
}
