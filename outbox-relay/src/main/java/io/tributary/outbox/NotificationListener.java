package io.tributary.outbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on a channel, on a connection and thread of its own, and hands each notification's payload over as soon as
 * it arrives ({@link NotificationStream}). Reconnects after a failure, with a growing pause; after every LISTEN it
 * calls {@code onListening}, since rows may have been committed while no one listened.
 *
 * <p>A connection of its own, rather than the relay coordinator's: a wait for notifications must not hold up the
 * coordinator's rebalance (pgjdbc's wait did not return while notifications streamed in), and the coordinator's
 * queries must not hold up notifications.
 */
final class NotificationListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    /** How long one wait for a message lasts before the thread looks whether it should stop. */
    private static final int WAIT_MILLIS = 250;

    private final DataSource connections;
    private final String channel;
    private final String owner;
    private final Consumer<String> onNotification;
    private final Runnable onListening;

    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile @Nullable Connection connection;
    private volatile boolean prompt;

    /**
     * @param connections    where to LISTEN
     * @param channel        the channel (an SQL identifier)
     * @param owner          names the thread and the log lines
     * @param onNotification takes each payload ("" for a notification without one), on the listener's thread
     * @param onListening    runs after each LISTEN, on the listener's thread
     */
    NotificationListener(DataSource connections, String channel, String owner, Consumer<String> onNotification,
            Runnable onListening) {
        this.connections = connections;
        this.channel = channel;
        this.owner = owner;
        this.onNotification = onNotification;
        this.onListening = onListening;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread started = new Thread(this::listen, "outbox-relay-" + owner + "-listener");
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Whether the listening connection hands notifications over as they arrive (false before it first listened). */
    boolean isPrompt() {
        return prompt;
    }

    /** Whether a LISTEN is in place now. */
    boolean isListening() {
        return connection != null;
    }

    @Override
    public void close() {
        Thread listening;
        synchronized (this) {
            running = false;
            listening = thread;
        }
        if (listening != null) {
            listening.interrupt();
            try {
                listening.join(WAIT_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Dies as a killed process would, for tests: the connection is aborted wherever the thread is. */
    void crash(Executor executor) {
        running = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.abort(executor);
            } catch (SQLException e) {
                // gone already
            }
        }
        Thread listening = thread;
        if (listening != null) {
            listening.interrupt();
        }
    }

    private void listen() {
        int failures = 0;
        while (running) {
            try (Connection listening = connections.getConnection()) {
                listening.setAutoCommit(true);
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                NotificationStream stream = NotificationStream.of(listening);
                announce(stream, failures);
                prompt = stream.prompt();
                connection = listening;
                failures = 0;
                onListening.run();
                while (running) {
                    for (String payload : stream.next(WAIT_MILLIS)) {
                        onNotification.accept(payload);
                    }
                }
            } catch (SQLException | IOException | RuntimeException e) {
                connection = null;
                if (!running) {
                    break;
                }
                failures++;
                if (failures == 1 || failures % 20 == 0) {
                    log.warn("Outbox relay {}: lost its LISTEN connection ({}); relistening, rows are found at the poll "
                            + "interval meanwhile", owner, e.toString());
                }
                if (!pause(ReconnectBackoff.millis(failures))) {
                    break;
                }
            }
        }
        connection = null;
    }

    private void announce(NotificationStream stream, int failures) {
        if (!stream.prompt()) {
            log.warn("Outbox relay {}: cannot read notifications from the PostgreSQL driver's stream; using "
                    + "getNotifications, which holds them back while they arrive about once a millisecond or more often",
                    owner);
        } else if (failures > 0) {
            log.info("Outbox relay {}: listening on {} again", owner, channel);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
