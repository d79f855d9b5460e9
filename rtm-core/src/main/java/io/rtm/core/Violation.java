package io.rtm.core;

import java.util.Objects;

/**
 * One broken rule of a message: the field (wire name, e.g. {@code destination}, {@code user_id},
 * {@code payload}), the rule (a stable snake_case id, e.g. {@code max_length}), and a human message.
 * The message never repeats a payload's content.
 *
 * @param field   the field's wire name
 * @param rule    the rule's stable id
 * @param message a human explanation
 */
public record Violation(String field, String rule, String message) {

    /** Standard rule id: the field is missing or null. */
    public static final String REQUIRED = "required";

    /** Creates a violation; all parts are required. */
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + " (" + rule + "): " + message;
    }
}
