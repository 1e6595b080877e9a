package io.tributary.platform.log;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * A few idle cursors of one partition, each with its tailer and codec, reused across reads (creating a
 * tailer per read costs more than the read). A cursor is used
 * by one thread at a time and handed over through the pool, so Chronicle's single-thread check is off for
 * its tailer. Thread-safe.
 */
final class CursorPool {

    private static final int MAX_IDLE = 8;

    private final Supplier<ChronicleQueue> queue;
    private final OffsetIndex index;
    private final String partitionName;
    private final ConcurrentLinkedQueue<RecordCursor> idle = new ConcurrentLinkedQueue<>();

    /** @param queue the current queue (it is replaced when the partition re-opens its files) */
    CursorPool(Supplier<ChronicleQueue> queue, OffsetIndex index, String partitionName) {
        this.queue = queue;
        this.index = index;
        this.partitionName = partitionName;
    }

    RecordCursor borrow() {
        RecordCursor cursor = idle.poll();
        if (cursor == null) {
            ExcerptTailer tailer = queue.get().createTailer();
            tailer.singleThreadedCheckDisabled(true);
            cursor = new RecordCursor(tailer, index, partitionName);
        }
        return cursor;
    }

    void giveBack(RecordCursor cursor) {
        if (idle.size() < MAX_IDLE) {
            idle.offer(cursor);
        } else {
            cursor.tailer.close();
        }
    }

    /** Closes the idle cursors' tailers; borrowed ones are untouched (they come back through {@link #giveBack}). */
    void close() {
        for (RecordCursor cursor; (cursor = idle.poll()) != null; ) {
            cursor.tailer.close();
        }
    }
}
