package io.rtm.validation;

import io.rtm.core.spi.Validator;
import io.rtm.core.spi.ValidatorProvider;

/**
 * Makes the {@link Profile#STANDARD} {@link RtmValidator} discoverable by {@link java.util.ServiceLoader}:
 * name {@value #NAME}, priority {@value #PRIORITY}, so it is the default when this module is on the class path.
 */
public final class RtmValidatorProvider implements ValidatorProvider {

    /** This provider's name. */
    public static final String NAME = "standard";

    /** This provider's priority: above {@link SignalingInteropValidatorProvider#PRIORITY}. */
    public static final int PRIORITY = 100;

    /** For {@link java.util.ServiceLoader}. */
    public RtmValidatorProvider() {
    }

    /** {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /** {@value #PRIORITY} */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /** {@link RtmValidator#standard()}. */
    @Override
    public Validator create() {
        return RtmValidator.standard();
    }
}
