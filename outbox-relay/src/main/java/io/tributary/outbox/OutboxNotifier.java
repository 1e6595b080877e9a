package io.tributary.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes relays once a transaction that wrote outbox rows has committed: the relay in this JVM at once, and relays
 * in other processes by {@code NOTIFY tributary_outbox}, sent after the commit on a connection of its own with
 * {@code synchronous_commit} off. Requests that arrive while a NOTIFY is on its way fold into the next one, so a
 * burst of commits costs a few notifications. Never inside the business transaction: PostgreSQL serialises the
 * commits of all transactions that NOTIFY in a database (see the V2 migration), which capped each service at one
 * commit per WAL flush. If PostgreSQL cannot be reached the relays still find the rows at their poll interval.
 *
 * <h2>Which shards</h2>
 * Given the relays' shard count, the notification names the shards of the committed rows (payload
 * {@code "<shard count>:<shard>,<shard>..."}, e.g. {@code "8:3,5"}), and only the owners of those shards look for
 * rows: at 1,000 commits/s a notification that woke every shard made most of them run an empty claim. Given the
 * rows' positions ({@link CommittedRows}), it names them too (payload {@code "8:3.1201.1207,5.1202"}), so an owner
 * whose last claim already took them does not claim again; without them, or when they do not fit, it names the
 * shards only. A notification without a payload, or naming another shard count, or too many shards to fit, wakes
 * every shard; so a plain {@code NOTIFY tributary_outbox} from any other writer keeps working. (A relay older than
 * the positions does not understand them and wakes every shard: upgrade the relays before the writers.)
 *
 * <h2>Only what this JVM's relay does not own</h2>
 * The relay of this JVM is woken directly, and says which of the committed shards it does not own; only those go
 * into a NOTIFY. A shard has one owner at a time, so a row of a shard owned here is no business of any other
 * relay: with one relay instance per service (the usual deployment), writers send no NOTIFY at all once it owns
 * every shard, and the relay's LISTEN connection does not hear its own writers' commits a second time. While a
 * shard changes hands, its new owner claims whatever is pending when it takes over, and at its poll interval.
 *
 * <p>Thread-safe, and a request takes no lock: requests come from the writers' request threads after every commit,
 * and a monitor here made them queue behind each other (~5 % of a sample service's CPU at ~100 commits/s). One
 * daemon thread, started by the first request, drains the requests and sends the notifications.
 */
public final class OutboxNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifier.class);

    /** PostgreSQL refuses payloads of 8,000 bytes or more; beyond this many characters the notification wakes every shard. */
    static final int MAX_PAYLOAD = 4_000;

    /** Queued for a request that names no shards: the notification wakes every shard. */
    private static final CommittedRows EVERY_SHARD = new CommittedRows();

    /** The relay of this JVM, woken directly after each commit. */
    @FunctionalInterface
    public interface LocalRelay {

        /** No relay in this JVM: every committed shard needs a NOTIFY. */
        LocalRelay NONE = shards -> shards;

        /**
         * Wakes this JVM's publishers of {@code shards} (null: every shard) and returns those of them that no
         * publisher of this JVM owns, which only a NOTIFY reaches (null: every shard).
         */
        @Nullable BitSet wakeUp(@Nullable BitSet shards);
    }

    private final DataSource connections;
    private final int shards;
    private final LocalRelay localRelay;
    /** Rows to notify, in the order requested; {@link #EVERY_SHARD} for a request naming no shards. */
    private final Queue<CommittedRows> requests = new ConcurrentLinkedQueue<>();
    /** Set by a request, cleared by the thread before it drains: a request never waits for the thread's attention. */
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean closed;
    private volatile @Nullable Thread thread;

    /**
     * A notifier that names no shards: every notification wakes every shard.
     *
     * @param connections where the outbox is (one connection is kept open)
     * @param localRelay  wakes the relay of this JVM, if any
     */
    public OutboxNotifier(DataSource connections, Runnable localRelay) {
        this(connections, 0, shards -> {
            localRelay.run();
            return shards;
        });
    }

    /**
     * @param connections where the outbox is (one connection is kept open)
     * @param shards      the relays' shard count ({@code tributary.outbox.shards}), so notifications can name
     *                    shards; 0 names none
     * @param localRelay  wakes the relay of this JVM ({@link LocalRelay#NONE} if there is none)
     */
    public OutboxNotifier(DataSource connections, int shards, LocalRelay localRelay) {
        if (shards < 0) {
            throw new IllegalArgumentException("shards must not be negative, was " + shards);
        }
        this.connections = connections;
        this.shards = shards;
        this.localRelay = localRelay;
    }

    /** The relays' shard count notifications are addressed with; 0 when they name no shards. */
    public int shards() {
        return shards;
    }

    /** Outbox rows were committed: wake the relays' every shard. Returns at once. */
    public void committed() {
        localRelay.wakeUp(null);
        request(EVERY_SHARD);
    }

    /**
     * Outbox rows of these shards (see {@link OutboxShard}, with {@link #shards()}) were committed: wake their
     * owners. Returns at once. Wakes every shard if this notifier names no shards.
     */
    public void committed(BitSet committedShards) {
        CommittedRows rows = new CommittedRows();
        committedShards.stream().forEach(rows::add);
        wake(rows, false);
    }

    /**
     * These outbox rows (their shards per {@link #shards()}, and their positions) were committed: wake their shards'
     * owners, unless an owner already claimed them. Returns at once; {@code rows} is not kept. Wakes every shard if
     * this notifier names no shards.
     */
    public void committed(CommittedRows rows) {
        wake(rows, true);
    }

    /** Wakes the local relay, then queues what only a NOTIFY reaches; {@code callersRows} are copied before they are kept. */
    private void wake(CommittedRows rows, boolean callersRows) {
        if (shards == 0 || rows.isEmpty()) {
            committed();
            return;
        }
        BitSet elsewhere = localRelay.wakeUp(rows.shards());
        if (elsewhere == null) {
            request(callersRows ? new CommittedRows().addAll(rows) : rows);
        } else if (!elsewhere.isEmpty()) {
            request(rows.ofShards(elsewhere));
        }
    }

    private void request(CommittedRows rows) {
        if (closed) {
            return;
        }
        requests.add(rows);
        if (!requested.getAndSet(true)) {
            LockSupport.unpark(notifierThread());
        }
    }

    private @Nullable Thread notifierThread() {
        Thread running = thread;
        if (running != null) {
            return running;
        }
        synchronized (this) {
            if (thread == null && !closed) {
                Thread started = new Thread(this::notifyLoop, "tributary-outbox-notifier");
                started.setDaemon(true);
                thread = started;
                started.start();
            }
            return thread;
        }
    }

    private void notifyLoop() {
        Connection connection = null;
        int failures = 0;
        while (!closed) {
            if (!requested.getAndSet(false)) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    break;
                }
                continue;
            }
            CommittedRows named = drainRequests();
            if (named != null && named.isEmpty()) {
                continue; // drained by the previous round already
            }
            try {
                if (connection == null) {
                    connection = connections.getConnection();
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        // A NOTIFY needs no durability: its commit need not wait for the WAL flush (nor hold the lock that long).
                        statement.execute("SET synchronous_commit = off");
                    }
                }
                try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                    notify.setString(1, OutboxRelay.CHANNEL);
                    notify.setString(2, payload(named, shards));
                    notify.execute();
                }
                failures = 0;
            } catch (SQLException e) {
                closeQuietly(connection);
                connection = null;
                if (failures++ == 0) {
                    log.warn("Cannot notify outbox relays ({}); they find the rows at their poll interval", e.getMessage());
                }
                pause(ReconnectBackoff.millis(failures));
            }
        }
        closeQuietly(connection);
    }

    /** The rows requested since the last notification (empty if none); null if one of them named every shard. */
    private @Nullable CommittedRows drainRequests() {
        CommittedRows named = new CommittedRows();
        boolean everyShard = false;
        for (CommittedRows rows = requests.poll(); rows != null; rows = requests.poll()) {
            if (rows == EVERY_SHARD) {
                everyShard = true;
            } else if (!everyShard) {
                named.addAll(rows);
            }
        }
        return everyShard ? null : named;
    }

    /** The payload naming {@code named} of {@code shardCount} shards: "" (every shard) when null, unknown or too long. */
    static String payload(@Nullable BitSet named, int shardCount) {
        if (named == null) {
            return "";
        }
        CommittedRows rows = new CommittedRows();
        named.stream().forEach(rows::add);
        return payload(rows, shardCount);
    }

    /** The payload naming {@code rows} for {@code shardCount} shards: "" (every shard) when null, unknown or too long. */
    static String payload(@Nullable CommittedRows rows, int shardCount) {
        if (rows == null || shardCount == 0 || rows.isEmpty()) {
            return "";
        }
        return rows.payload(shardCount, MAX_PAYLOAD);
    }

    /**
     * The shards a notification names, for relays with {@code shardCount} shards; null (every shard) for a payload
     * without shards, of another shard count, naming a shard out of range, or not understood.
     */
    static @Nullable BitSet shardsNamed(@Nullable String payload, int shardCount) {
        CommittedRows rows = CommittedRows.parse(payload, shardCount);
        return rows == null ? null : rows.shards();
    }

    /** Backs off after a failure: requests that arrive meanwhile wait for the next notification. */
    private void pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (long left = millis * 1_000_000; left > 0 && !closed; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                closed = true;
            }
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // gone already
            }
        }
    }

    /** Stops the thread and closes its connection. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        if (running != null) {
            LockSupport.unpark(running);
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
