package io.tributary.outbox;

import io.tributary.testing.TestDatabase;

/** Test databases for the relay's tests. */
final class OutboxDatabase {

    private OutboxDatabase() {
    }

    /** A new database of its own with the outbox tables migrated; drop it by closing it. */
    static TestDatabase create() {
        TestDatabase database = new TestDatabase("relay");
        OutboxMigration.migrate(database.dataSource());
        return database;
    }
}
