package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.client.TributaryClient;
import io.tributary.testing.TestDatabase;
import io.tributary.testing.TestPlatform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay end to end: real PostgreSQL (a database per test), the real platform in-process, several relay
 * instances, crashes and outages.
 */
class OutboxRelayTests {

    /** The figures; the whole suite stays within a few minutes on 2 cores. */
    static final int EVENTS = Integer.getInteger("relay.test.events", 10_000);
    static final int AGGREGATES = 100;
    static final int RELAYS = 3;

    private static TestPlatform platform;
    private static TributaryClient client;

    private TestDatabase database;
    private String prefix;

    @BeforeAll
    static void startPlatform() {
        platform = Relays.sharedPlatform();
        client = TributaryClient.builder(platform.baseUri()).build();
    }

    @AfterAll
    static void stopPlatform() {
        client.close();
    }

    @BeforeEach
    void createDatabaseAndTopics() {
        database = OutboxDatabase.create();
        prefix = "relay-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        client.createTopic(prefix + "order", 3);
        client.createTopic(prefix + "payment", 2);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void eventsOfConcurrentTransactionsArriveExactlyOnceInCommitOrderWithThreeRelays() throws Exception {
        AggregateWriters writers = new AggregateWriters(database, AGGREGATES);
        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            for (int i = 0; i < RELAYS; i++) {
                relays.start();
            }
            long started = System.nanoTime();
            writers.write(EVENTS, 8);
            long written = System.nanoTime();
            long backlogWhenWritten = database.count("SELECT count(*) FROM outbox");
            awaitDrained(EVENTS);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("RELAY-FIGURES: %d events over %d aggregates, %d relays: written in %d ms, all published"
                            + " %d ms after the first write (%.0f events/s end to end), backlog left when writers finished: %d%n",
                    EVENTS, AGGREGATES, RELAYS, Duration.ofNanos(written - started).toMillis(), millis,
                    EVENTS * 1000.0 / millis, backlogWhenWritten);

            // Read back over HTTP by a consumer group, as a downstream service would.
            PublishedEvents.consume(client, prefix, EVENTS).assertExactlyOnceInCommitOrder(writers.committedEvents());
            assertThat(relays.total("tributary.outbox.published")).isEqualTo(EVENTS);
            await().untilAsserted(() -> assertThat(relays.running()).allSatisfy(r -> assertThat(r.ownedShards()).hasSize(3)));
        }
    }

