package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's own vacuum: only while the server runs without autovacuum, one instance at a time, and off at 0. */
class OutboxVacuumTests {

    private static final int LOCK_KEY = 5151;

    private static TestDatabase database;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<BacklogSnapshot> backlog = new AtomicReference<>(BacklogSnapshot.unknown());

    @BeforeAll
    static void createDatabase() {
        database = OutboxDatabase.create();
        // Whatever the server's setting, nothing but the relay's vacuum may clean these tables during the tests.
        for (String table : OutboxVacuum.TABLES.split(", ")) {
            database.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void leaveDeadRowsInTheOutbox() {
        for (int i = 0; i < 20; i++) {
            database.execute("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, headers) "
                    + "VALUES (gen_random_uuid(), 'vacuum', 'v-" + i + "', 'Created', '{}', '{}')");
        }
        database.execute("DELETE FROM outbox WHERE aggregatetype = 'vacuum'");
    }

    @Test
    void vacuumsTheRelaysTablesEveryIntervalWhileTheServerRunsWithoutAutovacuum() {
        backlog.set(measured(false));
        long before = vacuumCount();
        try (OutboxVacuum vacuum = vacuum("100ms")) {
            vacuum.start();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(vacuumCount()).isGreaterThan(before));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadRows()).isZero());
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("tributary.outbox.vacuum").timer().count() >= 2);
        }
    }

    @Test
    void leavesTheTablesToAutovacuumWhenTheServerRunsItAndWaitsForTheFirstMeasurement() {
        for (BacklogSnapshot snapshot : new BacklogSnapshot[] {measured(true), BacklogSnapshot.unknown()}) {
            backlog.set(snapshot);
            try (OutboxVacuum vacuum = vacuum("20ms")) {
                vacuum.start();

                // Twenty-five intervals and more: any vacuum would have been timed.
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                        .until(() -> registry.find("tributary.outbox.vacuum").timer().count() == 0);
            }
        }
    }

    @Test
    void anInstanceLeavesTheVacuumToAnotherThatIsAtIt() throws SQLException {
        try (OutboxVacuum vacuum = vacuum("1m");
                Connection other = database.connection();
                Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");

            assertThat(vacuum.vacuumOnce()).isFalse();

            statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
            assertThat(vacuum.vacuumOnce()).isTrue();
            assertThat(vacuum.vacuumOnce()).as("the lock was released after the first").isTrue();
        }
    }

    @Test
    void zeroStartsNoThread() {
        backlog.set(measured(false));
        try (OutboxVacuum vacuum = vacuum("0")) {
            vacuum.start();

            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("outbox-vacuum-test"));
        }
    }

    private OutboxVacuum vacuum(String interval) {
        OutboxRelayProperties properties = Relays.bind(Map.of("vacuum-interval", interval, "lock-key", String.valueOf(LOCK_KEY)));
        return new OutboxVacuum(database.dataSource(), properties, backlog::get, "test", registry);
    }

    private static BacklogSnapshot measured(boolean autovacuum) {
        return new BacklogSnapshot(0, Duration.ZERO, 0, 20, autovacuum, Instant.now(), null);
    }

    /** PostgreSQL's statistics arrive a little after the fact: callers wait for them. */
    private static long vacuumCount() {
        return database.count("SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = 'outbox'::regclass");
    }

    private static long deadRows() {
        return database.count("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = 'outbox'::regclass");
    }

    @Test
    void logsTheIntervalAsItIsConfigured() {
        assertThat(OutboxVacuum.text(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(OutboxVacuum.text(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(OutboxVacuum.text(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
