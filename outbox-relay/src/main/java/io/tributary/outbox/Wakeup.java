package io.tributary.outbox;

import java.time.Duration;

/**
 * Wakes idle shard publishers when PostgreSQL notifies that rows were committed. A publisher reads the
 * generation before it looks for rows and waits only if no signal came since, so no wake-up is lost.
 */
final class Wakeup {

    private long generation;

    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Waits until a signal newer than {@code seen}, or the timeout. */
    synchronized void await(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
