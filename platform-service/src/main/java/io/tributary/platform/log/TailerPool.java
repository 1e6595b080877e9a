package io.tributary.platform.log;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * A few idle tailers of one queue, reused across reads (creating one per read costs more than the read).
 * A tailer is used by one thread at a time and handed over through the pool, so Chronicle's
 * single-thread check is off for them. Thread-safe.
 */
final class TailerPool {

    private static final int MAX_IDLE = 8;

    private final Supplier<ChronicleQueue> queue;
    private final ConcurrentLinkedQueue<ExcerptTailer> idle = new ConcurrentLinkedQueue<>();

    /** @param queue the current queue (it is replaced when the partition re-opens its files) */
    TailerPool(Supplier<ChronicleQueue> queue) {
        this.queue = queue;
    }

    ExcerptTailer borrow() {
        ExcerptTailer tailer = idle.poll();
        if (tailer == null) {
            tailer = queue.get().createTailer();
            tailer.singleThreadedCheckDisabled(true);
        }
        return tailer;
    }

    void giveBack(ExcerptTailer tailer) {
        if (idle.size() < MAX_IDLE) {
            idle.offer(tailer);
        } else {
            tailer.close();
        }
    }

    /** Closes the idle tailers; borrowed ones are untouched (they come back through {@link #giveBack}). */
    void close() {
        for (ExcerptTailer tailer; (tailer = idle.poll()) != null; ) {
            tailer.close();
        }
    }
}
