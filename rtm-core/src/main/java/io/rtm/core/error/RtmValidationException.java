package io.rtm.core.error;

import io.rtm.core.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The input broke one or more rules. Thrown before anything is sent ({@code attempts() == 0}).
 * {@link #violations()} lists every broken rule, each naming the field and the rule. Not retryable.
 */
public final class RtmValidationException extends RtmClientException {

    private final List<Violation> violations;

    /**
     * Creates the exception from at least one violation.
     *
     * @throws IllegalArgumentException when {@code violations} is empty
     */
    public RtmValidationException(List<Violation> violations) {
        super(describe(violations), null, null, 0, false, false);
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in field order. */
    public List<Violation> violations() {
        return violations;
    }

    /** False: the same input fails the same way. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#INVALID_INPUT}. */
    @Override
    public Reason reason() {
        return Reason.INVALID_INPUT;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return this; // nothing was sent: there is no call to report
    }

    private static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one violation");
        }
        return "invalid message: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
