package io.tributary.outbox;

/**
 * How long the relay's background threads (coordinator, listener, notifier) wait before they reconnect to
 * PostgreSQL after consecutive failures: 200 ms doubling up to 5 s, so a restarting server is found again within
 * seconds without a reconnect storm while it stays down.
 */
final class ReconnectBackoff {

    private ReconnectBackoff() {
    }

    /** The pause after {@code failures} consecutive failures (1 or more), in milliseconds. */
    static long millis(int failures) {
        return Math.min(5_000, 100L << Math.min(failures, 6));
    }
}
