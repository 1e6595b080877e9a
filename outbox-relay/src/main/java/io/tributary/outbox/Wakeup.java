package io.tributary.outbox;

import java.time.Duration;
import java.util.Arrays;

/**
 * Wakes an idle shard publisher when rows of its shard (or of unnamed shards) were committed; one per shard. The
 * publisher reads the generation before it looks for rows and waits only if no signal came since, so no wake-up
 * is lost.
 *
 * <p>A notification that names its rows' positions is no signal if the publisher's recent claims took all of them
 * (it arrived after the claim that took its rows: a claim now would find nothing). A row a claim took was committed
 * before that claim, so every later claim sees it too, unless it was sent or is in a batch in doubt.
 */
final class Wakeup {

    /** How many of the latest claims' positions are kept: notifications arrive within ms of their commit. */
    static final int CLAIMS_REMEMBERED = 64;

    private long generation;
    private int waiting;
    /** The positions of the latest claims, each sorted; a ring. */
    private final long[][] claimedLately = new long[CLAIMS_REMEMBERED][];
    private int nextClaim;

    synchronized long generation() {
        return generation;
    }

    synchronized void signal() {
        generation++;
        notifyAll();
    }

    /** Rows at these positions were committed: a signal, unless a recent claim took every one of them. */
    synchronized void signal(long[] positions) {
        for (long position : positions) {
            if (!claimedLately(position)) {
                signal();
                return;
            }
        }
    }

    /** The publisher claimed the rows at these positions. */
    synchronized void claimed(long[] positions) {
        long[] sorted = positions.clone();
        Arrays.sort(sorted);
        claimedLately[nextClaim] = sorted;
        nextClaim = (nextClaim + 1) % CLAIMS_REMEMBERED;
    }

    private boolean claimedLately(long position) {
        for (long[] claim : claimedLately) {
            if (claim != null && Arrays.binarySearch(claim, position) >= 0) {
                return true;
            }
        }
        return false;
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
