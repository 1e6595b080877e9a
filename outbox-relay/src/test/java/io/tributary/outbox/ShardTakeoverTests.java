package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.client.ProduceResult;
import io.tributary.client.ProducerRecord;
import io.tributary.client.ProducerStamp;
import io.tributary.client.TributaryApiException;
import io.tributary.client.TributaryClient;
import io.tributary.testing.TestDatabase;
import io.tributary.testing.TestPlatform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The crash points of the exactly-once argument in {@link OutboxRelay}, one at a time: a test plays a relay
 * that dies at that point (claims a batch on the shard's lock connection, maybe produces it, then loses the
 * connection), and a real relay takes the shard over.
 */
class ShardTakeoverTests {

    private static final int SHARDS = 9;

    private static TestPlatform platform;
    private static TributaryClient client;

    private TestDatabase database;
    private String prefix;
    private String topic;

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
    void createDatabase() throws Exception {
        database = OutboxDatabase.create();
        prefix = "takeover-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topic = prefix + "order";
        client.createTopic(topic, 2);
        try (Connection connection = database.connection()) {
            ShardStore.ensureShards(connection, SHARDS);
        }
        for (int n = 1; n <= 3; n++) {
            insert(n);
        }
    }

    private void insert(int n) throws Exception {
        try (Connection connection = database.connection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, aggregatetype, aggregateid,"
                        + " type, payload) VALUES (?, 'order', 'order-1', 'Changed', ?::jsonb)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, "{\"n\": " + n + "}");
            insert.executeUpdate();
        }
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void batchAppendedButNotCompletedIsResentAndAnsweredAsADuplicate() throws Exception {
        DeadRelay dead = claimAndDie(true);

        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            relays.start();
            awaitDrained();

            assertThat(values()).containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}");
            assertThat(relays.total("tributary.outbox.duplicates")).isEqualTo(1);
            assertThat(relays.total("tributary.outbox.published")).isEqualTo(3);
            assertThat(epoch(dead.shard)).isEqualTo(dead.batch.epoch() + 1);
        }
    }

    @Test
    void batchClaimedButNeverSentIsSentOnceByTheNextOwner() throws Exception {
        claimAndDie(false);

        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            relays.start();
            awaitDrained();

            assertThat(values()).containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}");
            assertThat(relays.total("tributary.outbox.duplicates")).isZero();
        }
    }

    @Test
    void lateRequestOfTheDeadOwnerIsNeverAppended() throws Exception {
        DeadRelay dead = claimAndDie(false);

        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            relays.start();
            awaitDrained();
            await().until(() -> epoch(dead.shard) > dead.batch.epoch());

            // The dead owner's request, still on the wire, arrives now: the batch the new owner re-sent.
            assertThat(client.produce(topic, dead.records, dead.stamp).duplicate()).isTrue();

            // Once the new owner has produced under its new epoch, a late copy is fenced.
            insert(4);
            await().untilAsserted(() -> assertThat(values()).hasSize(4));
            assertThatThrownBy(() -> client.produce(topic, dead.records, dead.stamp))
                    .isInstanceOf(TributaryApiException.InvalidProducerSequenceException.class)
                    .hasMessageContaining("fenced");
            assertThat(values()).containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}", "{\"n\": 4}");
        }
    }

    /**
     * The pipelined relay died with batch 1 in the log (acknowledged, completion not yet committed) and batch 2
     * claimed while batch 1 was on its way: not sent yet, or sent and acknowledged too (completions commit without
     * waiting for the WAL flush, so a PostgreSQL crash may lose both).
     */
    @ParameterizedTest(name = "second batch sent: {0}")
    @CsvSource({"false, 1", "true, 2"})
    void batchesInDoubtAfterAPipelinedRelayDiedAreEachInTheLogOnce(boolean secondSent, int duplicates) throws Exception {
        diePipelined(secondSent);

        try (Relays relays = new Relays(database, platform, prefix, Map.of())) {
            relays.start();
            awaitDrained();

            assertThat(values()).containsExactly("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}", "{\"n\": 4}", "{\"n\": 5}");
            assertThat(relays.total("tributary.outbox.duplicates")).isEqualTo(duplicates);
        }
    }

    @Test
    void aClaimLeavesNoMoreBatchesInDoubtThanThePlatformRemembersAndKeepsTheirOrder() throws Exception {
        int shard = (int) database.count("SELECT outbox_shard('order', 'order-1', " + SHARDS + ")");
        try (Connection connection = database.connection()) {
            ShardStore store = new ShardStore(connection, shard, SHARDS);
            ShardState state = store.load();
            TopicRouter router = new TopicRouter(prefix, Map.of());

            // One row per batch, room for two: rows 1 and 2; row 3 stays unclaimed.
            List<OutboxBatch> first = store.claim(state, 10, 1, 1 << 20, 2, router, List.of());
            state = new ShardState(shard, state.producerId(), state.epoch(), state.nextSequence() + first.size());
            // Behind them (as while the first is on its way): only what they do not hold.
            List<OutboxBatch> behind = store.claim(state, 10, 1, 1 << 20, 3, router, first);

            assertThat(first).extracting(OutboxBatch::sequence).containsExactly(0L, 1L);
            assertThat(first).extracting(batch -> batch.rows().get(0).payload()).containsExactly("{\"n\": 1}", "{\"n\": 2}");
            assertThat(behind).extracting(OutboxBatch::sequence).containsExactly(2L);
            assertThat(behind).extracting(batch -> batch.rows().get(0).payload()).containsExactly("{\"n\": 3}");
            assertThat(database.count("SELECT next_sequence FROM outbox_relay_shard WHERE shard = " + shard)).isEqualTo(3);
            assertThat(database.count("SELECT count(*) FROM outbox_relay_batch")).isEqualTo(3);
        }
    }

    /**
     * Plays a pipelined relay that dies: claims rows 1-3, sends them, claims rows 4-5 behind them while they are on
     * their way, sends those too if told to, and loses its connection before completing anything.
     */
    private void diePipelined(boolean sendSecond) throws Exception {
        int shard = (int) database.count("SELECT outbox_shard('order', 'order-1', " + SHARDS + ")");
        try (Connection connection = database.connection()) {
            ShardStore store = ownShard(connection, shard);
            ShardState state = store.load();
            TopicRouter router = new TopicRouter(prefix, Map.of());
            OutboxBatch first = store.claim(state, 10, 10, 1 << 20, 5, router, List.of()).get(0);
            state = new ShardState(shard, state.producerId(), state.epoch(), state.nextSequence() + 1);
            assertThat(send(state, first).duplicate()).isFalse();
            insert(4);
            insert(5);
            OutboxBatch second = store.claim(state, 10, 10, 1 << 20, 4, router, List.of(first)).get(0);
            assertThat(second.rows()).hasSize(2);
            assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
            if (sendSecond) {
                assertThat(send(state, second).duplicate()).isFalse();
            }
        }
    }

    /** Takes the shard's lock on the connection, as its owner does, and returns the shard's store on it. */
    private static ShardStore ownShard(Connection connection, int shard) throws Exception {
        OutboxRelayProperties properties = Relays.bind(Map.of("shards", Integer.toString(SHARDS)));
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            lock.setInt(1, properties.lockKey());
            lock.setInt(2, shard);
            lock.execute();
        }
        return new ShardStore(connection, shard, SHARDS);
    }

    private ProduceResult send(ShardState state, OutboxBatch batch) {
        List<ProducerRecord> records = batch.rows().stream().map(row -> OutboxRecords.record(row, batch.topic())).toList();
        return client.produce(batch.topic(), records, new ProducerStamp(state.producerId(), batch.epoch(), batch.sequence()));
    }

    private record DeadRelay(int shard, OutboxBatch batch, List<ProducerRecord> records, ProducerStamp stamp) {
    }

    /** Claims the rows as the shard's owner, produces them if told to, and dies before completing. */
    private DeadRelay claimAndDie(boolean produce) throws Exception {
        int shard = (int) database.count("SELECT outbox_shard('order', 'order-1', " + SHARDS + ")");
        try (Connection connection = database.connection()) {
            ShardStore store = ownShard(connection, shard);
            ShardState state = store.load();
            List<OutboxBatch> batches = store.claim(state, 10, 10, 1 << 20, ShardPublisher.PLATFORM_REMEMBERED_REQUESTS,
                    new TopicRouter(prefix, Map.of()), List.of());
            assertThat(batches).hasSize(1);
            OutboxBatch batch = batches.get(0);
            List<ProducerRecord> records = batch.rows().stream().map(row -> OutboxRecords.record(row, batch.topic())).toList();
            ProducerStamp stamp = new ProducerStamp(state.producerId(), batch.epoch(), batch.sequence());
            if (produce) {
                ProduceResult result = client.produce(batch.topic(), records, stamp);
                assertThat(result.duplicate()).isFalse();
            }
            return new DeadRelay(shard, batch, records, stamp);
        }
    }

    private void awaitDrained() {
        await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox")).isZero());
        await().untilAsserted(() -> assertThat(database.count("SELECT count(*) FROM outbox_relay_batch")).isZero());
    }

    private List<String> values() {
        return platform.read(topic).stream().map(TestPlatform.TopicRecord::value).toList();
    }

    private int epoch(int shard) throws Exception {
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("SELECT epoch FROM outbox_relay_shard WHERE shard = ?")) {
            select.setInt(1, shard);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
