package io.tributary.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V3 moves order_history ids from the identity column to a sequence that hands out blocks of 50 (Hibernate's
 * pooled optimizer takes the block that ends at each nextval): on a database that has history rows already, the
 * first block must lie above them, and a row inserted without an id still gets one from the same sequence.
 */
class OrderHistoryIdMigrationTests {

    @Test
    void theFirstBlockOfIdsAfterTheMigrationLiesAboveTheExistingRows() {
        try (TestDatabase database = new TestDatabase("history_ids")) {
            migrate(database, "2");
            database.execute("""
                    INSERT INTO orders (id, customer_id, amount, currency, status, created_at, updated_at, version)
                    VALUES ('o1', 'alice', 10, 'EUR', 'PENDING', now(), now(), 0)""");
            for (int i = 0; i < 3; i++) {
                database.execute("INSERT INTO order_history (order_id, event, status, occurred_at)"
                        + " VALUES ('o1', 'OrderCreated', 'PENDING', now())");
            }
            migrate(database, "latest");

            long top = database.count("SELECT nextval('order_history_id_seq')");
            assertThat(top - 49).as("first id of the block").isGreaterThan(3);
            assertThat(database.count("SELECT nextval('order_history_id_seq')")).isEqualTo(top + 50);
            database.execute("INSERT INTO order_history (order_id, event, status, occurred_at)"
                    + " VALUES ('o1', 'PaymentCompleted', 'APPROVED', now())");
            assertThat(database.count("SELECT max(id) FROM order_history")).isEqualTo(top + 100);
        }
    }

    private static void migrate(TestDatabase database, String target) {
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/orders").target(target).load()
                .migrate();
    }
}
