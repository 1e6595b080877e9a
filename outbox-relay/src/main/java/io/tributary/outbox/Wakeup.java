package io.tributary.outbox;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes an idle shard publisher when rows of its shard (or of unnamed shards) were committed; one per shard. The
 * publisher reads the generation before it looks for rows and waits only if no signal came since, so no wake-up
 * is lost.
 *
 * <p>A signal takes no lock: it comes from the writers' request threads after every commit, and a monitor here
 * (with {@code notifyAll}) made those threads queue behind each other and the publisher. A sample service at
 * ~100 commits/s spent ~4 % of its CPU contending for it. The signaller bumps the generation, then unparks the
 * waiters it sees; a waiter registers, then re-reads the generation before it parks: one of the two always sees the
 * other.
 *
 * <p>A notification that names its rows' positions is no signal if the publisher's recent claims took all of them
 * (it arrived after the claim that took its rows: a claim now would find nothing). A row a claim took was committed
 * before that claim, so every later claim sees it too, unless it was sent or is in a batch in doubt.
 */
final class Wakeup {

    /** How many of the latest claims' positions are kept: notifications arrive within ms of their commit. */
    static final int CLAIMS_REMEMBERED = 64;

    private final AtomicLong generation = new AtomicLong();
    /** Publishers waiting for a signal: one, or briefly two while a shard changes hands within this relay. */
    private final Set<Thread> waiters = ConcurrentHashMap.newKeySet();
    /** The positions of the latest claims, each sorted; a ring. Guarded by itself. */
    private final long[][] claimedLately = new long[CLAIMS_REMEMBERED][];
    private int nextClaim;

    long generation() {
        return generation.get();
    }

    void signal() {
        generation.incrementAndGet();
        if (!waiters.isEmpty()) {
            waiters.forEach(LockSupport::unpark);
        }
    }

    /** Rows at these positions were committed: a signal, unless a recent claim took every one of them. */
    void signal(long[] positions) {
        synchronized (claimedLately) {
            for (long position : positions) {
                if (!claimedLately(position)) {
                    signal();
                    return;
                }
            }
        }
    }

    /** The publisher claimed the rows at these positions. */
    void claimed(long[] positions) {
        long[] sorted = positions.clone();
        Arrays.sort(sorted);
        synchronized (claimedLately) {
            claimedLately[nextClaim] = sorted;
            nextClaim = (nextClaim + 1) % CLAIMS_REMEMBERED;
        }
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
    boolean await(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread waiter = Thread.currentThread();
        waiters.add(waiter);
        try {
            while (generation.get() == seen) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            waiters.remove(waiter);
        }
    }

    /** Whether a publisher is waiting for a signal: it found no rows and will not look again until signalled or timed out. */
    boolean isWaiting() {
        return !waiters.isEmpty();
    }
}
