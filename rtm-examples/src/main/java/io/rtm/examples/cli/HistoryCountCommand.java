package io.rtm.examples.cli;

import io.rtm.examples.cli.ConnectionOptions.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code rtm history-count}: how many history messages a filter selects; one JSON line. */
@Command(name = "history-count", sortOptions = false, showDefaultValues = true,
        description = {"Count the history messages of a filter; prints {\"count\":N}.",
                "A count the service reports \"in progress\" is asked for again after 2 s; --timeout bounds it."},
        footerHeading = "%nExample:%n",
        footer = "  rtm history-count --destination lobby --start 2019-08-01T00:00:00Z --end 2019-08-01T23:59:59Z")
final class HistoryCountCommand implements Callable<Integer> {

    @ParentCommand
    RtmCli cli;

    @Mixin
    HelpOption help;

    @Mixin
    HistoryFilterOptions filter;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        var f = filter.filter();
        long count;
        try (Connection c = connection.open()) {
            count = c.client().history().count(f);
        }
        cli.out().println(JsonLine.object(g -> g.writeNumberField("count", count)));
        return ExitCodes.OK;
    }
}
