package io.tributary.platform.log;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import net.openhft.chronicle.queue.RollCycle;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Chronicle index of a record offset without scanning from the start.
 *
 * <p>Keeps "anchors" (offset -> Chronicle index): the first record of each cycle, plus every record
 * whose index is not the previous record's index + 1 (after a skipped corrupt record). Between two
 * anchors the index advances by exactly 1 per offset, so {@code index(X) = anchor.index + (X -
 * anchor.offset)} for the floor anchor; the reader verifies the offset stored in the document and falls
 * back to a scan (adding an anchor) if it does not match. A few entries per cycle: cheap to rebuild at
 * open from each cycle's first document.
 *
 * <p>Thread-safe (a concurrent skip list): appends add anchors while readers look them up.
 */
final class OffsetIndex {

    private final ConcurrentSkipListMap<Long, Long> anchors = new ConcurrentSkipListMap<>();

    void add(long offset, long chronicleIndex) {
        anchors.put(offset, chronicleIndex);
    }

    /** The anchor at or before {@code offset}, else the first anchor, else null. */
    Map.@Nullable Entry<Long, Long> floorOrFirst(long offset) {
        Map.Entry<Long, Long> floor = anchors.floorEntry(offset);
        return floor != null ? floor : anchors.firstEntry();
    }

    /** The first anchored offset whose record lives in {@code cycle} or later, or -1. */
    long firstOffsetFromCycle(int cycle, RollCycle rollCycle) {
        for (Map.Entry<Long, Long> anchor : anchors.entrySet()) {
            if (rollCycle.toCycle(anchor.getValue()) >= cycle) {
                return anchor.getKey();
            }
        }
        return -1;
    }

    void removeBefore(long offset) {
        anchors.headMap(offset).clear();
    }

    boolean isEmpty() {
        return anchors.isEmpty();
    }

    long firstOffset() {
        return anchors.firstKey();
    }

    int size() {
        return anchors.size();
    }
}
