package io.rtm.core.error;

import io.rtm.core.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A message broke one or more SPEC rules. Thrown before anything is sent ({@code attempts() == 0}).
 * {@link #violations()} lists every broken rule, each naming the field and the rule.
 */
public class RtmValidationException extends RtmException {

    private final List<Violation> violations;

    /** Creates the exception from at least one violation. */
    public RtmValidationException(List<Violation> violations) {
        super(describe(violations), null, 0, null, null, 0);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation exception needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in field order. */
    public List<Violation> violations() {
        return violations;
    }

    @Override
    protected RtmException copy(int attempts) {
        return this;
    }

    private static String describe(List<Violation> violations) {
        return "invalid message: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
