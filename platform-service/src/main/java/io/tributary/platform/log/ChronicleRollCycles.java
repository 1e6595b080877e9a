package io.tributary.platform.log;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Maps our {@link RollCycle} to the Chronicle roll cycle of the same length. Chronicle 2026.4 has no
 * secondly or minutely cycle among its {@code RollCycles}, so those come from its test and legacy sets
 * (both allow far more records per cycle than a second or a minute can take).
 */
final class ChronicleRollCycles {

    private ChronicleRollCycles() {
    }

    static net.openhft.chronicle.queue.RollCycle of(RollCycle rollCycle) {
        return switch (rollCycle) {
            case SECONDLY -> TestRollCycles.TEST_SECONDLY;
            case MINUTELY -> LegacyRollCycles.MINUTELY;
            case TEN_MINUTELY -> RollCycles.TEN_MINUTELY;
            case HOURLY -> RollCycles.FAST_HOURLY;
            case DAILY -> RollCycles.FAST_DAILY;
        };
    }
}
