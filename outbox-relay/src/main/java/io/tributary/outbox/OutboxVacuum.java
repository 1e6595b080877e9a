package io.tributary.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the relay's tables every {@code vacuum-interval} while the server runs without autovacuum.
 *
 * <p>Why the relay does it: every row it sends is deleted (or updated), so the outbox is all churn, and its dead rows
 * are read by every claim until vacuum removes them — on a server with {@code autovacuum = off} (seen on CI images and
 * on this project's benchmark machine) the relay's claims got slower for as long as it ran. {@code VACUUM (ANALYZE)}
 * also refreshes the planner's statistics of the tables, which nothing else would. While autovacuum is on this does
 * nothing: autovacuum does it better, per table and by need.
 *
 * <p>It runs on a thread and a connection of its own, never the coordinator's (a vacuum of a large table takes
 * seconds) and only one instance at a time: it takes the one-key advisory lock {@code lock-key} first, which the
 * rebalance's view of the shard locks does not count ({@link ShardLocks} reads two-key locks).
 */
final class OutboxVacuum implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxVacuum.class);

    /** The relay's tables that churn: claimed rows, aggregate positions, batches in flight, shard cursors. */
    static final String TABLES = "outbox, outbox_aggregate, outbox_relay_batch, outbox_relay_shard";

    private final DataSource connections;
    private final Duration interval;
    private final int lockKey;
    private final Supplier<BacklogSnapshot> backlog;
    private final String instanceId;
    private final Timer timer;
    private volatile boolean closed;
    private volatile Thread thread;
    private boolean announced;
    private boolean warnedAutovacuumOff;

    /**
     * @param backlog the backlog as last measured, which says whether the server runs autovacuum; nothing is vacuumed
     *                before it was measured once
     */
    OutboxVacuum(DataSource connections, OutboxRelayProperties properties, Supplier<BacklogSnapshot> backlog, String instanceId,
            MeterRegistry registry) {
        this.connections = connections;
        this.interval = properties.vacuumInterval();
        this.lockKey = properties.lockKey();
        this.backlog = backlog;
        this.instanceId = instanceId;
        this.timer = Timer.builder("tributary.outbox.vacuum")
                .description("VACUUM (ANALYZE) of the relay's tables by this instance, run while the server's autovacuum is off")
                .register(registry);
    }

    /**
     * Once per instance, from the backlog measurement: the server does not run autovacuum (seen on CI images), so the
     * outbox's dead rows stay until this class (or someone) vacuums the table, and every claim reads them.
     */
    void warnIfNotVacuumed(BacklogSnapshot measured) {
        if (!measured.autovacuum() && !warnedAutovacuumOff) {
            warnedAutovacuumOff = true;
            log.warn("Outbox relay {}: autovacuum is off on this PostgreSQL server; the outbox's sent rows stay as dead rows"
                    + " ({} now) and every claim reads them until a vacuum removes them. {} Turn autovacuum on if you can"
                    + " (metric tributary.outbox.dead.rows)", instanceId, measured.deadRows(), interval.isZero()
                    ? "tributary.outbox.vacuum-interval is 0: nothing vacuums them; run VACUUM outbox regularly."
                    : "The relay vacuums its tables every " + text(interval) + " (tributary.outbox.vacuum-interval).");
        }
    }

    /** Starts the thread, unless {@code vacuum-interval} is 0 (off). */
    synchronized void start() {
        if (interval.isZero() || thread != null) {
            return;
        }
        closed = false;
        Thread started = new Thread(this::run, "outbox-vacuum-" + instanceId);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            BacklogSnapshot measured = backlog.get();
            if (closed || measured.measuredAt() == null || measured.autovacuum()) {
                continue;
            }
            try {
                vacuumOnce();
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("Outbox relay {}: VACUUM of its tables failed ({}); trying again in {}", instanceId, e.toString(), text(interval));
                }
            }
        }
    }

    /**
     * Vacuums the relay's tables now, unless another instance is at it.
     *
     * @return whether this instance vacuumed them (false: another one held the vacuum lock)
     */
    boolean vacuumOnce() throws SQLException {
        try (Connection connection = connections.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true); // VACUUM cannot run inside a transaction block
            try (ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + lockKey + ")")) {
                if (!locked.next() || !locked.getBoolean(1)) {
                    return false;
                }
            }
            try {
                long start = System.nanoTime();
                statement.execute("VACUUM (ANALYZE) " + TABLES);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                timer.record(took);
                report(took, statement.getWarnings());
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + lockKey + ")");
            }
            return true;
        }
    }

    /** Says so once at INFO, then at DEBUG; a warning of the server (a table the relay's user does not own) at WARN. */
    private void report(Duration took, SQLWarning warning) {
        if (warning != null) {
            log.warn("Outbox relay {}: VACUUM of its tables: {}", instanceId, warning.getMessage());
        }
        if (!announced) {
            announced = true;
            log.info("Outbox relay {}: autovacuum is off, so the relay vacuums its tables every {} (tributary.outbox.vacuum-interval;"
                    + " this one took {} ms)", instanceId, text(interval), took.toMillis());
        } else {
            log.debug("Outbox relay {}: vacuumed its tables in {} ms", instanceId, took.toMillis());
        }
    }

    /** The interval as it would be configured ("1m", "30s", "250ms"), not as ISO-8601 ("PT1M"). */
    static String text(Duration interval) {
        long millis = interval.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