    @Test
    void backlogWrittenWhileNoRelayRanDrainsOnceInOrder() {
        // 10 000 rows over 100 aggregates, committed before any relay runs: measures how fast 3 relays drain a backlog.
        database.execute("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, headers) "
                + "SELECT gen_random_uuid(), t, t || '-' || (g % 50), 'Changed', "
                + "jsonb_build_object('n', g / 50 + 1, 'rolledBack', false), jsonb_build_object('trace', 't-' || g) "
                + "FROM unnest(ARRAY['order','payment']) t, generate_series(0, " + (EVENTS / 2 - 1) + ") g ORDER BY g, t");
        Map<String, Integer> committed = new HashMap<>();
        for (String type : AggregateWriters.TYPES) {
            for (int i = 0; i < 50; i++) {
                committed.put(type + "/" + type + "-" + i, EVENTS / 2 / 50);
            }
        }
        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            long started = System.nanoTime();
            for (int i = 0; i < RELAYS; i++) {
                relays.start();
            }
            awaitDrained(EVENTS);
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("RELAY-FIGURES: backlog of %d rows drained by %d relays in %d ms (%.0f events/s, relay start included)%n",
                    EVENTS, RELAYS, millis, EVENTS * 1000.0 / millis);
            PublishedEvents.read(platform, prefix).assertExactlyOnceInCommitOrder(committed);
        }
    }

    @Test
    void relaysKilledAtRandomPointsStillPublishEveryEventOnceInOrder() throws Exception {
        AggregateWriters writers = new AggregateWriters(database, AGGREGATES);
        int events = Math.max(1000, EVENTS / 3);
        try (Relays relays = new Relays(database, platform, prefix, Map.of("batch-size", "20"))) {
            for (int i = 0; i < RELAYS; i++) {
                relays.start();
            }
            Thread chaos = new Thread(() -> {
                for (int kill = 0; kill < 8; kill++) {
                    // Random kill points, not synchronisation: each relay dies wherever it happens to be.
                    pause(50 + ThreadLocalRandom.current().nextInt(250));
                    List<OutboxRelay> running = relays.running();
                    running.get(ThreadLocalRandom.current().nextInt(running.size())).crash();
                    relays.start();
                }
            }, "chaos");
            chaos.start();
            writers.write(events, 6);
            chaos.join();
            awaitDrained(events);

            PublishedEvents.read(platform, prefix).assertExactlyOnceInCommitOrder(writers.committedEvents());
            System.out.printf("RELAY-FIGURES: kill test: %d events, 8 relay crashes, %.0f re-sent batches answered as duplicates%n",
                    events, relays.total("tributary.outbox.duplicates"));
        }
    }

    @Test
    void platformStoppedMidRunRowsWaitThenAllArrive() throws Exception {
        AggregateWriters writers = new AggregateWriters(database, AGGREGATES);
        try (Relays relays = new Relays(database, platform, prefix, Map.of("max-backlog-age", "1s"))) {
            OutboxRelay relay = relays.start();
            relays.start();
            writers.write(500, 4);
            awaitDrained(500);

            platform.stop();
            try {
                writers.write(500, 4);
                OutboxRelayHealthIndicator health = new OutboxRelayHealthIndicator(relay, Duration.ofSeconds(1));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(database.count("SELECT count(*) FROM outbox")).isEqualTo(500);
                    assertThat(health.health(true).getStatus().getCode()).isEqualTo("DOWN");
                });
            } finally {
                platform.restart();
            }
            awaitDrained(1000);
            PublishedEvents.read(platform, prefix).assertExactlyOnceInCommitOrder(writers.committedEvents());
            await().untilAsserted(() -> assertThat(new OutboxRelayHealthIndicator(relay, Duration.ofSeconds(1))
                    .health(true).getStatus().getCode()).isEqualTo("UP"));
        }
    }

    @Test
    void rolledBackTransactionsNeverPublish() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of());
                Connection connection = database.connection()) {
            relays.start();
            connection.setAutoCommit(false);
            insert(connection, "order", "order-1", "{\"n\": 1, \"rolledBack\": true}");
            connection.rollback();
            insert(connection, "order", "order-1", "{\"n\": 1, \"rolledBack\": false}");
            connection.commit();

            await().untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(1));
            assertThat(platform.read(prefix + "order").get(0).value()).contains("false");
        }
    }

    @Test
    void rowRejectedPermanentlyIsMovedToOutboxFailedAndItsAggregateGoesOn() throws Exception {
        String topic = prefix + "small";
        client.createTopic(topic, 1, Map.of("max.message.bytes", "1000"));
        try (Relays relays = new Relays(database, platform, prefix, Map.of());
                Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            insert(connection, "small", "a-1", "{\"n\": 1}");
            UUID tooLarge = insert(connection, "small", "a-1", "{\"n\": 2, \"pad\": \"" + "x".repeat(5000) + "\"}");
            insert(connection, "small", "a-1", "{\"n\": 3}");
            connection.commit();
            OutboxRelay relay = relays.start();

            await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox")).isZero());
            assertThat(platform.read(topic)).extracting(TestPlatform.TopicRecord::value)
                    .containsExactly("{\"n\": 1}", "{\"n\": 3}");
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, topic, error_code, reason FROM outbox_failed");
                    ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(tooLarge);
                assertThat(rs.getString(2)).isEqualTo(topic);
                assertThat(rs.getInt(3)).isEqualTo(413);
                assertThat(rs.getString(4)).contains("max.message.bytes");
                assertThat(rs.next()).isFalse();
            }
            connection.commit();
            assertThat(relays.total("tributary.outbox.failed")).isEqualTo(1);
            await().untilAsserted(() -> assertThat(relay.backlog().failedRows()).isEqualTo(1));

            // Re-inserted unchanged, it fails again and stays one failed row, with the latest reason.
            database.execute("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) SELECT id, aggregatetype,"
                    + " aggregateid, type, payload FROM outbox_failed");
            await().untilAsserted(() -> assertThat(relays.total("tributary.outbox.failed")).isEqualTo(2));
            assertThat(database.count("SELECT count(*) FROM outbox_failed")).isEqualTo(1);
            assertThat(database.count("SELECT count(*) FROM outbox")).isZero();
            assertThat(platform.read(topic)).hasSize(2);
        }
    }

    @Test
    void backlogCountsTheDeadRowsSentRowsLeaveAndWhetherTheServerVacuums() throws Exception {
        // The outbox is vacuumed by nothing during this test, whatever the server's setting, so its dead rows stay.
        database.execute("ALTER TABLE outbox SET (autovacuum_enabled = false)");
        boolean serverVacuums = database.count("SELECT CASE WHEN current_setting('autovacuum') = 'on' THEN 1 ELSE 0 END") == 1;
        try (Relays relays = new Relays(database, platform, prefix, Map.of("vacuum-interval", "0")); // nor by the relay
                Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 30; i++) {
                insert(connection, "dead", "d-" + (i % 3), "{\"n\": " + i + "}");
            }
            connection.commit();
            OutboxRelay relay = relays.start();

            await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox")).isZero());
            // PostgreSQL's statistics arrive a little after the deletes (a backend reports them within ~10 s).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(relay.backlog().deadRows()).isGreaterThanOrEqualTo(30));
            assertThat(relay.backlog().autovacuum()).isEqualTo(serverVacuums);
            assertThat(relays.registry(relay).get("tributary.outbox.dead.rows").gauge().value()).isGreaterThanOrEqualTo(30);

            database.execute("VACUUM outbox");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(relay.backlog().deadRows()).isZero());
        }
    }

    @Test
    void markModeKeepsSentRowsAndPublishesThemOnce() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("sent-rows", "mark"));
                Connection connection = database.connection()) {
            relays.start();
            for (int n = 1; n <= 5; n++) {
                insert(connection, "order", "order-7", "{\"n\": " + n + "}");
            }
            await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")).isEqualTo(5));
            insert(connection, "order", "order-7", "{\"n\": 6}");
            await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox WHERE sent_at IS NULL")).isZero());

            assertThat(platform.read(prefix + "order")).hasSize(6);
            assertThat(database.count("SELECT count(*) FROM outbox")).isEqualTo(6);
        }
    }

    @Test
    void aNotifyAfterTheCommitWakesTheRelayWithoutWaitingForThePollInterval() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m"));
                Connection connection = database.connection()) {
            OutboxRelay relay = relays.start();
            await().until(() -> relay.ownedShards().size() == 9 && IntStream.range(0, 9).allMatch(relay::isIdle));
            insert(connection, "order", "order-1", "{\"n\": 1}");
            try (Statement statement = connection.createStatement()) {
                statement.execute("NOTIFY tributary_outbox");
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(1));
        }
    }

    @Test
    void aNotifyNamingTheRowsShardWakesItsOwnerAndOneNamingAnotherShardDoesNot() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m"));
                Connection connection = database.connection()) {
            OutboxRelay relay = relays.start();
            int shard = insertOnceItsShardIdles(relay, connection);
            int other = (shard + 1) % 9;

            notify(connection, "9:" + other);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(platform.read(prefix + "order")).isEmpty());
            assertThat(relay.isIdle(shard)).isTrue();

            notify(connection, "9:" + other + "," + shard);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(1));
        }
    }

    @Test
    void aBurstOfCommitsWhileAShardIdlesGoesOutInOneClaimAndOneRequest() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m", "wakeup-linger", "1s"));
                Connection connection = database.connection()) {
            OutboxRelay relay = relays.start();
            int shard = insertOnceItsShardIdles(relay, connection);
            long sequence = database.count("SELECT next_sequence FROM outbox_relay_shard WHERE shard = " + shard);

            // The first commit's notification wakes the shard; two more commits land while it lingers.
            notify(connection, "9:" + shard);
            await().pollInterval(Duration.ofMillis(1)).until(() -> !relay.isIdle(shard));
            insert(connection, "order", "order-1", "{\"n\": 2}");
            notify(connection, "9:" + shard);
            insert(connection, "order", "order-1", "{\"n\": 3}");
            notify(connection, "9:" + shard);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order"))
                    .extracting(TestPlatform.TopicRecord::value)
                    .containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}"));
            // One batch: the shard's sequence advanced once.
            assertThat(database.count("SELECT next_sequence FROM outbox_relay_shard WHERE shard = " + shard)).isEqualTo(sequence + 1);
            await().until(() -> relay.isIdle(shard));
        }
    }

    @Test
    void aShardClaimsNeitherAfterABatchThatTookEveryNotifiedRowNorForNotificationsOfRowsItTook() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m"));
                Connection connection = database.connection()) {
            OutboxRelay relay = relays.start();
            int shard = insertOnceItsShardIdles(relay, connection);
            long first = database.count("SELECT max(position) FROM outbox");
            double claims = relays.total("tributary.outbox.claims");

            notify(connection, "9:" + shard);
            awaitPublishedThenIdle(relay, shard, 1);
            // One claim took the row; no notification came while it was sent, so no second claim looked for more.
            assertThat(relays.total("tributary.outbox.claims")).isEqualTo(claims + 1);

            // The notification of the row the shard took arrives late (notifications are delivered in order, so it is
            // handled before the next one): no claim for it.
            notify(connection, "9:" + shard + "." + first);
            insert(connection, "order", "order-1", "{\"n\": 2}");
            long second = database.count("SELECT max(position) FROM outbox");
            notify(connection, "9:" + shard + "." + second);

            awaitPublishedThenIdle(relay, shard, 2);
            assertThat(relays.total("tributary.outbox.claims")).isEqualTo(claims + 2);
        }
    }

    @Test
    void aRowCommittedWithoutANotificationAfterABatchIsFoundAtThePollInterval() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "1s"));
                Connection connection = database.connection()) {
            OutboxRelay relay = relays.start();
            int shard = insertOnceItsShardIdles(relay, connection);
            notify(connection, "9:" + shard);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(1));

            // No notification: the shard, which took every row it was woken for, must still look at its poll interval.
            insert(connection, "order", "order-1", "{\"n\": 2}");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order"))
                    .extracting(TestPlatform.TopicRecord::value)
                    .containsExactly("{\"n\": 1}", "{\"n\": 2}"));
        }
    }

    @Test
    void aNotifyNamingAnotherShardCountWakesEveryShard() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m"));
                Connection connection = database.connection()) {
            int shard = insertOnceItsShardIdles(relays.start(), connection);

            // A writer configured with 8 shards: its shard numbers mean nothing to relays with 9.
            notify(connection, "8:" + ((shard + 1) % 8));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(1));
        }
    }

    @Test
    void outboxWriterWakesTheShardsOfItsRowsOnceItsTransactionCommitted() {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("poll-interval", "10m"));
                OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), 9, OutboxNotifier.LocalRelay.NONE)) {
            OutboxRelay relay = relays.start();
            await().until(() -> relay.ownedShards().size() == 9 && IntStream.range(0, 9).allMatch(relay::isIdle));
            assertThat(OutboxShard.of("order", "order-1", 9)).isNotEqualTo(OutboxShard.of("payment", "payment-2", 9));
            OutboxWriter writer = new OutboxWriter(new JdbcTemplate(database.dataSource()), notifier);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));

            transactions.executeWithoutResult(tx -> {
                writer.write("order", "order-1", "OrderCreated", "{\"n\": 1}");
                writer.write("order", "order-1", "OrderPaid", "{\"n\": 2}");
                writer.write("payment", "payment-2", "PaymentCompleted", "{\"n\": 3}");
            });

            // The relay polls only every 10 minutes: only the notification after the commit, naming the rows' shards
            // (order-1's and payment-2's, two different ones), can have woken their owners.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(platform.read(prefix + "order")).hasSize(2);
                assertThat(platform.read(prefix + "payment")).hasSize(1);
            });
        }
    }

    @Test
    void insertingTransactionsSendNoNotifySoTheirCommitsAreNotSerialised() {
        // PostgreSQL serialises the commits of transactions that NOTIFY; the outbox's only trigger assigns positions.
        assertThat(database.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND NOT tgisinternal"))
                .isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM pg_trigger WHERE tgname = 'outbox_assign_position'")).isEqualTo(1);
    }

    @Test
    void theRelayIndexesUnsentRowsByItsShardsForItsClaims() {
        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            relays.start();

            assertThat(database.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'outbox' AND indexname = '"
                    + ShardStore.claimIndex(9) + "' AND indexdef LIKE '%outbox_shard(aggregatetype, aggregateid, 9), \"position\")%'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void shardsAreSharedFairlyAndTakenOverWhenAnInstanceStops() {
        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            OutboxRelay first = relays.start();
            OutboxRelay second = relays.start();
            OutboxRelay third = relays.start();
            await().untilAsserted(() -> {
                assertThat(first.ownedShards()).hasSize(3);
                assertThat(second.ownedShards()).hasSize(3);
                assertThat(third.ownedShards()).hasSize(3);
            });
            Set<Integer> all = new HashSet<>(first.ownedShards());
            all.addAll(second.ownedShards());
            all.addAll(third.ownedShards());
            assertThat(all).hasSize(9);

            third.crash();
            await().untilAsserted(() -> {
                assertThat(first.ownedShards().size() + second.ownedShards().size()).isEqualTo(9);
                assertThat(first.ownedShards()).hasSizeBetween(4, 5);
            });
        }
    }

    private void awaitDrained(int expectedEvents) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(database.count("SELECT count(*) FROM outbox")).isZero();
            assertThat(platform.read(prefix + "order").size() + platform.read(prefix + "payment").size()).isEqualTo(expectedEvents);
        });
    }

    private static UUID insert(Connection connection, String type, String id, String payload) throws Exception {
        UUID eventId = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES (?, ?, ?, 'Changed', ?::jsonb)")) {
            insert.setObject(1, eventId);
            insert.setString(2, type);
            insert.setString(3, id);
            insert.setString(4, payload);
            insert.executeUpdate();
        }
        return eventId;
    }

    /**
     * Inserts order-1's first event once its shard has looked for rows and waits (so from then on only a wake-up
     * makes it look again, the relay polling every 10 minutes); returns the shard.
     */
    /** Waits until the topic holds {@code events} events and the shard's publisher waits again (its claims are done). */
    private void awaitPublishedThenIdle(OutboxRelay relay, int shard, int events) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(events));
        await().until(() -> relay.isIdle(shard));
    }

    private static int insertOnceItsShardIdles(OutboxRelay relay, Connection connection) throws Exception {
        int shard = OutboxShard.of("order", "order-1", 9);
        await().until(() -> relay.ownedShards().size() == 9 && relay.isIdle(shard));
        insert(connection, "order", "order-1", "{\"n\": 1}");
        return shard;
    }

    private static void notify(Connection connection, String payload) throws Exception {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify('tributary_outbox', ?)")) {
            notify.setString(1, payload);
            notify.execute();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
