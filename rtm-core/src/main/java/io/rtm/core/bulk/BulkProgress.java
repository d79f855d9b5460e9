package io.rtm.core.bulk;

/**
 * How far a bulk send has got.
 *
 * @param started   messages taken from the source so far (skipped ones included)
 * @param completed messages completed (sent or failed)
 * @param failed    messages that failed
 * @param skipped   messages not sent because an earlier run confirmed them (see {@link BulkJournal})
 */
public record BulkProgress(long started, long completed, long failed, long skipped) {

    /** Messages dealt with: completed or skipped. */
    public long done() {
        return completed + skipped;
    }
}
