package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.testing.TestDatabase;
import io.tributary.testing.TestPlatform;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default of one shard: one instance publishes, another stands by and takes over when the first dies. */
class StandbyRelayTests {

    private final TestPlatform platform = Relays.sharedPlatform();
    private TestDatabase database;
    private String prefix;

    @BeforeEach
    void createDatabase() {
        database = OutboxDatabase.create();
        prefix = "standby-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void oneInstancePublishesWhileTheOtherStandsByAndTakesOverWhenItDies() throws Exception {
        try (Relays relays = new Relays(database, platform, prefix, Map.of("shards", "1"))) {
            OutboxRelay first = relays.start();
            OutboxRelay second = relays.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> first.ownedShards().size() + second.ownedShards().size() == 1);
            // Several rebalances later, still one owner: the standby does not take the shard while its owner lives.
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() ->
                    first.ownedShards().size() + second.ownedShards().size() == 1);
            OutboxRelay owner = first.ownedShards().isEmpty() ? second : first;
            OutboxRelay standby = owner == first ? second : first;
            assertThat(owner.ownedShards()).isEqualTo(Set.of(0));

            insert(1, 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> values().size() == 3);

            owner.crash();
            await().atMost(Duration.ofSeconds(20)).until(() -> standby.ownedShards().equals(Set.of(0)));
            insert(4, 6);

            await().atMost(Duration.ofSeconds(20)).until(() -> values().size() == 6);
            assertThat(values()).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, 6).mapToObj(n -> "{\"n\": " + n + "}").toList());
        }
    }

    private void insert(int from, int to) throws Exception {
        try (Connection connection = database.connection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, aggregatetype, aggregateid,"
                        + " type, payload) VALUES (?, 'order', 'order-1', 'Changed', ?::jsonb)")) {
            for (int n = from; n <= to; n++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "{\"n\": " + n + "}");
                insert.executeUpdate();
            }
        }
    }

    private List<String> values() {
        return platform.read(prefix + "order").stream().map(TestPlatform.TopicRecord::value).toList();
    }
}
