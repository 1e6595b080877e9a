package io.tributary.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Produces records in batches, idempotently by default: every request carries the producer's id, epoch and
 * next sequence ({@link ProducerStamp}), and a retry re-sends the same request with the same sequence, so a
 * request whose answer was lost is appended once, not twice.
 *
 * <p>Invariant: requests of one producer are sent one at a time, in sequence order (the platform numbers
 * requests, not records, across all topics). A request that fails after its retries, or is rejected, may be
 * in doubt; the producer then starts a new epoch, so its next request is accepted whatever became of the last
 * one, and a late copy of the failed request is fenced instead of appended.
 *
 * <p>Thread-safe. {@link #send(String, List)} sends one or more requests at once; {@link #send(ProducerRecord)}
 * queues a record and a background sender groups queued records per topic into requests of at most
 * {@code batchSize} records, waiting up to {@code linger} for a batch to fill.
 */
public final class TributaryProducer implements AutoCloseable {

    private static final System.Logger log = System.getLogger(TributaryProducer.class.getName());

    private final TributaryClient client;
    private final boolean idempotent;
    private final long producerId;
    private final RetryPolicy retry;
    private final int batchSize;
    private final int maxBatchBytes;
    private final Duration linger;
    private final int maxQueued;

    /** Serialises requests, so sequences reach the platform in order. */
    private final ReentrantLock requestLock = new ReentrantLock(true);
    private int epoch;
    private long nextSequence;

    private final Object queueLock = new Object();
    private final Map<String, TopicQueue> queues = new LinkedHashMap<>();
    private int queued;
    private int inFlight;
    private int flushers;
    private boolean closed;
    private @Nullable Thread sender;

    private TributaryProducer(Builder builder) {
        this.client = builder.client;
        this.idempotent = builder.idempotent;
        this.producerId = builder.producerId != null ? builder.producerId
                : ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        this.epoch = builder.epoch;
        this.retry = builder.retry;
        this.batchSize = builder.batchSize;
        this.maxBatchBytes = builder.maxBatchBytes;
        this.linger = builder.linger;
        this.maxQueued = builder.maxQueued;
    }

    /** This producer's id (random unless given). */
    public long producerId() {
        return producerId;
    }

    /** The current epoch; it grows when a request ends in doubt. */
    public int epoch() {
        requestLock.lock();
        try {
            return epoch;
        } finally {
            requestLock.unlock();
        }
    }

    public boolean isIdempotent() {
        return idempotent;
    }

    /**
     * Sends the records to {@code topic} now, in as few requests as the batch limits allow, retrying each
     * request with its own sequence. Returns where each record went, in order.
     *
     * @throws TributaryApiException         a permanent rejection (e.g. 413, 422), or the last retriable error
     * @throws TributaryUnavailableException the platform stayed unreachable for the retry timeout
     */
    public List<RecordMetadata> send(String topic, List<ProducerRecord> records) {
        List<RecordMetadata> result = new ArrayList<>(records.size());
        int from = 0;
        while (from < records.size()) {
            int to = from;
            int bytes = 0;
            while (to < records.size() && to - from < batchSize
                    && (to == from || bytes + records.get(to).sizeInBytes() <= maxBatchBytes)) {
                bytes += records.get(to).sizeInBytes();
                to++;
            }
            result.addAll(sendRequest(topic, records.subList(from, to)).records());
            from = to;
        }
        return result;
    }

    /**
     * Queues a record; the future completes when the platform acknowledged it (or failed, after retries).
     * Blocks while {@code maxQueued} records are waiting.
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        synchronized (queueLock) {
            if (closed) {
                throw new IllegalStateException("producer closed");
            }
            while (queued >= maxQueued) {
                waitOn(queueLock, 0);
            }
            queues.computeIfAbsent(record.topic(), t -> new TopicQueue()).add(new Pending(record, future));
            queued++;
            if (sender == null) {
                sender = new Thread(this::runSender, "tributary-producer-" + producerId);
                sender.setDaemon(true);
                sender.start();
            }
            queueLock.notifyAll();
        }
        return future;
    }

    /** Sends everything queued now and waits until it is acknowledged (or failed). */
    public void flush() {
        synchronized (queueLock) {
            flushers++;
            queueLock.notifyAll();
            try {
                while (queued > 0 || inFlight > 0) {
                    waitOn(queueLock, 0);
                }
            } finally {
                flushers--;
            }
        }
    }

    /** Flushes, then stops the sender. */
    @Override
    public void close() {
        Thread thread;
        synchronized (queueLock) {
            if (closed) {
                return;
            }
            closed = true;
            queueLock.notifyAll();
            thread = sender;
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new TributaryInterruptedException(e);
            }
        }
    }

    /** One request, retried with the same stamp; a failure moves the producer to a new epoch. */
    ProduceResult sendRequest(String topic, List<ProducerRecord> records) {
        requestLock.lock();
        try {
            ProducerStamp stamp = idempotent ? new ProducerStamp(producerId, epoch, nextSequence) : null;
            try {
                ProduceResult result = retry.execute(() -> client.produce(topic, records, stamp));
                nextSequence++;
                return result;
            } catch (TributaryApiException.InvalidProducerSequenceException e) {
                // Fenced by a newer incarnation of this producer id (or the platform lost our state): not ours to fix.
                throw e;
            } catch (TributaryException e) {
                if (idempotent) {
                    // Rejected, or in doubt after the retries: whatever the platform did with this sequence, a new
                    // epoch accepts any next sequence, and fences a late copy of this request.
                    epoch++;
                    nextSequence = 0;
                    log.log(System.Logger.Level.WARNING, "Produce to {0} failed ({1}); producer {2} continues with epoch {3}",
                            topic, e.toString(), Long.toString(producerId), epoch);
                }
                throw e;
            }
        } finally {
            requestLock.unlock();
        }
    }

    private void runSender() {
        while (true) {
            String topic;
            List<Pending> batch;
            synchronized (queueLock) {
                Map.Entry<String, TopicQueue> ready = null;
                while (ready == null) {
                    if (closed && queued == 0) {
                        return;
                    }
                    long now = System.nanoTime();
                    long wait = linger.toNanos();
                    for (Map.Entry<String, TopicQueue> entry : queues.entrySet()) {
                        TopicQueue queue = entry.getValue();
                        if (queue.isEmpty()) {
                            continue;
                        }
                        long age = now - queue.firstQueuedAt();
                        if (closed || flushers > 0 || queue.size() >= batchSize || queue.bytes >= maxBatchBytes
                                || age >= linger.toNanos()) {
                            ready = entry;
                            break;
                        }
                        wait = Math.min(wait, linger.toNanos() - age);
                    }
                    if (ready == null) {
                        waitOn(queueLock, Math.max(1, wait / 1_000_000));
                    }
                }
                topic = ready.getKey();
                batch = ready.getValue().take(batchSize, maxBatchBytes);
                // Let the next topic go first next time, so one busy topic cannot starve the others.
                queues.remove(topic);
                if (!ready.getValue().isEmpty()) {
                    queues.put(topic, ready.getValue());
                }
                queued -= batch.size();
                inFlight += batch.size();
                queueLock.notifyAll();
            }
            try {
                List<ProducerRecord> records = new ArrayList<>(batch.size());
                batch.forEach(p -> records.add(p.record));
                List<RecordMetadata> metadata = sendRequest(topic, records).records();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).future.complete(metadata.get(i));
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.future.completeExceptionally(e));
            } finally {
                synchronized (queueLock) {
                    inFlight -= batch.size();
                    queueLock.notifyAll();
                }
            }
        }
    }

    private static void waitOn(Object monitor, long millis) {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            throw new TributaryInterruptedException(e);
        }
    }

    private record Pending(ProducerRecord record, CompletableFuture<RecordMetadata> future) {
    }

    /** Records waiting for one topic, with the time the oldest was queued. */
    private static final class TopicQueue {
        private final Deque<Pending> pending = new ArrayDeque<>();
        private final Deque<Long> queuedAt = new ArrayDeque<>();
        private long bytes;

        void add(Pending p) {
            pending.add(p);
            queuedAt.add(System.nanoTime());
            bytes += p.record.sizeInBytes();
        }

        boolean isEmpty() {
            return pending.isEmpty();
        }

        int size() {
            return pending.size();
        }

        long firstQueuedAt() {
            return Objects.requireNonNull(queuedAt.peekFirst());
        }

        List<Pending> take(int maxRecords, int maxBytes) {
            List<Pending> batch = new ArrayList<>();
            int batchBytes = 0;
            Iterator<Pending> it = pending.iterator();
            while (it.hasNext() && batch.size() < maxRecords) {
                Pending next = it.next();
                int size = next.record.sizeInBytes();
                if (!batch.isEmpty() && batchBytes + size > maxBytes) {
                    break;
                }
                batch.add(next);
                batchBytes += size;
                it.remove();
                queuedAt.removeFirst();
                bytes -= size;
            }
            return batch;
        }
    }

    /** Builds a {@link TributaryProducer}; see {@link TributaryClient#producer()}. */
    public static final class Builder {
        private final TributaryClient client;
        private boolean idempotent = true;
        private @Nullable Long producerId;
        private int epoch;
        private RetryPolicy retry = RetryPolicy.defaults();
        private int batchSize = 500;
        private int maxBatchBytes = 1024 * 1024;
        private Duration linger = Duration.ofMillis(5);
        private int maxQueued = 100_000;

        Builder(TributaryClient client) {
            this.client = client;
        }

        /** Send producer stamps (default true). Without them a retry may append a record twice. */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** A fixed producer id (default: random). Two live producers must not share an id and epoch. */
        public Builder producerId(long producerId) {
            if (producerId < 0) {
                throw new IllegalArgumentException("producerId must be >= 0");
            }
            this.producerId = producerId;
            return this;
        }

        /** The starting epoch (default 0); a restarted producer with a fixed id passes a higher one to fence its predecessor. */
        public Builder epoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("epoch must be >= 0");
            }
            this.epoch = epoch;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry);
            return this;
        }

        /** Most records in one request (default 500). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Most record bytes in one request (default 1 MiB); a single larger record still goes alone. */
        public Builder maxBatchBytes(int maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        /** How long a queued record waits for its batch to fill (default 5 ms). */
        public Builder linger(Duration linger) {
            this.linger = Objects.requireNonNull(linger);
            return this;
        }

        /** Most records queued by {@link #send(ProducerRecord)} before it blocks (default 100 000). */
        public Builder maxQueued(int maxQueued) {
            this.maxQueued = maxQueued;
            return this;
        }

        public TributaryProducer build() {
            return new TributaryProducer(this);
        }
    }
}
