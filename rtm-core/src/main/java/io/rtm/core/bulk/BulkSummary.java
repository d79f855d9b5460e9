package io.rtm.core.bulk;

import java.time.Duration;
import java.util.Map;

/**
 * The final tally of a bulk send. Every message taken from the source is counted exactly once: {@code total ==
 * sent + delivered + offline + unknown + failed + skipped}.
 *
 * @param total            messages taken from the source
 * @param sent             {@code message_sent}
 * @param delivered        {@code message_delivered}
 * @param offline          {@code message_offline}
 * @param unknown          sent, with a code this SDK does not know
 * @param failed           not sent
 * @param failuresByReason failed messages by {@link io.rtm.core.error.Reason#value()} (e.g. {@code rate_limited},
 *                         {@code bad_request}, {@code invalid_input}, {@code connect_failure}, {@code cancelled})
 * @param elapsed          wall time from start to the last completion
 * @param stopped          whether the source was left unread ({@link BulkSender#stop()}, or the client was closing): the
 *                         messages after the first {@code total} ones were never taken and never sent
 * @param skipped          not sent by this run because an earlier run with the same {@link BulkJournal} confirmed them
 * @param ambiguous        sent by this run although an earlier run may already have delivered them (in flight when it
 *                         ended, or failed after possibly reaching the service): they may have arrived twice
 *                         (at-least-once); counted in the outcomes above too
 * @param peakInFlight     the most messages this run had in flight at once
 */
public record BulkSummary(long total, long sent, long delivered, long offline, long unknown, long failed,
                          Map<String, Long> failuresByReason, Duration elapsed, boolean stopped, long skipped,
                          long ambiguous, int peakInFlight) {

    /** Creates a summary. */
    public BulkSummary {
        failuresByReason = Map.copyOf(failuresByReason);
    }

    /** Messages sent by this run (any delivery code). */
    public long succeeded() {
        return sent + delivered + offline + unknown;
    }

    /** Messages this run sent or tried to send per second over the whole run (skipped ones left out). */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : (total - skipped) / seconds;
    }
}
