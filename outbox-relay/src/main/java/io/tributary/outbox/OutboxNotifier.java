package io.tributary.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
 * <p>Thread-safe; one daemon thread, started by the first request.
 */
public final class OutboxNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxNotifier.class);

    private final DataSource connections;
    private final Runnable localRelay;
    private boolean requested;
    private boolean closed;
    private @Nullable Thread thread;

    /**
     * @param connections where the outbox is (one connection is kept open)
     * @param localRelay  wakes the relay of this JVM, if any
     */
    public OutboxNotifier(DataSource connections, Runnable localRelay) {
        this.connections = connections;
        this.localRelay = localRelay;
    }

    /** Outbox rows were committed: wake the relays. Returns at once. */
    public void committed() {
        localRelay.run();
        synchronized (this) {
            if (closed) {
                return;
            }
            requested = true;
            if (thread == null) {
                Thread started = new Thread(this::notifyLoop, "tributary-outbox-notifier");
                started.setDaemon(true);
                thread = started;
                started.start();
            }
            notifyAll();
        }
    }

    private void notifyLoop() {
        Connection connection = null;
        int failures = 0;
        while (true) {
            synchronized (this) {
                while (!requested && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) {
                    break;
                }
                requested = false;
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
                try (Statement statement = connection.createStatement()) {
                    statement.execute("NOTIFY " + OutboxRelay.CHANNEL);
                }
                failures = 0;
            } catch (SQLException e) {
                closeQuietly(connection);
                connection = null;
                if (failures++ == 0) {
                    log.warn("Cannot notify outbox relays ({}); they find the rows at their poll interval", e.getMessage());
                }
                pause(Math.min(5_000, 100L << Math.min(failures, 6)));
            }
        }
        closeQuietly(connection);
    }

    private synchronized void pause(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            closed = true;
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
            notifyAll();
        }
        if (running != null) {
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
