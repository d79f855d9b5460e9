package io.rtm.validation;

import io.rtm.core.spi.Validator;
import io.rtm.core.spi.ValidatorProvider;

/**
 * Makes the {@link Profile#SIGNALING_INTEROP} {@link RtmValidator} discoverable by
 * {@link java.util.ServiceLoader}: name {@value #NAME}, priority {@value #PRIORITY}, below the standard one,
 * so it is used only when chosen by name ({@code rtm.validator=signaling-interop}).
 */
public final class SignalingInteropValidatorProvider implements ValidatorProvider {

    /** This provider's name. */
    public static final String NAME = "signaling-interop";

    /** This provider's priority: below {@link RtmValidatorProvider#PRIORITY}. */
    public static final int PRIORITY = 50;

    /** For {@link java.util.ServiceLoader}. */
    public SignalingInteropValidatorProvider() {
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

    /** {@link RtmValidator#signalingInterop()}. */
    @Override
    public Validator create() {
        return RtmValidator.signalingInterop();
    }
}
