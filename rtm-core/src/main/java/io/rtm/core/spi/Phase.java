package io.rtm.core.spi;

/** Where an {@link Interceptor} sits in the pipeline. */
public enum Phase {
    /** Once per call, around every attempt and retry wait (e.g. a call timer). */
    PER_CALL,
    /** Once per attempt, after the retry stage and before authentication (e.g. a trace header, a per-request timer). */
    PER_ATTEMPT
}
