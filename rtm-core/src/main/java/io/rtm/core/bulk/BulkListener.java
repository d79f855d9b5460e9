package io.rtm.core.bulk;

/**
 * Hears about every message of a bulk send as it completes (in completion order), with the progress so
 * far. Called on the SDK's threads, one call at a time per bulk send: keep it quick and don't throw
 * (exceptions are logged and ignored).
 *
 * @param <M> the message type
 */
@FunctionalInterface
public interface BulkListener<M> {

    /** One message completed; {@code progress} counts it. */
    void onResult(BulkItemResult<M> item, BulkProgress progress);
}
