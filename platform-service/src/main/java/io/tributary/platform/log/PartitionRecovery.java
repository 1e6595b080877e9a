package io.tributary.platform.log;

import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a partition learns from its files when it opens: the first record of every cycle (the anchors of
 * the {@link OffsetIndex}), each cycle's size, and, reading backwards from the end, the last record whose
 * checksum is valid — the end offset is its offset + 1, so a torn or corrupt tail is never counted and
 * new records continue right after the last valid one.
 */
final class PartitionRecovery {

    private static final Logger log = LoggerFactory.getLogger(PartitionRecovery.class);

    /** Where appending continues; an empty partition starts at offset 0, timestamp 0, no Chronicle index. */
    record Recovered(long nextOffset, long lastTimestamp, long lastIndex) {
        static final Recovered EMPTY = new Recovered(0, 0, -1);
    }

    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private final OffsetIndex index;
    private final String partitionName;

    PartitionRecovery(SingleChronicleQueue queue, RollCycle rollCycle, OffsetIndex index, String partitionName) {
        this.queue = queue;
        this.rollCycle = rollCycle;
        this.index = index;
        this.partitionName = partitionName;
    }

    /** Fills the index and {@code cycleBytes}; returns where appending continues. */
    Recovered recover(Map<Integer, Long> cycleBytes) {
        int firstCycle = queue.firstCycle();
        int lastCycle = queue.lastCycle();
        if (firstCycle > lastCycle || lastCycle == Integer.MIN_VALUE) {
            return Recovered.EMPTY;
        }
        // Chronicle maps a cycle file while a tailer or store holds it and unmaps it when the last one lets go.
        // The forward tailer stays on each file while its size is read, and on the newest one while the backward
        // scan reads it, so every file is mapped once; closing it unmaps all that recovery touched (the
        // appender maps the newest file again on the first append).
        ExcerptTailer forward = queue.createTailer();
        try {
            anchorEveryCycle(forward, firstCycle, lastCycle, cycleBytes);
            return lastValidRecord();
        } finally {
            forward.close();
        }
    }

    private void anchorEveryCycle(ExcerptTailer forward, int firstCycle, int lastCycle, Map<Integer, Long> cycleBytes) {
        RecordCursor cursor = new RecordCursor(forward, index, partitionName);
        for (Long c : queue.listCyclesBetween(firstCycle, lastCycle)) {
            int cycle = c.intValue();
            boolean present = forward.moveToCycle(cycle);
            cycleBytes.put(cycle, storeBytes(queue, cycle));
            if (!present) {
                continue;
            }
            // The first valid record of the cycle is its anchor.
            StoredRecord record = cursor.next();
            if (record != null && rollCycle.toCycle(cursor.lastReadIndex) == cycle) {
                index.add(record.offset(), cursor.lastReadIndex);
            }
        }
    }

    private Recovered lastValidRecord() {
        ExcerptTailer backward = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd();
        try {
            RecordCursor cursor = new RecordCursor(backward, index, partitionName);
            int skipped = 0;
            Recovered recovered = Recovered.EMPTY;
            while (true) {
                try (DocumentContext dc = backward.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    int length = (int) Math.min(bytes.readRemaining(), Integer.MAX_VALUE - 8);
                    byte[] buffer = new byte[length];
                    bytes.read(buffer, 0, length);
                    StoredRecord record = RecordCodec.decode(buffer, length, cursor.crc);
                    if (record != null) {
                        recovered = new Recovered(record.offset() + 1, record.timestamp(), dc.index());
                        break;
                    }
                    skipped++;
                }
            }
            if (skipped > 0) {
                log.warn("{}: ignored {} corrupt record(s) at the end of the log; continuing at offset {}",
                        partitionName, skipped, recovered.nextOffset());
            }
            return recovered;
        } finally {
            backward.close();
        }
    }

    /** Chronicle's write position in a cycle file: header, index area and documents, not the sparse tail. */
    static long storeBytes(SingleChronicleQueue queue, int cycle) {
        SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null) {
            return 0;
        }
        try {
            return store.writePosition();
        } finally {
            queue.closeStore(store);
        }
    }
}
