package io.rtm.core.internal;

import io.rtm.core.spi.RateLimiter;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The door from {@link RateLimiter#local} to the package-private {@link LocalRateLimiter}. Public only because the
 * SPI package calls it; this package is not exported (module-info) and is not API.
 */
public final class LocalRateLimiters {

    private LocalRateLimiters() {
    }

    /** See {@link RateLimiter#local}. */
    public static RateLimiter create(double safetyMargin, boolean strictWindow, LongSupplier nanoClock,
                                     ScheduledExecutorService scheduler) {
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(scheduler, "scheduler");
        return new LocalRateLimiter(safetyMargin, strictWindow, nanoClock,
                (task, delayNanos) -> scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS));
    }
}
