package io.tributary.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the outbox tables with the migrations under {@code classpath:db/tributary-outbox}, in a
 * Flyway history table of their own ({@code tributary_outbox_schema_history}), so they live beside the
 * application's own migrations without clashing version numbers.
 */
public final class OutboxMigration {

    public static final String LOCATION = "classpath:db/tributary-outbox";
    public static final String HISTORY_TABLE = "tributary_outbox_schema_history";

    private static final Logger log = LoggerFactory.getLogger(OutboxMigration.class);

    private final DataSource dataSource;

    public OutboxMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Applies pending outbox migrations. */
    public void migrate() {
        migrate(dataSource);
    }

    /** Applies pending outbox migrations to {@code dataSource}. */
    public static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // The schema may already hold the application's tables: start this history at version 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Outbox schema migrated to version {}", result.targetSchemaVersion);
        }
    }
}
