package io.tributary.platform.log;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.threads.Pauser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the Chronicle Queue of a partition with Tributary's settings. */
final class PartitionQueues {

    private static final Logger log = LoggerFactory.getLogger(PartitionQueues.class);

    private PartitionQueues() {
    }

    /**
     * @param blockSize Chronicle's mapping chunk; it refuses documents larger than a quarter of it
     */
    static SingleChronicleQueue open(Path dir, RollCycle rollCycle, TimeProvider time, FlushPolicy flush, long blockSize,
            String partitionName) {
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                .timeProvider(time)
                .blockSize(blockSize);
        if (flush == FlushPolicy.ALWAYS) {
            // Chunks released by Chronicle are msync'ed synchronously too (not only our fsync per batch).
            builder.syncMode(SyncMode.SYNC);
        }
        SingleChronicleQueue opened = builder.build();
        try {
            releaseWriteLockOfAPreviousIncarnation(opened, partitionName);
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * Chronicle force-unlocks, at open, a write lock held by a dead process; but a broker restarted in a
     * container is often PID 1 again, so the lock its previous incarnation died holding looks held by a
     * live process (us). Chronicle would then make every append wait 10 s and fail. Nothing else in this
     * JVM writes this partition (one store per data directory), so a lock under our own PID at open is
     * such a leftover: release it. The half-written document it guarded is overwritten by the next append.
     */
    private static void releaseWriteLockOfAPreviousIncarnation(SingleChronicleQueue opened, String partitionName) {
        try (TableStoreWriteLock lock = new TableStoreWriteLock(opened.metaStore(), Pauser::balanced, 0L)) {
            if (lock.locked() && lock.isLockedByCurrentProcess(pid -> { })) {
                log.warn("{}: releasing Chronicle's write lock left under our own process id by a previous run", partitionName);
                lock.forceUnlock();
            }
        }
    }
}
