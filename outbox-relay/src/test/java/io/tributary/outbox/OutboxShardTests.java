package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shard of an aggregate as writers compute it, and how notifications name shards. */
class OutboxShardTests {

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = OutboxDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void javaShardIsTheShardOfTheMigrationsSqlFunction() throws Exception {
        List<String> ids = List.of("order-1", "order-42", "", "ä/ö ü", "客户-17", "a/b", "x".repeat(300), "payment-9");
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("SELECT outbox_shard(?, ?, ?)")) {
            for (int shards : new int[] {1, 2, 8, 9, 4096}) {
                for (String type : List.of("order", "payment", "Ünïcode")) {
                    for (String id : ids) {
                        select.setString(1, type);
                        select.setString(2, id);
                        select.setInt(3, shards);
                        try (ResultSet rs = select.executeQuery()) {
                            rs.next();
                            assertThat(OutboxShard.of(type, id, shards)).as("%s/%s of %d", type, id, shards).isEqualTo(rs.getInt(1));
                        }
                    }
                }
            }
            for (int n = 0; n < 2_000; n++) {
                select.setString(1, "order");
                select.setString(2, "order-" + n);
                select.setInt(3, 8);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertThat(OutboxShard.of("order", "order-" + n, 8)).isEqualTo(rs.getInt(1));
                }
            }
        }
    }

    @Test
    void aShardCountBelowOneIsRefused() {
        assertThatThrownBy(() -> OutboxShard.of("order", "order-1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shards must be at least 1");
    }

    @Test
    void notificationNamesTheShardsWithTheShardCountAndRelaysReadThemBack() {
        BitSet named = new BitSet();
        named.set(3);
        named.set(5);

        String payload = OutboxNotifier.payload(named, 8);

        assertThat(payload).isEqualTo("8:3,5");
        assertThat(OutboxNotifier.shardsNamed(payload, 8)).isEqualTo(named);
    }

    @Test
    void notificationNamesEachShardsRowPositionsAndRelaysReadThemBack() {
        CommittedRows rows = new CommittedRows().add(5, 1202).add(3, 1201).add(3, 1207);

        String payload = OutboxNotifier.payload(rows, 8);

        assertThat(payload).isEqualTo("8:3.1201.1207,5.1202");
        CommittedRows read = CommittedRows.parse(payload, 8);
        assertThat(read).isEqualTo(rows);
        assertThat(read.positions(3)).containsExactly(1201, 1207);
        assertThat(OutboxNotifier.shardsNamed(payload, 8)).isEqualTo(BitSet.valueOf(new long[] {0b101000}));
    }

    @Test
    void aShardWithARowOfUnknownPositionIsNamedWithoutPositionsSoItsOwnerAlwaysWakes() {
        CommittedRows rows = new CommittedRows().add(3, 1201).add(3).add(5, 1202);

        assertThat(OutboxNotifier.payload(rows, 8)).isEqualTo("8:3,5.1202");
        assertThat(CommittedRows.parse("8:3,5.1202", 8).positions(3)).isNull();
        assertThat(CommittedRows.parse("8:3,5.1202", 8).positions(5)).containsExactly(1202);
    }

    @Test
    void positionsThatDoNotFitInANotificationAreLeftOutAndItsShardsStillNamed() {
        CommittedRows rows = new CommittedRows();
        for (long position = 1_000_000; position < 1_001_000; position++) {
            rows.add((int) (position % 8), position);
        }

        assertThat(OutboxNotifier.payload(rows, 8)).isEqualTo("8:0,1,2,3,4,5,6,7");
        assertThat(CommittedRows.parse("8:3.12x", 8)).isNull();
        assertThat(CommittedRows.parse("8:3.", 8).positions(3)).isNull(); // no position: the owner wakes
    }

    @Test
    void aNotificationWithoutShardsOrNotUnderstoodWakesEveryShard() {
        // null: every shard. A plain NOTIFY from another writer has an empty payload.
        assertThat(OutboxNotifier.shardsNamed("", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed(null, 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed("order-1", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed("8:", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed("8:3,x", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed(":3", 8)).isNull();
        // Another shard count (a writer configured differently): its numbers mean other shards.
        assertThat(OutboxNotifier.shardsNamed("9:3", 8)).isNull();
        // Out of range.
        assertThat(OutboxNotifier.shardsNamed("8:8", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed("8:-1", 8)).isNull();
        assertThat(OutboxNotifier.shardsNamed("99999999999:1", 8)).isNull();
    }

    @Test
    void aNotifierThatKnowsNoShardCountOrTooManyShardsSendsAPlainNotification() {
        BitSet many = new BitSet();
        many.set(0, 4096);

        assertThat(OutboxNotifier.payload(many, 4096)).isEmpty();
        assertThat(OutboxNotifier.payload((BitSet) null, 8)).isEmpty();
        assertThat(OutboxNotifier.payload(new BitSet(), 8)).isEmpty();
        BitSet one = new BitSet();
        one.set(1);
        assertThat(OutboxNotifier.payload(one, 0)).isEmpty();
    }
}
