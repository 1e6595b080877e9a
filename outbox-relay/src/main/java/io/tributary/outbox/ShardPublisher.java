package io.tributary.outbox;

import io.tributary.client.ProducerStamp;
import io.tributary.client.TributaryApiException;
import io.tributary.client.TributaryClient;
import io.tributary.client.TributaryInterruptedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the rows of one shard while this relay instance holds the shard's advisory lock, on the one
 * connection that holds it. Runs on its own thread: take over (re-send pending batches, start a new epoch),
 * then claim, produce, complete, until stopped or the connection is lost. See {@link OutboxRelay} for why
 * this is exactly once.
 */
final class ShardPublisher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ShardPublisher.class);
    /**
     * How many of a producer's latest requests the platform answers as duplicates when they are sent again
     * (its {@code IdempotentProducers.REMEMBERED}); an older one is refused as out of sequence. Bounds the batches a
     * shard may have claimed and not durably completed.
     */
    static final int PLATFORM_REMEMBERED_REQUESTS = 5;

    /** How a batch ended. */
    enum Outcome {
        /** Acknowledged by the platform and completed in the database. */
        COMPLETED,
        /** Acknowledged by the platform; the caller completes it in the database. */
        ACKNOWLEDGED,
        /** Rejected: pending batches were dropped and a new epoch started; claim again. */
        NEW_EPOCH,
        /** The publisher was asked to stop; the batch stays pending for the next owner. */
        STOPPED
    }

    private final int shard;
    private final Connection connection;
    private final ShardStore store;
    private final TopicRouter router;
    private final OutboxRelayProperties properties;
    private final OutboxMetrics metrics;
    private final Wakeup wakeup;
    private final String owner;
    private final BatchSender sender;

    private volatile boolean stopping;
    private volatile boolean done;
    private volatile @Nullable Thread thread;
    private @Nullable ShardState state;
    /** Whether the last claim found as many rows as it asked for: a backlog, so the next claim may go ahead. */
    private boolean lastClaimFull;
    /** After a multi-row batch was rejected: claim single rows up to this position to find the rejected row(s). */
    private long isolateThrough = -1;
    /**
     * The wake-up generation read before the last claim, if that claim took every unsent row it could see (-1 if
     * not, or not known): while the generation is still this, no row was committed after that claim's snapshot (its
     * notification would have moved it on), so claiming again would find nothing. At 1,000 events/s the claim
     * after every acknowledged batch made empty claims 39 % of all claims (791 claims, 481 requests per 1,000 events).
     */
    private long coveredGeneration = -1;

    ShardPublisher(int shard, Connection connection, TributaryClient client, TopicRouter router,
            OutboxRelayProperties properties, OutboxMetrics metrics, Wakeup wakeup, String owner) throws SQLException {
        this.shard = shard;
        this.connection = connection;
        this.store = new ShardStore(connection, shard, properties.shards());
        this.router = router;
        this.properties = properties;
        this.metrics = metrics;
        this.wakeup = wakeup;
        this.owner = owner;
        this.sender = new BatchSender(shard, owner, client, properties, store, this::isStopping, this::pause);
    }

    int shard() {
        return shard;
    }

    boolean isDone() {
        return done;
    }

    boolean isStopping() {
        return stopping;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            if (takeOver()) {
                publishUntilStopped();
            }
        } catch (SQLException | ShardStore.ShardLostException e) {
            if (!stopping) {
                log.warn("Relay {} lost shard {}: {}", owner, shard, e.toString());
            }
        } catch (TributaryInterruptedException e) {
            // crashed or shut down while waiting for the platform: the batch stays pending for the next owner
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Relay {} stops publishing shard {} after an unexpected error", owner, shard, e);
        } finally {
            sender.close();
            closeQuietly();
            done = true;
        }
    }

    /** Asks the publisher to stop after the batch in hand; the lock is released when its thread ends. */
    void stop() {
        stopping = true;
        wakeup.signal();
        synchronized (this) {
            notifyAll();
        }
    }

    /** Simulates the death of the process: the connection is aborted (releasing the lock) and the thread interrupted. */
    void crash(Executor executor) {
        stopping = true;
        try {
            connection.abort(executor);
        } catch (SQLException e) {
            // already closed
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Re-sends the batches the previous owner claimed but did not complete, unchanged (same epoch, sequence and
     * records), then starts a new epoch, which fences any late request of the previous owner.
     */
    private boolean takeOver() throws SQLException, InterruptedException {
        ShardState loaded = store.load();
        state = loaded;
        List<OutboxBatch> pending = store.pendingBatches();
        if (!pending.isEmpty()) {
            log.info("Relay {} took over shard {} with {} pending batches (epoch {}, sequences {}..{})", owner, shard,
                    pending.size(), loaded.epoch(), pending.get(0).sequence(), pending.get(pending.size() - 1).sequence());
        }
        for (OutboxBatch batch : pending) {
            Outcome outcome = publish(batch);
            if (outcome == Outcome.STOPPED) {
                return false;
            }
            if (outcome == Outcome.NEW_EPOCH) {
                return true;
            }
        }
        state = store.startEpoch(current(), owner);
        log.debug("Relay {} owns shard {} at epoch {}", owner, shard, current().epoch());
        return true;
    }

    /**
     * Claims, sends and completes batches until stopped, one request in flight at a time but with the database work
     * off the request's path: while a batch is on its way, the previous (acknowledged) batch is completed and, when
     * the last claim was full (a backlog), the next rows are claimed, so the next request leaves as soon as the
     * platform answers. Claims are capped so that
     * no more than {@link #PLATFORM_REMEMBERED_REQUESTS} batches are ever claimed and not durably completed: after a
     * crash (of the relay or of PostgreSQL, which may lose the completions committed without waiting for the flush)
     * each of them is re-sent and must be one the platform still recognises as a duplicate.
     */
    private void publishUntilStopped() throws SQLException, InterruptedException {
        // Claimed and not completed, in sequence order; the first is the one to send next.
        Deque<OutboxBatch> claimed = new ArrayDeque<>();
        Acknowledged acknowledged = null;
        while (!stopping) {
            if (claimed.isEmpty()) {
                long seen = wakeup.generation();
                // The next rows are claimed before the acknowledged batch is completed: if there are some, the
                // completion runs while their request is on its way (below) rather than before their claim, one
                // transaction less between a row's commit and its request. The claim leaves the acknowledged
                // batch's rows alone and counts it among the batches in doubt. No claim at all if no row was
                // notified since the last claim took every row it saw.
                if (seen == coveredGeneration || !claimInto(claimed, acknowledged)) {
                    if (acknowledged != null) {
                        complete(acknowledged);
                        acknowledged = null;
                    }
                    isolateThrough = -1;
                    if (wakeup.await(seen, properties.pollInterval())) {
                        lingerAfterWakeUp();
                    } else {
                        // The poll interval: look for rows whose writers sent no notification.
                        coveredGeneration = -1;
                    }
                }
                continue;
            }
            OutboxBatch batch = claimed.peekFirst();
            Acknowledged previous = acknowledged;
            acknowledged = null;
            Attempt attempt = publish(batch, () -> {
                // While the batch is on its way: record that the previous one is in the log, then look for more rows.
                if (previous != null) {
                    complete(previous);
                }
                // Claim ahead only behind a full claim (a backlog): at low rates it made smaller batches and more
                // requests (up to 57 % more produce requests, 44 % more relay CPU per event at 1,000 events/s) for
                // no latency gain on 2 shared cores; a drain gains by having its next batch ready.
                if (claimed.size() == 1 && lastClaimFull && isolateThrough < 0 && !stopping) {
                    claimInto(claimed, null);
                }
            });
            switch (attempt.outcome()) {
                case ACKNOWLEDGED -> {
                    claimed.removeFirst();
                    acknowledged = attempt.acknowledged();
                }
                case COMPLETED -> claimed.removeFirst();
                // A new epoch dropped every pending batch (their rows are claimed again), or we stop and leave them pending.
                case NEW_EPOCH, STOPPED -> {
                    claimed.clear();
                    coveredGeneration = -1;
                }
            }
        }
        if (acknowledged != null) {
            complete(acknowledged);
        }
    }

    /**
     * Claims the shard's next rows, up to the cap of batches in doubt, behind those in {@code claimed} and the
     * {@code acknowledged} batch not completed yet (if any); false if none.
     */
    private boolean claimInto(Deque<OutboxBatch> claimed, @Nullable Acknowledged acknowledged) throws SQLException {
        Collection<OutboxBatch> inDoubt = claimed;
        if (acknowledged != null) {
            List<OutboxBatch> withAcknowledged = new ArrayList<>(claimed);
            withAcknowledged.add(acknowledged.batch());
            inDoubt = withAcknowledged;
        }
        int room = PLATFORM_REMEMBERED_REQUESTS - inDoubt.size();
        if (room <= 0) {
            return false;
        }
        boolean isolating = isolateThrough >= 0;
        ShardState before = current();
        // Read before the claim's snapshot is taken: a row committed after it was notified after this read.
        long seen = wakeup.generation();
        List<OutboxBatch> batches = store.claim(before, isolating ? 1 : properties.batchSize(), properties.batchSize(),
                properties.maxBatchBytes().toBytes(), room, router, inDoubt);
        metrics.claimed(!batches.isEmpty());
        if (batches.isEmpty()) {
            lastClaimFull = false;
            coveredGeneration = seen;
            return false;
        }
        wakeup.claimed(batches.stream().flatMap(batch -> batch.rows().stream()).mapToLong(OutboxRow::position).toArray());
        int rows = batches.stream().mapToInt(batch -> batch.rows().size()).sum();
        lastClaimFull = !isolating && rows >= properties.batchSize();
        // Fewer rows than asked for, in fewer batches than allowed (so none were left out): it took all it saw.
        coveredGeneration = !isolating && !lastClaimFull && batches.size() < room ? seen : -1;
        state = new ShardState(shard, before.producerId(), before.epoch(), before.nextSequence() + batches.size());
        if (isolating && batches.get(0).lastPosition() >= isolateThrough) {
            isolateThrough = -1;
        }
        claimed.addAll(batches);
        return true;
    }

    /**
     * An idle shard was woken: wait {@code wakeup-linger} before claiming, so that the rows of a burst of commits go
     * in one claim and one request, and so that notifications still on their way for rows this claim will take
     * arrive before it (the generation is read again after the linger) instead of waking an empty claim after it.
     */
    private void lingerAfterWakeUp() throws InterruptedException {
        if (!properties.wakeupLinger().isZero()) {
            pause(properties.wakeupLinger());
        }
    }

    private void complete(Acknowledged acknowledged) throws SQLException {
        List<Double> latencies = store.complete(acknowledged.batch(), properties.sentRows());
        metrics.published(acknowledged.batch().topic(), latencies, acknowledged.duplicate());
    }

    /** Database work to do while a request is on its way (on the shard's connection, on the publisher's thread). */
    @FunctionalInterface
    interface InFlight {
        void run() throws SQLException;
    }

    /** A batch the platform acknowledged; its completion is still to be committed. */
    record Acknowledged(OutboxBatch batch, boolean duplicate) {
    }

    /** How {@link #publish} ended; {@code acknowledged} only for {@link Outcome#ACKNOWLEDGED}. */
    record Attempt(Outcome outcome, @Nullable Acknowledged acknowledged) {
    }

    /** Produces the batch and completes it at once; for re-sending pending batches at takeover. */
    Outcome publish(OutboxBatch batch) throws SQLException, InterruptedException {
        Attempt attempt = publish(batch, () -> { });
        if (attempt.outcome() == Outcome.ACKNOWLEDGED) {
            complete(attempt.acknowledged());
            return Outcome.COMPLETED;
        }
        return attempt.outcome();
    }

    /**
     * Produces the batch with its stamp until the platform answers ({@link BatchSender}), and handles a refusal.
     * Runs {@code inFlight} once, while the first attempt is on its way, before any outcome is acted on (so work it
     * completes is never undone by a new epoch). An acknowledged batch is returned for the caller to complete.
     */
    private Attempt publish(OutboxBatch batch, InFlight inFlight) throws SQLException, InterruptedException {
        ShardState current = current();
        if (batch.rows().isEmpty()) {
            // Its rows were deleted behind the relay's back: nothing to send.
            inFlight.run();
            store.complete(batch, properties.sentRows());
            return new Attempt(Outcome.COMPLETED, null);
        }
        ProducerStamp stamp = new ProducerStamp(current.producerId(), batch.epoch(), batch.sequence());
        BatchSender.Answer answer = sender.send(batch, stamp, inFlight);
        if (answer instanceof BatchSender.Sent sent) {
            return new Attempt(Outcome.ACKNOWLEDGED, new Acknowledged(batch, sent.duplicate()));
        }
        if (answer instanceof BatchSender.Refused refused) {
            return new Attempt(refused(batch, refused.error()), null);
        }
        return new Attempt(Outcome.STOPPED, null);
    }

    /**
     * A refusal: out of sequence starts a new epoch; a permanent rejection moves the row to outbox_failed, or, for
     * several rows, starts a new epoch that re-sends them one at a time to find the culprit.
     */
    private Outcome refused(OutboxBatch batch, TributaryApiException e) throws SQLException {
        if (e instanceof TributaryApiException.InvalidProducerSequenceException) {
            // Not expected while we hold the lock: the platform forgot or outran our sequence (e.g. the database
            // was restored from a backup). A new epoch is accepted with any sequence; nothing of this batch was
            // appended, as the platform rejected it.
            log.error("Relay {} shard {}: platform rejected sequence {} of epoch {} ({}); starting a new epoch",
                    owner, shard, batch.sequence(), batch.epoch(), e.getMessage());
        } else if (batch.rows().size() == 1) {
            OutboxRow row = batch.rows().get(0);
            state = store.fail(current(), batch, e.errorCode(), e.getMessage(), owner);
            metrics.failed();
            log.error("Relay {}: platform rejected event {} ({} {} of aggregate {}) for topic {}: {} {}; moved to outbox_failed",
                    owner, row.id(), row.type(), row.aggregateType(), row.aggregateId(), batch.topic(), e.errorCode(),
                    e.getMessage());
            return Outcome.NEW_EPOCH;
        } else {
            log.warn("Relay {} shard {}: platform rejected a batch of {} rows for {} ({} {}); re-sending them one by one",
                    owner, shard, batch.rows().size(), batch.topic(), e.errorCode(), e.getMessage());
            isolateThrough = batch.lastPosition();
        }
        state = store.startEpoch(current(), owner);
        return Outcome.NEW_EPOCH;
    }

    private synchronized void pause(Duration duration) throws InterruptedException {
        if (!stopping) {
            wait(Math.max(1, duration.toMillis()));
        }
    }

    private ShardState current() {
        ShardState s = state;
        if (s == null) {
            throw new IllegalStateException("shard state not loaded");
        }
        return s;
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the lock goes with the connection either way
        }
    }
}
