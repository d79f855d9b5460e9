package io.rtm.examples.cli;

import io.rtm.core.history.HistoryFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/**
 * The filter of {@code rtm history} and {@code rtm history-count}: sender, receiver and time range. Times are UTC,
 * {@code yyyy-mm-ddThh:mm:ssZ}; without {@code --end} the range ends now (this second), without {@code --start} it
 * starts 7 days before its end (the service keeps history 7 days). The SDK checks the rest before anything is sent.
 */
final class HistoryFilterOptions {

    /** How long the service keeps history: the default range. */
    static final Duration KEPT = Duration.ofDays(7);

    @Option(names = "--source", paramLabel = "USER", description = "Sending user ID (give --source, --destination or both).")
    String source;

    @Option(names = "--destination", paramLabel = "USER|CHANNEL", description = "Receiving user ID or channel name.")
    String destination;

    @Option(names = "--start", paramLabel = "TIME",
            description = "First second of the range, UTC, e.g. 2019-08-01T01:22:10Z (inclusive). Default: 7 days before --end.")
    String start;

    @Option(names = "--end", paramLabel = "TIME",
            description = "Last second of the range, UTC, e.g. 2019-08-01T01:32:10Z (inclusive). Default: now.")
    String end;

    /** The filter; a time that is not an ISO-8601 UTC instant is a {@link UsageException}. */
    HistoryFilter filter() {
        Instant to = end == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : time("--end", end);
        Instant from = start == null ? to.minus(KEPT) : time("--start", start);
        return HistoryFilter.builder().source(source).destination(destination).start(from).end(to).build();
    }

    private static Instant time(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " must be a UTC time such as 2019-08-01T01:22:10Z, got '" + value + "'");
        }
    }
}
