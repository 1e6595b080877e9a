package io.tributary.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.client.TributaryClient;
import java.util.BitSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Embeds the outbox relay in a Spring Boot service that has a PostgreSQL {@link DataSource}: migrates the
 * outbox tables, provides an {@link OutboxWriter} for the service's transactions, and runs an
 * {@link OutboxRelay} (with metrics and a health indicator) for the application's lifetime. Adding the
 * {@code outbox-relay} dependency is enough; {@code tributary.outbox.enabled=false} turns it off.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class},
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({DataSource.class, PGConnection.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(prefix = "tributary.outbox", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OutboxRelayProperties.class)
public class OutboxRelayAutoConfiguration {

    // After the application's own database initialisation (its Flyway or Liquibase migrations), which would
    // otherwise find a non-empty schema without its history table.
    @Bean(initMethod = "migrate")
    @DependsOnDatabaseInitialization
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tributary.outbox", name = "migrate", havingValue = "true", matchIfMissing = true)
    OutboxMigration outboxMigration(OutboxRelayProperties properties, ObjectProvider<DataSourceProperties> dataSourceProperties,
            DataSource dataSource) {
        return new OutboxMigration(relayConnections(properties, dataSourceProperties, dataSource));
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(JdbcTemplate jdbcTemplate, ObjectProvider<OutboxMigration> migration, OutboxNotifier notifier) {
        // Asking for the migration makes sure the table exists before the service writes to it.
        migration.ifAvailable(m -> { });
        return new OutboxWriter(jdbcTemplate, notifier);
    }

    /**
     * Wakes the shards of the committed rows, in this application's relay and in the relays of other instances
     * (NOTIFY naming them), after each writing transaction.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    OutboxNotifier outboxNotifier(OutboxRelayProperties properties, ObjectProvider<DataSourceProperties> dataSourceProperties,
            DataSource dataSource, ObjectProvider<OutboxRelay> relay) {
        return new OutboxNotifier(relayConnections(properties, dataSourceProperties, dataSource), properties.shards(),
                new LocalRelay(relay));
    }

    /**
     * Wakes the relay bean of this application after each writing transaction. Found once and kept: looking it up
     * through the bean factory on every commit was about 4 % of a sample service's CPU under load.
     */
    static final class LocalRelay implements OutboxNotifier.LocalRelay {

        private final ObjectProvider<OutboxRelay> provider;
        private volatile @Nullable OutboxRelay relay;

        LocalRelay(ObjectProvider<OutboxRelay> provider) {
            this.provider = provider;
        }

        @Override
        public @Nullable BitSet wakeUp(@Nullable BitSet shards) {
            OutboxRelay found = relay;
            if (found == null) {
                found = provider.getIfAvailable();
                relay = found;
            }
            return found == null ? shards : found.wakeUp(shards);
        }
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(OutboxRelayProperties properties, ObjectProvider<DataSourceProperties> dataSourceProperties,
            DataSource dataSource, ObjectProvider<MeterRegistry> registry, ObjectProvider<OutboxMigration> migration) {
        migration.ifAvailable(m -> { });
        TributaryClient client = TributaryClient.builder(properties.platformUrl())
                .requestTimeout(properties.requestTimeout())
                .build();
        return new OutboxRelay(properties, relayConnections(properties, dataSourceProperties, dataSource), client,
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * The relay's own connections (one per owned shard, plus two, held for a long time): unpooled, to
     * {@code tributary.outbox.datasource.url} or else to {@code spring.datasource.url}; the application's data
     * source only when neither is known. Deliberately not a bean: a second {@link DataSource} bean would turn
     * off the application's own JDBC auto-configuration.
     */
    static DataSource relayConnections(OutboxRelayProperties properties, ObjectProvider<DataSourceProperties> dataSourceProperties,
            DataSource dataSource) {
        OutboxRelayProperties.Datasource own = properties.datasource();
        PGSimpleDataSource connections = new PGSimpleDataSource();
        if (own.url() != null && !own.url().isBlank()) {
            connections.setURL(own.url());
            connections.setUser(own.username());
            connections.setPassword(own.password());
        } else {
            DataSourceProperties spring = dataSourceProperties.getIfAvailable();
            if (spring == null || spring.determineUrl() == null) {
                return dataSource;
            }
            connections.setURL(spring.determineUrl());
            connections.setUser(spring.determineUsername());
            connections.setPassword(spring.determinePassword());
        }
        connections.setTcpKeepAlive(true);
        connections.setApplicationName("tributary-outbox-relay");
        return connections;
    }

    @Bean
    OutboxRelayLifecycle outboxRelayLifecycle(OutboxRelay relay) {
        return new OutboxRelayLifecycle(relay);
    }

    /** The health indicator, where Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class OutboxRelayHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "outboxRelayHealthIndicator")
        OutboxRelayHealthIndicator outboxRelayHealthIndicator(OutboxRelay relay, OutboxRelayProperties properties) {
            return new OutboxRelayHealthIndicator(relay, properties.maxBacklogAge());
        }
    }
}
