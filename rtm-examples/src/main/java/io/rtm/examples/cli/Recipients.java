package io.rtm.examples.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recipients of a bulk send, read from {@code --to-file}: one user ID per line, each taken exactly as
 * written (blank lines and lines starting with {@code #} are skipped). Iterating hands them out one at a time
 * until {@link #stop()}; {@link #taken()} says how many were handed out.
 */
final class Recipients implements Iterable<String> {

    /** One recipient and its line in the file (1-based). */
    record Recipient(String id, int line) {
    }

    private final List<Recipient> all;
    private final AtomicInteger taken = new AtomicInteger();
    private volatile boolean stopped;

    private Recipients(List<Recipient> all) {
        this.all = List.copyOf(all);
    }

    static Recipients read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--to-file " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new UsageException("--to-file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw new UsageException("--to-file " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && !line.startsWith("#")) {
                recipients.add(new Recipient(line, i + 1));
            }
        }
        if (recipients.isEmpty()) {
            throw new UsageException("--to-file " + file + " lists no user");
        }
        return new Recipients(recipients);
    }

    int size() {
        return all.size();
    }

    Recipient get(int index) {
        return all.get(index);
    }

    /** From now on, iteration ends: recipients not yet handed out are never sent. Thread-safe. */
    void stop() {
        stopped = true;
    }

    /** Whether {@link #stop()} was called. */
    boolean stopped() {
        return stopped;
    }

    /** How many recipients were handed out. */
    int taken() {
        return taken.get();
    }

    /** The recipients never handed out (after a stop), in file order. */
    List<Recipient> notTaken() {
        return all.subList(taken(), all.size());
    }

    /** Hands out the recipients in file order, one thread at a time (the bulk sender's contract). */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !stopped && taken.get() < all.size();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return all.get(taken.getAndIncrement()).id();
            }
        };
    }
}
