package io.tributary.platform.consume;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.AppendListener;
import io.tributary.platform.log.LogException;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.OffsetOutOfRangeException;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.PartitionNotFoundException;
import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.log.TopicNotFoundException;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fetches records for consumer instances, with long polling that holds no thread while it waits.
 *
 * <p>A fetch first tries on the request thread. If nothing is there (or less than
 * {@code fetch.min.bytes}) it becomes a {@link Waiter}: indexed under the partitions its instance owns,
 * signalled by the log's {@link AppendListener} (and by rebalances), retried on a small worker pool,
 * and answered with what there is (often {@code []}) when its timeout fires. Retries of one waiter are
 * coalesced and serialised; a waiter is indexed before each try, so an append cannot slip between a
 * try and the wait.
 *
 * <p>Positions advance only when records are returned. A record that cannot be rendered in the
 * instance's format ends the fetch with 42203 (after the records before it) and the position stays on
 * it: never silently skipped.
 */
@Component
final class RecordFetcher implements AppendListener, SmartLifecycle, DisposableBean {

    /** max_bytes when the request names none, as the Confluent proxy's consumer.request.max.bytes. */
    static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RecordFetcher.class);

    private final GroupCoordinator coordinator;
    private final ConsumerMetrics metrics;
    /** Records per fetch at most ({@code tributary.platform.consumers.max-fetch-records}). */
    private final int maxRecords;
    private final Map<TopicPartition, Set<Waiter>> waitersByPartition = new ConcurrentHashMap<>();
    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("fetch-timeouts"));
    private final ExecutorService workers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("fetch-waiters"));

    RecordFetcher(GroupCoordinator coordinator, LogStore logStore, ConsumerMetrics metrics, PlatformProperties properties) {
        this.coordinator = coordinator;
        this.metrics = metrics;
        this.maxRecords = properties.consumers().maxFetchRecords();
        logStore.addAppendListener(this);
    }

    /**
     * Fetches records of the partitions the instance owns.
     *
     * @param timeoutMs how long to wait for records; null uses the instance's consumer.request.timeout.ms
     * @param maxBytes  byte budget of key, value and header bytes; one larger record is still returned
     * @return completes with the records (possibly none) or exceptionally with an {@link ApiException}
     */
    CompletableFuture<List<ConsumerRecordResponse>> fetch(ConsumerInstance instance, @Nullable Long timeoutMs, @Nullable Long maxBytes) {
        if (timeoutMs != null && timeoutMs < 0) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "timeout must not be negative");
        }
        if (maxBytes != null && maxBytes < 1) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "max_bytes must be positive");
        }
        long timeout = Math.min(timeoutMs != null ? timeoutMs : instance.settings.requestTimeout().toMillis(),
                ConsumerSettings.MAX_REQUEST_TIMEOUT.toMillis());
        if (!running) {
            timeout = 0; // shutting down: answer with what there is, do not hold the request
        }
        synchronized (instance.group) {
            coordinator.requireLive(instance);
            if (instance.subscription == null && instance.manualAssignment == null) {
                throw new ApiException(ErrorCode.ILLEGAL_STATE, "Consumer instance " + instance.name
                        + " is neither subscribed nor assigned; subscribe (POST .../subscription) or assign partitions first");
            }
            if (instance.settings.autoCommit()) {
                // What the previous fetch returned has been received: commit it.
                coordinator.commitPositions(instance, instance.owned);
            }
        }
        Waiter waiter = new Waiter(instance, maxBytes != null ? maxBytes : DEFAULT_MAX_BYTES);
        instance.activeFetches.incrementAndGet();
        instance.waiters.add(waiter.waker);
        waiting.add(waiter);
        if (timeout > 0) {
            waiter.timeout = timer.schedule(() -> workers.execute(() -> waiter.tryFetch(true)), timeout, TimeUnit.MILLISECONDS);
        }
        waiter.tryFetch(timeout == 0);
        return waiter.future;
    }

    @Override
    public void appended(String topic, int partition, long endOffset) {
        Set<Waiter> waiters = waitersByPartition.get(new TopicPartition(topic, partition));
        if (waiters != null) {
            waiters.forEach(Waiter::signal);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Answers every waiting fetch with what there is, before the web server's graceful shutdown starts
     * waiting for open requests (a long poll could otherwise hold it for minutes).
     */
    @Override
    public void stop() {
        running = false;
        for (Waiter waiter : waiting) {
            waiter.tryFetch(true);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        workers.shutdownNow();
    }

    /** Records of the owned partitions from the instance's positions; null when there is not enough yet and waiting may go on. */
    private @Nullable List<ConsumerRecordResponse> attempt(ConsumerInstance instance, long maxBytes, boolean mustAnswer) {
        List<TopicPartition> owned = new ArrayList<>(instance.owned);
        List<ConsumerRecordResponse> records = new ArrayList<>();
        Map<TopicPartition, Long> advanced = new TreeMap<>();
        long bytes = 0;
        int n = owned.size();
        int start = n == 0 ? 0 : Math.floorMod(instance.nextPartitionIndex++, n);
        boolean full = false;
        for (int i = 0; i < n && !full && records.size() < maxRecords && bytes < maxBytes; i++) {
            TopicPartition tp = owned.get((start + i) % n);
            PartitionLog partition;
            try {
                partition = coordinator.requirePartition(tp);
            } catch (TopicNotFoundException | PartitionNotFoundException e) {
                continue; // deleted; the next rebalance drops it
            }
            long position = position(instance, tp, partition);
            if (position >= partition.endOffset()) {
                continue;
            }
            List<StoredRecord> read;
            try {
                read = partition.read(position, maxRecords - records.size(), records.isEmpty() ? maxBytes : maxBytes - bytes);
            } catch (OffsetOutOfRangeException e) {
                instance.positions.remove(tp); // retention raced the read; resolved again next time
                continue;
            }
            long next = -1;
            for (StoredRecord record : read) {
                if (!records.isEmpty() && bytes + record.sizeInBytes() > maxBytes) {
                    full = true;
                    break;
                }
                ConsumerRecordResponse rendered;
                try {
                    rendered = render(instance.settings.format(), tp, record);
                } catch (IllegalArgumentException e) {
                    if (records.isEmpty()) {
                        throw new ApiException(ErrorCode.INVALID_RECORD_DATA, "The record at offset " + record.offset()
                                + " of topic " + tp.topic() + " partition " + tp.partition() + " cannot be read as "
                                + instance.settings.format().wireName() + ": " + e.getMessage()
                                + ". The position stays on it: seek past it (POST .../positions) or read it with a binary consumer");
                    }
                    full = true; // answer what came before it; the next fetch reports it
                    break;
                }
                records.add(rendered);
                bytes += record.sizeInBytes();
                next = record.offset() + 1;
            }
            if (next >= 0) {
                advanced.put(tp, next); // once per partition: a map insert per record showed in profiles
            }
        }
        if (!mustAnswer && (records.isEmpty() || bytes < instance.settings.fetchMinBytes())) {
            return null;
        }
        instance.positions.putAll(advanced);
        metrics.fetched(instance.groupName(), records.size(), bytes);
        return records;
    }

    /** The instance's next offset in the partition, resolved (committed or reset) and kept in range. */
    private long position(ConsumerInstance instance, TopicPartition tp, PartitionLog partition) {
        Long known = instance.positions.get(tp);
        long position = known != null ? known : coordinator.startOffset(instance, tp, partition);
        if (position < partition.beginningOffset() || position > partition.endOffset()) {
            long reset = coordinator.resetOffset(instance, partition);
            log.info("Position {} of {} in {} is out of range [{}, {}] (deleted by retention?); reset to {}",
                    position, instance, tp, partition.beginningOffset(), partition.endOffset(), reset);
            position = reset;
        }
        instance.positions.put(tp, position);
        return position;
    }

    private static ConsumerRecordResponse render(RecordFormat format, TopicPartition tp, StoredRecord record) {
        Object key;
        try {
            key = format.embed(record.array(), record.keyOffset(), record.keyLength());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is " + e.getMessage());
        }
        Object value;
        try {
            value = format.embed(record.array(), record.valueOffset(), record.valueLength());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value is " + e.getMessage());
        }
        List<ConsumerRecordResponse.Header> headers = record.headers().isEmpty() ? List.of() : new ArrayList<>(record.headers().size());
        for (RecordHeader header : record.headers()) {
            headers.add(new ConsumerRecordResponse.Header(header.name(), Base64.getEncoder().encodeToString(header.value())));
        }
        return new ConsumerRecordResponse(tp.topic(), key, value, tp.partition(), record.offset(), headers, record.timestamp());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A fetch waiting for records. */
    private final class Waiter {

        final ConsumerInstance instance;
        final long maxBytes;
        final CompletableFuture<List<ConsumerRecordResponse>> future = new CompletableFuture<>();
        final Runnable waker = this::signal;
        final AtomicInteger signals = new AtomicInteger();
        /** Guarded by the group's monitor. */
        Set<TopicPartition> indexedUnder = Set.of();
        boolean finished;
        volatile @Nullable ScheduledFuture<?> timeout;

        Waiter(ConsumerInstance instance, long maxBytes) {
            this.instance = instance;
            this.maxBytes = maxBytes;
        }

        void signal() {
            if (signals.getAndIncrement() == 0) {
                try {
                    workers.execute(this::drain);
                } catch (RuntimeException rejected) {
                    signals.set(0); // shutting down
                }
            }
        }

        private void drain() {
            int seen;
            do {
                seen = signals.get();
                tryFetch(false);
            } while (signals.addAndGet(-seen) != 0);
        }

        /** One try; with {@code mustAnswer} (timeout) it answers with whatever there is. */
        void tryFetch(boolean mustAnswer) {
            List<ConsumerRecordResponse> records = null;
            RuntimeException error = null;
            synchronized (instance.group) {
                if (finished) {
                    return;
                }
                try {
                    if (future.isDone()) {
                        finished = true; // abandoned (client gone or safety timeout)
                    } else {
                        coordinator.requireLive(instance);
                        index(instance.owned);
                        records = attempt(instance, maxBytes, mustAnswer);
                        finished = records != null;
                    }
                } catch (ApiException e) {
                    error = e;
                    finished = true;
                } catch (LogException e) {
                    error = e;
                    finished = true;
                } catch (RuntimeException e) {
                    log.error("Fetch for {} failed", instance, e);
                    error = new ApiException(ErrorCode.INTERNAL, "Fetch failed: " + e.getClass().getSimpleName());
                    finished = true;
                }
                if (!finished) {
                    return;
                }
                index(Set.of());
            }
            instance.waiters.remove(waker);
            waiting.remove(this);
            ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            instance.lastSeenMillis = coordinator.nowMillis();
            instance.activeFetches.decrementAndGet();
            if (error != null) {
                future.completeExceptionally(error);
            } else if (records != null) {
                future.complete(records);
            }
        }

        private void index(Set<TopicPartition> partitions) {
            if (partitions.equals(indexedUnder)) {
                return;
            }
            for (TopicPartition tp : indexedUnder) {
                if (!partitions.contains(tp)) {
                    waitersByPartition.computeIfPresent(tp, (k, set) -> {
                        set.remove(this);
                        return set.isEmpty() ? null : set;
                    });
                }
            }
            for (TopicPartition tp : partitions) {
                waitersByPartition.compute(tp, (k, set) -> {
                    Set<Waiter> waiters = set != null ? set : ConcurrentHashMap.newKeySet();
                    waiters.add(this);
                    return waiters;
                });
            }
            indexedUnder = Set.copyOf(partitions);
        }
    }
}
