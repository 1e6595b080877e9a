package io.tributary.outbox;

import java.time.Duration;

/**
 * Wakes an idle shard publisher when rows of its shard (or of unnamed shards) were committed; one per shard. The
 * publisher reads the generation before it looks for rows and waits only if no signal came since, so no wake-up
 * is lost.
 */
final class Wakeup {

    private long generation;
    private int waiting;

    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Waits until a signal newer than {@code seen}, or the timeout; true if signalled. */
    synchronized boolean await(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiting++;
        try {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } finally {
            waiting--;
        }
    }

    /** Whether a publisher is waiting for a signal: it found no rows and will not look again until signalled or timed out. */
    synchronized boolean isWaiting() {
        return waiting > 0;
    }
}
