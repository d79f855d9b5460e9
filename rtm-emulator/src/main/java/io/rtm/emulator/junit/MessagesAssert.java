package io.rtm.emulator.junit;

import io.rtm.emulator.AcceptedMessage;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Assertions on messages a user received, has stored, or a channel carried. Positive assertions wait up to the
 * extension's timeout (default 5 s). Thread-safe.
 *
 * <pre>{@code
 * ext.assertThatUser("bob").received().payloads().containsExactly("hi", "again");
 * ext.assertThatChannel("room").senders().contains("alice");
 * }</pre>
 */
public final class MessagesAssert {

    private final String description;
    private final Supplier<List<AcceptedMessage>> messages;
    private final Duration timeout;

    MessagesAssert(String description, Supplier<List<AcceptedMessage>> messages, Duration timeout) {
        this.description = description;
        this.messages = messages;
        this.timeout = timeout;
    }

    /** The payloads, in order. */
    public ValuesAssert payloads() {
        return map("payloads", AcceptedMessage::payload);
    }

    /** The senders ({@code user_id}), in order. */
    public ValuesAssert senders() {
        return map("senders", AcceptedMessage::from);
    }

    /** Waits until there are exactly {@code size} messages. */
    public MessagesAssert hasSize(int size) {
        map("message ids", AcceptedMessage::id).hasSize(size);
        return this;
    }

    /** Checks now (without waiting) that there are no messages. */
    public MessagesAssert isEmpty() {
        map("messages", AcceptedMessage::toString).isEmpty();
        return this;
    }

    /** The messages now. */
    public List<AcceptedMessage> messages() {
        return messages.get();
    }

    private ValuesAssert map(String what, Function<AcceptedMessage, String> f) {
        return new ValuesAssert(description + " " + what,
                () -> messages.get().stream().map(f).collect(Collectors.toList()), timeout);
    }
}
