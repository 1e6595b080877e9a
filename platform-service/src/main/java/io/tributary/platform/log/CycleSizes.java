package io.tributary.platform.log;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.jspecify.annotations.Nullable;

/**
 * Bytes used per cycle file of one partition: for each file Chronicle's write position (its header, index area and
 * documents, not the preallocated sparse tail) as found at open, plus the documents appended since (4-byte Chronicle
 * header + encoded record). Within one record of the truth; what {@code sizeInBytes} and retention by size count.
 *
 * <p>Only the partition's appender (under its append lock) adds to a counter or switches the live cycle; anyone may
 * read. The live cycle's counter is kept at hand so that an append does not look it up in the map.
 */
final class CycleSizes {

    private final ConcurrentSkipListMap<Integer, AtomicLong> bytes = new ConcurrentSkipListMap<>();
    private int liveCycle = Integer.MIN_VALUE;
    private @Nullable AtomicLong live;

    /** The sizes recovery found at open, by cycle. */
    void putRecovered(Map<Integer, Long> sizes) {
        sizes.forEach((cycle, size) -> bytes.put(cycle, new AtomicLong(size)));
    }

    long total() {
        long total = 0;
        for (AtomicLong size : bytes.values()) {
            total += size.get();
        }
        return total;
    }

    long of(int cycle) {
        AtomicLong size = bytes.get(cycle);
        return size != null ? size.get() : 0;
    }

    boolean isLive(int cycle) {
        return cycle == liveCycle;
    }

    /** The appender moved on to {@code cycle}: a file new to this map counts its header and index area as recovery does. */
    void switchLive(int cycle, SingleChronicleQueue queue) {
        AtomicLong size = bytes.get(cycle);
        if (size == null) {
            size = new AtomicLong(PartitionRecovery.storeBytes(queue, cycle));
            bytes.put(cycle, size);
        }
        liveCycle = cycle;
        live = size;
    }

    /** Documents of {@code added} bytes were appended to the live cycle. */
    void addToLive(long added) {
        AtomicLong counter = live;
        if (counter != null && added > 0) {
            // Only the appender writes the counter (under the append lock): an ordered store is enough.
            counter.setRelease(counter.getPlain() + added);
        }
    }

    /** The cycle's file was deleted (or was never there). */
    void forget(int cycle) {
        bytes.remove(cycle);
        if (cycle == liveCycle) {
            liveCycle = Integer.MIN_VALUE;
            live = null;
        }
    }
}
