package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** What the notifier wakes in this JVM and what it tells relays in other processes, heard on a LISTEN connection. */
class OutboxNotifierTests {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = OutboxDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void rowsOfShardsTheRelayOfThisJvmOwnsAreNotNotifiedToOtherProcesses() throws SQLException {
        List<@Nullable BitSet> wokenHere = new CopyOnWriteArrayList<>();
        OutboxNotifier.LocalRelay ownsShard3 = shards -> {
            wokenHere.add(shards);
            BitSet elsewhere = (BitSet) shards.clone();
            elsewhere.clear(3);
            return elsewhere;
        };
        try (Connection listener = listening(); OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), 8, ownsShard3)) {
            notifier.committed(new CommittedRows().add(3, 10));
            notifier.committed(new CommittedRows().add(3, 11).add(5, 12));

            // Had the first commit been notified, its notification (alone or folded with the second) would name shard 3.
            assertThat(notifications(listener, 1)).containsExactly("8:5.12");
            assertThat(wokenHere).containsExactly(shards(3), shards(3, 5));
        }
    }

    @Test
    void withoutARelayInThisJvmEveryCommittedShardIsNotified() throws SQLException {
        try (Connection listener = listening();
                OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), 8, OutboxNotifier.LocalRelay.NONE)) {
            notifier.committed(new CommittedRows().add(3, 10));

            assertThat(notifications(listener, 1)).containsExactly("8:3.10");
        }
    }

    @Test
    void shardsCommittedWithoutPositionsAreNotifiedByShard() throws SQLException {
        try (Connection listener = listening();
                OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), 8, OutboxNotifier.LocalRelay.NONE)) {
            notifier.committed(shards(3, 5));

            assertThat(notifications(listener, 1)).containsExactly("8:3,5");
        }
    }

    @Test
    void aCommitNamingNoShardsWakesEveryShardHereAndElsewhere() throws SQLException {
        List<@Nullable BitSet> wokenHere = new CopyOnWriteArrayList<>();
        try (Connection listener = listening();
                OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), 8, shards -> {
                    wokenHere.add(shards);
                    return shards == null ? null : new BitSet();
                })) {
            notifier.committed();

            assertThat(notifications(listener, 1)).containsExactly("");
            assertThat(wokenHere).containsExactly((BitSet) null);
        }
    }

    private static Connection listening() throws SQLException {
        Connection connection = database.connection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + OutboxRelay.CHANNEL);
        }
        return connection;
    }

    /** The payloads of the first {@code count} notifications heard, waiting up to 20 s for them. */
    private static List<String> notifications(Connection listener, int count) throws SQLException {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (payloads.size() < count && System.nanoTime() < deadline) {
            PGNotification[] heard = listener.unwrap(PGConnection.class).getNotifications(500);
            if (heard != null) {
                for (PGNotification notification : heard) {
                    payloads.add(notification.getParameter());
                }
            }
        }
        return payloads.subList(0, Math.min(count, payloads.size()));
    }

    private static BitSet shards(int... shards) {
        BitSet set = new BitSet();
        IntStream.of(shards).forEach(set::set);
        return set;
    }
}
