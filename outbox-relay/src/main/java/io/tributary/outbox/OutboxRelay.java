package io.tributary.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.TributaryClient;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox table to platform topics: every committed row exactly once in the log, in commit order
 * per aggregate, with any number of relay instances on the same database.
 *
 * <h2>Sharding</h2>
 * The aggregate key space is split into {@code shards} by a hash of (aggregatetype, aggregateid) (the
 * migration's {@code outbox_shard} function). A shard is
 * owned by the relay instance that holds the PostgreSQL session advisory lock {@code (lockKey, shard)}; the
 * owner does all of the shard's work on the connection that holds the lock, so when an instance dies its
 * connections close, its locks are released, and the other instances take its shards over at their next
 * rebalance. Each instance holds a shared "member" lock too, so instances count each other and take a fair
 * share ({@code ceil(shards / instances)}), releasing extra shards when a new instance joins.
 *
 * <h2>Order</h2>
 * The migration's trigger gives each row a position in commit order within its aggregate (it locks the
 * aggregate until the inserting transaction ends). A shard owner claims its oldest unsent rows by position —
 * never "after the last position seen", since rows of different aggregates commit out of order — and keeps
 * that order in each produce request; an aggregate's rows all go to one topic and, keyed by aggregateid, to
 * one partition; a shard's requests are sent one at a time. So each aggregate's events are in the log in
 * commit order. The one exception is by design: a row the platform rejects permanently is moved to
 * {@code outbox_failed} and the aggregate's later rows go on.
 *
 * <h2>Exactly once</h2>
 * Each shard has a stable idempotent producer id and, in {@code outbox_relay_shard}, its current epoch and
 * next sequence. Per batch: (1) <b>claim</b>, in one transaction: record the batch (its epoch, the next
 * sequence, topic and row ids in order) in {@code outbox_relay_batch} and advance the sequence; (2)
 * <b>produce</b> the rows with stamp (producer id, epoch, sequence), retrying the identical request while the
 * platform is unreachable; (3) <b>complete</b>, in one transaction: delete (or mark) the rows and the batch.
 * A shard has one request in flight at a time, in sequence order, but works ahead of it: while a batch is on its
 * way the publisher completes the previous one and claims the next rows (those of no claimed batch), so the next
 * request leaves as soon as the platform answers. The claim commit is durable (it must be on disk before its batch
 * is sent); the completion is not ({@code synchronous_commit = off}): losing it in a PostgreSQL crash leaves its
 * batch recorded as claimed, to be re-sent. So the batches in doubt after a crash are the claimed ones not durably
 * completed, re-sent in sequence order; the platform answers a re-sent request as a duplicate only if it is one of
 * the producer's last 5, so a claim never leaves more than 5 batches claimed and not completed
 * ({@code ShardPublisher.PLATFORM_REMEMBERED_REQUESTS}; a durable claim also flushes every earlier completion).
 * Where a relay can die, and why nothing is lost or doubled:
 * <ul>
 * <li>before the claim commits: nothing happened; the rows are claimed again.</li>
 * <li>after the claim, before the platform appended: the next owner re-sends the pending batch; the platform's
 *     last sequence is the one before, so it appends the batch once.</li>
 * <li>after the platform appended, before the completion committed (or was flushed): the next owner re-sends the
 *     same records with the same stamp; it is one of the producer's last 5 sequences, so the platform answers the
 *     original offsets ({@code Tributary-Duplicate: true}) and appends nothing; then the batch is completed. A
 *     batch claimed behind it and not sent yet is then appended once, with the next sequence.</li>
 * <li>after the completion: the rows are gone; nothing is re-sent.</li>
 * <li>a "zombie" (an owner whose connection died but whose request is still on the wire): its request is the
 *     same batch with the same stamp, so whichever copy arrives second is a duplicate; once the new owner has
 *     re-sent the pending batches it starts a new epoch, and any later copy is fenced (422 / 42206). The zombie
 *     cannot claim or complete anything: its connection, and with it its lock, is gone, and state changes
 *     check the epoch they expect.</li>
 * <li>the platform crashes: it rebuilds its de-duplication state from the stamps stored in the log, and
 *     completes a partially written request on retry, so the cases above still hold.</li>
 * </ul>
 * A new epoch is started only when no batch can be in doubt: at takeover after the pending batches were
 * re-sent and completed, and after a rejection (the platform answered, so the request is not in the log).
 * Rolled-back transactions never become visible, so their rows are never claimed.
 * <p>Limits: a batch left pending for longer than the platform's {@code tributary.platform.producers.expiration}
 * (24 h by default; the relay down that long mid-batch) would be appended again when re-sent. Rows must not be
 * updated after insert (a re-sent batch must be identical); the claimed topic is stored with the batch, so a
 * changed topic mapping does not alter it.
 *
 * <h2>Wake-ups</h2>
 * A {@link NotificationListener} LISTENs on {@value #CHANNEL}, on a connection of its own; a notification naming
 * shards ({@link OutboxNotifier}) wakes only their publishers, one without a payload wakes all; an idle shard also
 * looks every {@code poll-interval}. A notification that names its rows' positions does not wake a publisher whose
 * recent claims took them all, and a publisher whose last claim took every row it saw claims again only when woken
 * ({@code ShardPublisher}): at 1,000 events/s the claims that found nothing were 39 % of all claims.
 *
 * <p>Thread-safe. One coordinator thread (member lock, rebalance, backlog measurement), one listener thread, one
 * vacuum thread, and per owned shard a publisher thread (all its database work) and a sender thread (its produce
 * requests).
 */
public final class OutboxRelay implements AutoCloseable {

    static final String CHANNEL = "tributary_outbox";
    /** Second key of the shared lock every live instance holds, so instances can count each other. */
    static final int MEMBER_KEY = Integer.MAX_VALUE;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRelayProperties properties;
    private final DataSource connections;
    private final TributaryClient client;
    private final TopicRouter router;
    private final OutboxMetrics metrics;
    private final String instanceId;
    /** One per shard, so a notification naming shards wakes only their publishers. */
    private final Wakeup[] wakeups;
    private final Map<Integer, ShardPublisher> owned = new ConcurrentHashMap<>();
    private final AtomicReference<BacklogSnapshot> backlog = new AtomicReference<>(BacklogSnapshot.unknown());
    private final OutboxVacuum vacuum;
    private final NotificationListener listener;
    private final Executor abortExecutor = Runnable::run;

    private volatile boolean running;
    private volatile @Nullable Thread coordinator;
    private @Nullable Connection member;

    /**
     * @param properties  relay settings
     * @param connections where the outbox is; the relay keeps one connection per owned shard plus three open, so
     *                    pass an unpooled data source (or a pool with room for them)
     * @param client      the platform
     * @param registry    where the {@code tributary.outbox.*} meters go
     */
    public OutboxRelay(OutboxRelayProperties properties, DataSource connections, TributaryClient client, MeterRegistry registry) {
        this.properties = properties;
        this.connections = connections;
        this.client = client;
        this.router = new TopicRouter(properties.topicPrefix(), properties.topics());
        this.instanceId = properties.instanceId() != null ? properties.instanceId() : defaultInstanceId();
        this.metrics = new OutboxMetrics(registry, backlog::get, owned::size);
        this.vacuum = new OutboxVacuum(connections, properties, backlog::get, instanceId, registry);
        this.wakeups = new Wakeup[properties.shards()];
        for (int shard = 0; shard < wakeups.length; shard++) {
            wakeups[shard] = new Wakeup();
        }
        // After every LISTEN, every shard looks: rows may have been committed while no one listened.
        this.listener = new NotificationListener(connections, CHANNEL, instanceId,
                payload -> wakeUp(CommittedRows.parse(payload, properties.shards())), this::wakeUp);
    }

    public String instanceId() {
        return instanceId;
    }

    /** Creates missing shard rows and starts the coordinator; shards are taken at its first rebalance. */
    public synchronized void start() {
        if (running) {
            return;
        }
        try (Connection connection = connections.getConnection()) {
            ShardStore.ensureShards(connection, properties.shards());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the outbox relay state: " + e.getMessage(), e);
        }
        running = true;
        Thread thread = new Thread(this::coordinate, "outbox-relay-" + instanceId);
        thread.setDaemon(true);
        coordinator = thread;
        thread.start();
        listener.start();
        vacuum.start();
        log.info("Outbox relay {} started ({} shards, platform {})", instanceId, properties.shards(), client.baseUri());
    }

    public boolean isRunning() {
        return running;
    }

    /** Shards this instance owns right now. */
    public Set<Integer> ownedShards() {
        Set<Integer> shards = new TreeSet<>();
        owned.forEach((shard, publisher) -> {
            if (!publisher.isDone()) {
                shards.add(shard);
            }
        });
        return shards;
    }

    /** Rows were committed (by a writer in this JVM): idle shards look for them now rather than at their poll interval. */
    public void wakeUp() {
        for (Wakeup wakeup : wakeups) {
            wakeup.signal();
        }
    }

    /**
     * Rows of these shards were committed (by a writer in this JVM, see {@link OutboxShard}): their publishers, if
     * idle, look for them now. Null wakes every shard. Returns the shards among them this instance does not own
     * (null for null), whose owners, if any, are relays in other processes.
     */
    public @Nullable BitSet wakeUp(@Nullable BitSet shards) {
        if (shards == null) {
            wakeUp();
            return null;
        }
        BitSet elsewhere = new BitSet();
        for (int shard = shards.nextSetBit(0); shard >= 0; shard = shards.nextSetBit(shard + 1)) {
            if (shard < wakeups.length) {
                wakeups[shard].signal();
            }
            ShardPublisher publisher = owned.get(shard);
            if (publisher == null || publisher.isDone()) {
                elsewhere.set(shard);
            }
        }
        return elsewhere;
    }

    /**
     * These rows were committed (a notification named them): their shards' publishers look for them, unless a
     * publisher's recent claims took every row of its shard named. Null wakes every shard.
     */
    void wakeUp(@Nullable CommittedRows rows) {
        if (rows == null) {
            wakeUp();
            return;
        }
        BitSet shards = rows.shards();
        for (int shard = shards.nextSetBit(0); shard >= 0 && shard < wakeups.length; shard = shards.nextSetBit(shard + 1)) {
            long[] positions = rows.positions(shard);
            if (positions == null) {
                wakeups[shard].signal();
            } else {
                wakeups[shard].signal(positions);
            }
        }
    }

    /** Whether the shard's publisher found no rows and waits for a notification (or its poll interval). */
    boolean isIdle(int shard) {
        return wakeups[shard].isWaiting();
    }

    /** The backlog as last measured (every {@code metrics-interval}). */
    public BacklogSnapshot backlog() {
        return backlog.get();
    }

    /** Stops gracefully: each shard finishes the batch in hand (or leaves it pending), then its lock is released. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            thread = coordinator;
        }
        vacuum.close();
        listener.close();
        owned.values().forEach(ShardPublisher::stop);
        if (thread != null) {
            thread.interrupt();
            join(thread);
        }
        long deadline = System.nanoTime() + properties.requestTimeout().plusSeconds(5).toNanos();
        for (ShardPublisher publisher : owned.values()) {
            while (!publisher.isDone() && System.nanoTime() < deadline) {
                sleepQuietly(Duration.ofMillis(10));
            }
        }
        owned.clear();
        log.info("Outbox relay {} stopped", instanceId);
    }

    /**
     * Dies as a killed process would, for tests: every connection is aborted (so PostgreSQL releases the locks)
     * and every thread interrupted, wherever it is; nothing is completed or cleaned up.
     */
    void crash() {
        running = false;
        listener.crash(abortExecutor);
        owned.values().forEach(publisher -> publisher.crash(abortExecutor));
        Connection connection = member;
        if (connection != null) {
            try {
                connection.abort(abortExecutor);
            } catch (SQLException e) {
                // already gone
            }
        }
        Thread thread = coordinator;
        if (thread != null) {
            thread.interrupt();
            join(thread);
        }
        // A shard the coordinator took while we were aborting the others.
        owned.values().forEach(publisher -> publisher.crash(abortExecutor));
        owned.clear();
    }

    // ------------------------------------------------------------------ coordinator thread

    private void coordinate() {
        long nextRebalance = 0;
        long nextMeasure = 0;
        int failures = 0;
        while (running) {
            try {
                Connection connection = memberConnection();
                long now = System.nanoTime();
                if (now - nextRebalance >= 0) {
                    rebalance(connection);
                    nextRebalance = now + properties.rebalanceInterval().toNanos();
                }
                if (now - nextMeasure >= 0) {
                    BacklogSnapshot measured = BacklogSnapshot.measure(connection);
                    backlog.set(measured);
                    vacuum.warnIfNotVacuumed(measured);
                    nextMeasure = now + properties.metricsInterval().toNanos();
                }
                failures = 0;
                long untilDue = Math.min(nextRebalance, nextMeasure) - System.nanoTime();
                if (untilDue > 0) {
                    // Until the next rebalance or measurement; close() interrupts it.
                    LockSupport.parkNanos(this, untilDue);
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                if (failures == 1 || failures % 20 == 0) {
                    log.warn("Outbox relay {}: database problem ({}); retrying", instanceId, e.toString());
                }
                closeMember();
                backlog.set(backlog.get().failing(e.toString()));
                sleepQuietly(Duration.ofMillis(ReconnectBackoff.millis(failures)));
            }
        }
        closeMember();
    }

    private Connection memberConnection() throws SQLException {
        Connection connection = member;
        if (connection != null) {
            return connection;
        }
        connection = connections.getConnection();
        try {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock_shared(" + properties.lockKey() + ", " + MEMBER_KEY + ")");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        member = connection;
        return connection;
    }

    private void closeMember() {
        Connection connection = member;
        member = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
        }
    }

    /** Takes free shards up to the fair share, or releases shards above it. */
    private void rebalance(Connection connection) throws SQLException {
        owned.values().removeIf(ShardPublisher::isDone);
        ShardLocks locks = ShardLocks.read(connection, properties.lockKey());
        int instances = locks.instances();
        int fairShare = locks.fairShare(properties.shards());
        List<ShardPublisher> active = new ArrayList<>();
        owned.values().forEach(p -> {
            if (!p.isStopping()) {
                active.add(p);
            }
        });
        if (active.size() > fairShare) {
            Collections.shuffle(active);
            for (ShardPublisher publisher : active.subList(0, active.size() - fairShare)) {
                log.info("Outbox relay {} releases shard {} ({} instances, fair share {})", instanceId, publisher.shard(),
                        instances, fairShare);
                publisher.stop();
            }
            return;
        }
        List<Integer> free = new ArrayList<>();
        for (int shard = 0; shard < properties.shards(); shard++) {
            if (!locks.locked().contains(shard) && !owned.containsKey(shard)) {
                free.add(shard);
            }
        }
        Collections.shuffle(free, ThreadLocalRandom.current());
        for (int shard : free) {
            if (ownedShards().size() >= fairShare || !running) {
                break;
            }
            tryAcquire(shard);
        }
    }

    private void tryAcquire(int shard) throws SQLException {
        Connection connection = connections.getConnection();
        boolean acquired = false;
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, properties.lockKey());
                lock.setInt(2, shard);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    acquired = rs.getBoolean(1);
                }
            }
            if (!acquired || !running) {
                acquired = false;
                return;
            }
            ShardPublisher publisher = new ShardPublisher(shard, connection, client, router, properties, metrics,
                    wakeups[shard], instanceId);
            owned.put(shard, publisher);
            Thread thread = new Thread(publisher, "outbox-relay-" + instanceId + "-shard-" + shard);
            thread.setDaemon(true);
            thread.start();
        } finally {
            if (!acquired) {
                connection.close();
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "relay";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
