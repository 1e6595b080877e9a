package io.tributary.outbox;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutorBase;
import org.postgresql.util.ServerErrorMessage;

/**
 * The notifications arriving on a connection that LISTENs and does nothing else, one at a time as they arrive.
 *
 * <h2>Why not {@code PGConnection.getNotifications(timeout)}</h2>
 * pgjdbc (42.7) returns from {@code getNotifications} only once no further message arrives within 1 ms: after the
 * first notification it goes on reading while {@code PGStream.hasMessagePending()} finds another within a 1 ms
 * socket timeout. So while writers notify about once a millisecond or more often, it holds every notification
 * until the stream pauses. A probe sending {@code pg_notify} at a fixed rate measured, from the NOTIFY to
 * {@code getNotifications} returning it: p50 1.4 ms and p99 4.8 ms at 600/s, but p50 36 ms and p99 341 ms at
 * 1,000/s (~45 notifications per call), and p99 406 ms at 2,000/s, while a psycopg2 listener on the same
 * notifications had p99 1.3 ms. The relay's commit → published p99 at 1,000 events/s was 200–400 ms for this
 * reason alone, and a stream that never pauses for a millisecond is held indefinitely.
 *
 * <p>{@link #of} therefore reads the connection's protocol stream itself: it waits for the first byte of a message
 * with a timeout and decodes NotificationResponse ('A') messages with pgjdbc's own {@link PGStream} (which also
 * handles TLS and the encoding), skipping notices and parameter changes. The stream is a protected field of the
 * driver's query executor, so this takes reflection; where that is refused (another driver version or a module
 * layer), {@link #of} falls back to {@code getNotifications}.
 */
abstract sealed class NotificationStream {

    /** How long the rest of a message may take once its first byte arrived: the server writes messages whole. */
    private static final int REST_OF_MESSAGE_MILLIS = 10_000;

    /**
     * Reads the notifications of {@code connection}, which must have run its LISTEN and must not be used for
     * anything else from now on.
     */
    static NotificationStream of(Connection connection) throws SQLException {
        PGStream stream = protocolStream(connection);
        return stream != null ? new Prompt(stream) : new Driver(connection.unwrap(PGConnection.class));
    }

    /** Whether notifications are handed over as they arrive (false: by pgjdbc, held while they stream). */
    abstract boolean prompt();

    /**
     * The payloads of the notifications that arrived, waiting up to {@code timeoutMillis} (at least 1) for the first;
     * empty if none came.
     */
    abstract List<String> next(int timeoutMillis) throws SQLException, IOException;

    private static @Nullable PGStream protocolStream(Connection connection) {
        try {
            Field field = QueryExecutorBase.class.getDeclaredField("pgStream");
            field.setAccessible(true);
            Object executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
            return executor instanceof QueryExecutorBase ? (PGStream) field.get(executor) : null;
        } catch (ReflectiveOperationException | SQLException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Reads the protocol stream: each notification as soon as it arrives. */
    static final class Prompt extends NotificationStream {

        private final PGStream stream;

        Prompt(PGStream stream) {
            this.stream = stream;
        }

        @Override
        boolean prompt() {
            return true;
        }

        @Override
        List<String> next(int timeoutMillis) throws SQLException, IOException {
            stream.setNetworkTimeout(Math.max(1, timeoutMillis));
            try {
                stream.peekChar();
            } catch (SocketTimeoutException e) {
                return List.of();
            }
            stream.setNetworkTimeout(REST_OF_MESSAGE_MILLIS);
            int type = stream.receiveChar();
            int length = stream.receiveInteger4();
            switch (type) {
                case 'A' -> {
                    stream.receiveInteger4(); // the notifying backend's pid
                    stream.receiveString(); // the channel: this connection LISTENs on one
                    return List.of(stream.receiveString());
                }
                case 'N', 'S' -> {
                    // A notice, or a server parameter that changed: nothing for the relay.
                    stream.skip(length - 4);
                    return List.of();
                }
                case 'E' -> {
                    ServerErrorMessage error = new ServerErrorMessage(stream.receiveErrorString(length - 4));
                    throw new SQLException("PostgreSQL ended the listening session: " + error.getMessage(),
                            error.getSQLState());
                }
                default -> throw new SQLException("Unexpected message '" + (char) type + "' on the listening connection",
                        "08P01");
            }
        }
    }

    /** pgjdbc's own wait for notifications, which holds them while they stream (see the class comment). */
    static final class Driver extends NotificationStream {

        private final PGConnection connection;

        Driver(PGConnection connection) {
            this.connection = connection;
        }

        @Override
        boolean prompt() {
            return false;
        }

        @Override
        List<String> next(int timeoutMillis) throws SQLException {
            PGNotification[] notifications = connection.getNotifications(Math.max(1, timeoutMillis));
            if (notifications == null || notifications.length == 0) {
                return List.of();
            }
            String[] payloads = new String[notifications.length];
            for (int i = 0; i < notifications.length; i++) {
                payloads[i] = notifications[i].getParameter();
            }
            return List.of(payloads);
        }
    }
}
