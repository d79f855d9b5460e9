package io.rtm.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One operation of the emulator's HTTP API: a method, a path template whose {@code {name}} segments capture one
 * raw (still percent-encoded) path segment each, and what handles it. Immutable.
 */
final class Route {

    /** Handles one exchange of a route. */
    @FunctionalInterface
    interface Operation {
        void handle(Exchange ex, PathParams params);
    }

    /** The raw path segments a route captured, by name. */
    static final class PathParams {
        private final List<String> names;
        private final String[] segments;
        private final int[] positions;

        private PathParams(List<String> names, int[] positions, String[] segments) {
            this.names = names;
            this.positions = positions;
            this.segments = segments;
        }

        /** The raw segment captured as {@code name}. */
        String raw(String name) {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no path parameter " + name);
            }
            return segments[positions[i]];
        }
    }

    final String method;
    final String template;
    private final String[] parts;
    private final List<String> names = new ArrayList<>();
    private final int[] positions;
    private final Operation operation;

    Route(String method, String template, Operation operation) {
        this.method = method;
        this.template = template;
        this.operation = operation;
        this.parts = template.split("/", -1);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                names.add(parts[i].substring(1, parts[i].length() - 1));
                at.add(i);
                parts[i] = null;
            }
        }
        this.positions = at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the path (split on {@code /}) fits the template: same length, same literal segments. */
    boolean matches(String[] segments) {
        if (segments.length != parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] != null && !parts[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    void handle(Exchange ex, String[] segments) {
        operation.handle(ex, new PathParams(names, positions, segments));
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
