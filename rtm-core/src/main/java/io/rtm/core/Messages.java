package io.rtm.core;

import java.util.List;

/** Shared checks of the message builders. */
final class Messages {

    private Messages() {
    }

    static void require(List<Violation> out, String value, String field, String builderMethod) {
        if (value == null) {
            out.add(new Violation(field, Violation.REQUIRED, "is required (builder method " + builderMethod + "(...))"));
        }
    }
}
