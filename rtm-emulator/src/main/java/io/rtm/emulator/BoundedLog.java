package io.rtm.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The newest {@code capacity} items, oldest first; older ones fall off so a long run cannot fill the heap. Thread-safe. */
final class BoundedLog<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();

    BoundedLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    synchronized List<T> snapshot() {
        return List.copyOf(items);
    }

    /** Removes and returns the oldest items, at most {@code max}. */
    synchronized List<T> take(int max) {
        List<T> out = new ArrayList<>(Math.min(max, items.size()));
        while (out.size() < max && !items.isEmpty()) {
            out.add(items.removeFirst());
        }
        return out;
    }

    synchronized int size() {
        return items.size();
    }

    synchronized void clear() {
        items.clear();
    }
}
