package io.rtm.core.bulk;

/**
 * How far a bulk send has got.
 *
 * @param started   messages handed to the sender so far
 * @param completed messages completed (sent or failed)
 * @param failed    messages that failed
 */
public record BulkProgress(long started, long completed, long failed) {
}
