package io.rtm.core.spi;

/**
 * Makes a {@link Validator} discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.rtm.core.spi.ValidatorProvider}). The highest priority wins unless
 * {@code rtm.validator} / {@code RTM_VALIDATOR} names one.
 */
public interface ValidatorProvider {

    /** A short unique name, e.g. {@code standard}. */
    String name();

    /** Higher wins. */
    int priority();

    /** Creates the validator. */
    Validator create();
}
