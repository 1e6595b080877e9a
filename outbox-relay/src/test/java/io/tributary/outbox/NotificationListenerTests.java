package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relay's LISTEN: each notification handed over as it arrives, also while they stream, and again after a lost connection. */
class NotificationListenerTests {

    private static TestDatabase database;

    private final List<String> payloads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger listened = new AtomicInteger();

    @BeforeAll
    static void createDatabase() {
        database = new TestDatabase("listen");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void handsOverEachPayloadAsItArrives() {
        try (NotificationListener listener = listener("handover")) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 1);
            assertThat(listener.isPrompt()).as("reads notifications from pgjdbc's stream, not getNotifications").isTrue();

            database.execute("NOTIFY handover, '8:3.17'");
            database.execute("NOTIFY handover");
            database.execute("NOTIFY another_channel, 'not for this listener'");
            database.execute("SELECT pg_notify('handover', 'ü ' || repeat('x', 3000))");

            await().atMost(Duration.ofSeconds(10)).until(() -> payloads.size() >= 3);
            assertThat(payloads).containsExactly("8:3.17", "", "ü " + "x".repeat(3000));
        }
    }

    /**
     * pgjdbc's getNotifications returns only after a millisecond without another message, so it held a stream of
     * notifications until the stream paused (see {@link NotificationStream}). One transaction notifying 100,000 times
     * (~10 MB) makes the server write them back to back, more than the socket buffers hold: the listener must hand
     * the first over while the server is still writing the rest (its session waits on ClientWrite), not after.
     */
    @Test
    void handsTheFirstNotificationOverWhileTheServerIsStillSendingTheRest() {
        int count = 100_000;
        AtomicReference<String> serverWhileHandingOverTheFirst = new AtomicReference<>();
        Consumer<String> slowOnTheFirst = payload -> {
            if (payloads.isEmpty()) {
                serverWhileHandingOverTheFirst.set(waitForTheListeningSessionToWriteToIt("burst"));
            }
            payloads.add(payload);
        };
        try (NotificationListener listener = new NotificationListener(database.dataSource(), "burst", "test", slowOnTheFirst,
                listened::incrementAndGet)) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 1);

            database.execute("SELECT count(pg_notify('burst', i || repeat('.', 90))) FROM generate_series(0, " + (count - 1) + ") i");

            await().atMost(Duration.ofSeconds(60)).until(() -> payloads.size() == count);
            assertThat(serverWhileHandingOverTheFirst).hasValue("ClientWrite");
            assertThat(payloads).containsExactlyElementsOf(
                    IntStream.range(0, count).mapToObj(i -> i + ".".repeat(90)).toList());
            assertThat(listened).hasValue(1);
        }
    }

    /** What the listening session waits for, once it waits on ClientWrite or after 10 s. */
    private static String waitForTheListeningSessionToWriteToIt(String channel) {
        String sql = "SELECT coalesce(max(wait_event), 'none') FROM pg_stat_activity WHERE datname = current_database() "
                + "AND query = 'LISTEN " + channel + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String waitEvent = database.text(sql);
        while (!"ClientWrite".equals(waitEvent) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            waitEvent = database.text(sql);
        }
        return waitEvent;
    }

    @Test
    void listensAgainAfterLosingItsConnectionAndSaysSo() {
        try (NotificationListener listener = listener("relisten")) {
            listener.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 1);

            assertThat(database.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND query = 'LISTEN relisten'")).isEqualTo(1);

            // Rows committed meanwhile are found because every shard looks after the new LISTEN.
            await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 2 && listener.isListening());
            database.execute("NOTIFY relisten, 'after'");
            await().atMost(Duration.ofSeconds(10)).until(() -> payloads.contains("after"));
        }
    }

    @Test
    void closingEndsTheListeningSession() {
        NotificationListener listener = listener("closing");
        listener.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 1);
        assertThat(listeningSessions("closing")).isEqualTo(1);

        listener.close();

        assertThat(listener.isListening()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> listeningSessions("closing") == 0);
    }

    /** The fallback where pgjdbc's stream cannot be reached still hands notifications over (held while they stream). */
    @Test
    void theDriversOwnWaitIsTheFallback() throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("LISTEN fallback");
            NotificationStream.Driver driver = new NotificationStream.Driver(connection.unwrap(org.postgresql.PGConnection.class));

            assertThat(driver.next(1)).isEmpty();
            database.execute("NOTIFY fallback, 'one'");
            database.execute("NOTIFY fallback, 'two'");
            List<String> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                received.addAll(driver.next(200));
                return received.size() >= 2;
            });
            assertThat(received).containsExactly("one", "two");
            assertThat(driver.prompt()).isFalse();
        }
    }

    private NotificationListener listener(String channel) {
        return new NotificationListener(database.dataSource(), channel, "test", payloads::add, listened::incrementAndGet);
    }

    private static long listeningSessions(String channel) {
        return database.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN "
                + channel + "'");
    }
}
