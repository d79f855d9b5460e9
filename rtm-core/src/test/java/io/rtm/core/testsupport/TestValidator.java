package io.rtm.core.testsupport;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.spi.Validator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A validator answering the same violations for every message and history filter (none: accept all), counting its calls. */
public final class TestValidator implements Validator {

    private final List<Violation> violations;
    private final AtomicInteger calls = new AtomicInteger();

    private TestValidator(List<Violation> violations) {
        this.violations = List.copyOf(violations);
    }

    public static TestValidator acceptAll() {
        return new TestValidator(List.of());
    }

    public static TestValidator rejecting(Violation... violations) {
        return new TestValidator(List.of(violations));
    }

    @Override
    public List<Violation> validate(PeerMessage message) {
        calls.incrementAndGet();
        return violations;
    }

    @Override
    public List<Violation> validate(ChannelMessage message) {
        calls.incrementAndGet();
        return violations;
    }

    @Override
    public List<Violation> validate(HistoryFilter filter) {
        calls.incrementAndGet();
        return violations;
    }

    public int calls() {
        return calls.get();
    }
}
