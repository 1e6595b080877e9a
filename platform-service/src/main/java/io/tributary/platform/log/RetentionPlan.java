package io.tributary.platform.log;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/** Decides which whole cycle files of a partition retention deletes. Retention never splits a file. */
final class RetentionPlan {

    private RetentionPlan() {
    }

    /**
     * The cycles to delete, oldest first: closed ones (never the newest file, which is or will be written
     * to, nor any cycle not yet in the past) older than {@code retention.ms}, then, while the partition
     * is larger than {@code retention.bytes}, the oldest remaining ones.
     *
     * @param cycleBytes the bytes of a cycle's file, 0 if unknown
     */
    static List<Integer> cyclesToDelete(SingleChronicleQueue queue, RollCycle rollCycle, IntToLongFunction cycleBytes,
            TopicConfig config, long nowMs) {
        // Our own appender keeps Chronicle's listing current; only deleting files needs a refresh.
        int firstCycle = queue.firstCycle();
        int lastCycle = queue.lastCycle();
        if (firstCycle >= lastCycle) {
            return List.of(); // no file, or only the newest one
        }
        int currentCycle = queue.cycle();
        List<Integer> cycles = new ArrayList<>();
        for (Long cycle : queue.listCyclesBetween(firstCycle, lastCycle)) {
            cycles.add(cycle.intValue());
        }
        long total = 0;
        for (int cycle : cycles) {
            total += cycleBytes.applyAsLong(cycle);
        }
        List<Integer> doomed = new ArrayList<>();
        for (int cycle : cycles) {
            // Never the newest file (the appender's), nor anything not yet in the past.
            if (cycle >= lastCycle || cycle >= currentCycle) {
                break;
            }
            long cycleEnd = queue.epoch() + (cycle + 1L) * rollCycle.lengthInMillis();
            boolean expired = config.retentionMs() > 0 && nowMs - cycleEnd > config.retentionMs();
            boolean oversized = config.retentionBytes() > 0 && total > config.retentionBytes();
            if (!expired && !oversized) {
                break;
            }
            doomed.add(cycle);
            total -= cycleBytes.applyAsLong(cycle);
        }
        return doomed;
    }
}
