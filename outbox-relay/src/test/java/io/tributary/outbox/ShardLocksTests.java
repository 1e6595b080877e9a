package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a rebalance sees of the advisory locks: instances holding the member lock, and shards owned. */
class ShardLocksTests {

    private static final int KEY = 4242;
    private static final int OTHER_KEY = 4343;

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
    void countsTheMembersAndListsTheLockedShardsOfItsKeyOnly() throws SQLException {
        try (Connection first = database.dataSource().getConnection();
                Connection second = database.dataSource().getConnection();
                Connection otherRelay = database.dataSource().getConnection()) {
            execute(first, "SELECT pg_advisory_lock_shared(" + KEY + ", " + OutboxRelay.MEMBER_KEY + ")");
            execute(second, "SELECT pg_advisory_lock_shared(" + KEY + ", " + OutboxRelay.MEMBER_KEY + ")");
            execute(first, "SELECT pg_advisory_lock(" + KEY + ", 3)");
            execute(second, "SELECT pg_advisory_lock(" + KEY + ", 6)");
            // Another relay group on the same database (another lock key) and a one-key lock are not ours.
            execute(otherRelay, "SELECT pg_advisory_lock_shared(" + OTHER_KEY + ", " + OutboxRelay.MEMBER_KEY + ")");
            execute(otherRelay, "SELECT pg_advisory_lock(" + OTHER_KEY + ", 4)");
            execute(otherRelay, "SELECT pg_advisory_lock(" + KEY + ")");

            ShardLocks locks = ShardLocks.read(first, KEY);

            assertThat(locks.instances()).isEqualTo(2);
            assertThat(locks.locked()).containsExactlyInAnyOrder(3, 6);
            assertThat(locks.fairShare(8)).isEqualTo(4);
            assertThat(locks.fairShare(7)).isEqualTo(4);
        }
    }

    @Test
    void anInstanceThatLostItsMemberLockStillCountsItselfAndTakesEveryShard() throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            ShardLocks locks = ShardLocks.read(connection, KEY + 1);

            assertThat(locks.instances()).isEqualTo(1);
            assertThat(locks.locked()).isEmpty();
            assertThat(locks.fairShare(8)).isEqualTo(8);
        }
    }

    @Test
    void threeInstancesEachTakeAtMostThreeOfEightShards() {
        assertThat(new ShardLocks(3, Set.of()).fairShare(8)).isEqualTo(3);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
