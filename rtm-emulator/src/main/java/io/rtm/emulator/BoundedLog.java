package io.rtm.emulator;

import java.util.ArrayDeque;
import java.util.List;

/** The newest {@code capacity} items, oldest first; older ones fall off so a long benchmark cannot fill the heap. Thread-safe. */
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

    synchronized int size() {
        return items.size();
    }

    synchronized void clear() {
        items.clear();
    }
}
