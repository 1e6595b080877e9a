package io.tributary.platform.produce;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.OffsetOutOfRangeException;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.ProducerStamp;
import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * De-duplicates produce requests of idempotent producers, as Kafka's idempotent producer does, but per
 * HTTP request: a producer (id, epoch) numbers its requests; a new request must carry the last sequence
 * + 1; a retry of one of the last {@value #REMEMBERED} sequences is answered with the offsets it got the
 * first time instead of appending again.
 *
 * <p>The state is rebuilt at startup from the producer stamps stored with each record (scanning the last
 * {@code tributary.platform.producers.expiration} of every partition), so de-duplication survives kill -9.
 * A request can span several partitions and a crash may have written only some of them, or only the
 * first records of a partition's batch: a retry appends exactly what is missing, so every record is in
 * the log once. Memory: one small entry per live producer, forgotten after the expiration.
 *
 * <p>Thread-safe: requests of one producer are serialised on its state; producers are independent.
 */
@Component
final class IdempotentProducers {

    static final int REMEMBERED = 5;
    private static final Logger log = LoggerFactory.getLogger(IdempotentProducers.class);

    private final ConcurrentHashMap<Long, ProducerState> producers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration expiration;

    IdempotentProducers(LogStore store, Clock clock, PlatformProperties properties) {
        this.clock = clock;
        this.expiration = properties.producers().expiration();
        rebuild(store);
    }

    /** Outcome of an idempotent append: first offset per partition, and whether nothing new was written. */
    record Appended(Map<Integer, Long> firstOffsets, boolean duplicate) {
    }

    /**
     * Appends the batches (partition → records, records in request order) unless this request was
     * already appended, in which case the original offsets are returned.
     */
    Appended append(TopicLog topic, Map<Integer, List<NewRecord>> batches, ProducerStamp stamp) {
        ProducerState state = producers.computeIfAbsent(stamp.producerId(), id -> new ProducerState(stamp.epoch()));
        synchronized (state) {
            state.lastSeenMillis = clock.millis();
            if (stamp.epoch() < state.epoch) {
                throw new ApiException(ErrorCode.INVALID_PRODUCER_SEQUENCE, "Producer " + stamp.producerId()
                        + " is fenced: epoch " + stamp.epoch() + " is older than the current epoch " + state.epoch);
            }
            if (stamp.epoch() > state.epoch) {
                state.startEpoch(stamp.epoch());
            }
            Map<TopicPartition, Batch> earlier = state.recent.get(stamp.sequence());
            if (earlier == null && state.lastSequence >= 0 && stamp.sequence() != state.lastSequence + 1) {
                throw new ApiException(ErrorCode.INVALID_PRODUCER_SEQUENCE, "Out-of-order sequence "
                        + stamp.sequence() + " for producer " + stamp.producerId() + " epoch " + stamp.epoch()
                        + ": expected " + (state.lastSequence + 1) + " (or a retry of one of the last "
                        + REMEMBERED + " requests)");
            }
            Map<TopicPartition, Batch> written = earlier;
            if (written == null) {
                // Remembered before appending, so a retry after a partial failure appends only what is missing.
                written = new HashMap<>();
                state.remember(stamp.sequence(), written);
            }
            Map<Integer, Long> firstOffsets = new HashMap<>();
            boolean duplicate = true;
            for (Map.Entry<Integer, List<NewRecord>> entry : batches.entrySet()) {
                TopicPartition tp = new TopicPartition(topic.name(), entry.getKey());
                List<NewRecord> records = entry.getValue();
                Batch before = written.get(tp);
                int alreadyWritten = before == null ? 0 : Math.min(before.count, records.size());
                if (alreadyWritten == records.size()) {
                    firstOffsets.put(tp.partition(), before.firstOffset);
                    continue;
                }
                duplicate = false;
                // A crash may have left only the first records of this batch: append the rest, in order.
                long first = topic.partition(tp.partition())
                        .append(records.subList(alreadyWritten, records.size()), stamp);
                long firstOffset = before == null ? first : before.firstOffset;
                written.put(tp, new Batch(firstOffset, records.size()));
                firstOffsets.put(tp.partition(), alreadyWritten == 0 ? first : firstOffset);
            }
            return new Appended(firstOffsets, duplicate && earlier != null);
        }
    }

    /** Forgets producers idle for longer than the expiration. */
    @Scheduled(fixedDelay = 60_000)
    void expireIdleProducers() {
        long cutoff = clock.millis() - expiration.toMillis();
        int before = producers.size();
        producers.values().removeIf(state -> {
            synchronized (state) {
                return state.lastSeenMillis < cutoff;
            }
        });
        int removed = before - producers.size();
        if (removed > 0) {
            log.info("Expired {} idle idempotent producers", removed);
        }
    }

    int size() {
        return producers.size();
    }

    private void rebuild(LogStore store) {
        long started = System.nanoTime();
        long since = clock.millis() - expiration.toMillis();
        long scanned = 0;
        for (TopicLog topic : store.topics()) {
            for (PartitionLog partition : topic.partitions()) {
                scanned += rebuild(topic.name(), partition, since);
                partition.releaseIdleReaders(); // else each partition keeps a mapped reader it may never use
            }
        }
        if (!producers.isEmpty() || scanned > 0) {
            log.info("Rebuilt state of {} idempotent producers from {} records in {} ms", producers.size(), scanned,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private long rebuild(String topic, PartitionLog partition, long sinceMillis) {
        long offset = Math.max(partition.beginningOffset(), partition.offsetForTimestamp(sinceMillis));
        long scanned = 0;
        while (offset < partition.endOffset()) {
            List<StoredRecord> records;
            try {
                records = partition.read(offset, 4096, 16 * 1024 * 1024);
            } catch (OffsetOutOfRangeException deletedMeanwhile) {
                offset = partition.beginningOffset();
                continue;
            }
            if (records.isEmpty()) {
                break;
            }
            for (StoredRecord record : records) {
                ProducerStamp stamp = record.producer();
                if (stamp != null) {
                    replay(new TopicPartition(topic, partition.partition()), record.offset(), record.timestamp(), stamp);
                }
            }
            scanned += records.size();
            offset = records.get(records.size() - 1).offset() + 1;
        }
        return scanned;
    }

    private void replay(TopicPartition tp, long offset, long timestamp, ProducerStamp stamp) {
        ProducerState state = producers.computeIfAbsent(stamp.producerId(), id -> new ProducerState(stamp.epoch()));
        if (stamp.epoch() < state.epoch) {
            return;
        }
        if (stamp.epoch() > state.epoch) {
            state.startEpoch(stamp.epoch());
        }
        state.lastSeenMillis = Math.max(state.lastSeenMillis, timestamp);
        Map<TopicPartition, Batch> batches = state.recent.get(stamp.sequence());
        if (batches == null) {
            if (stamp.sequence() <= state.lastSequence - REMEMBERED) {
                return;
            }
            batches = new HashMap<>();
            state.remember(stamp.sequence(), batches);
        }
        Batch batch = batches.get(tp);
        batches.put(tp, batch == null ? new Batch(offset, 1) : new Batch(batch.firstOffset, batch.count + 1));
    }

    private record TopicPartition(String topic, int partition) {
    }

    private record Batch(long firstOffset, int count) {
    }

    /** What is known of one producer; guarded by its own monitor. */
    private static final class ProducerState {
        int epoch;
        long lastSequence = -1;
        long lastSeenMillis;
        /** The last sequences and what each wrote. */
        final TreeMap<Long, Map<TopicPartition, Batch>> recent = new TreeMap<>();

        ProducerState(int epoch) {
            this.epoch = epoch;
        }

        void startEpoch(int newEpoch) {
            epoch = newEpoch;
            lastSequence = -1;
            recent.clear();
        }

        void remember(long sequence, Map<TopicPartition, Batch> batches) {
            recent.put(sequence, batches);
            lastSequence = Math.max(lastSequence, sequence);
            while (recent.size() > REMEMBERED) {
                recent.pollFirstEntry();
            }
        }
    }
}
