package io.rtm.validation;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.Validator;
import java.util.Objects;

/**
 * Guice module that makes the {@link RtmValidator} of one {@link Profile} the {@link Validator}: it sets the
 * {@link OptionalBinder} binding, so it replaces any default (e.g. one set by the core module). Modules of the
 * same profile are equal, so installing it twice is harmless; two different profiles conflict.
 */
public final class ValidationModule extends AbstractModule {

    private final Profile profile;

    /** Binds the {@link Profile#STANDARD} validator. */
    public ValidationModule() {
        this(Profile.STANDARD);
    }

    /**
     * Binds the validator of {@code profile}.
     *
     * @param profile the rules the bound validator applies
     * @throws NullPointerException if {@code profile} is null
     */
    public ValidationModule(Profile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /**
     * The profile this module binds.
     *
     * @return the profile
     */
    public Profile profile() {
        return profile;
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Validator.class).setBinding().toInstance(RtmValidator.of(profile));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationModule m && m.profile == profile;
    }

    @Override
    public int hashCode() {
        return ValidationModule.class.hashCode() * 31 + profile.hashCode();
    }

    @Override
    public String toString() {
        return "ValidationModule[" + profile + ']';
    }
}
