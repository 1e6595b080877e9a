package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.client.TributaryClient;
import io.tributary.testing.TestDatabase;
import io.tributary.testing.TestPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay as users run it: embedded in a Spring Boot service by auto-configuration, and as the standalone app. */
class OutboxRelayAutoConfigurationTests {

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
    void createDatabase() {
        database = new TestDatabase("relay");
        prefix = "boot-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    /**
     * A service that knows nothing of the relay but has it on its classpath, a PostgreSQL data source and Flyway
     * migrations of its own ({@code db/migration} in the test resources).
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SampleService {
    }

    @Test
    void aServiceWithTheDependencyPublishesWhatItsTransactionsCommit() {
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(SampleService.class).run(args())) {
            OutboxWriter outbox = service.getBean(OutboxWriter.class);
            TransactionTemplate transactions = new TransactionTemplate(service.getBean(PlatformTransactionManager.class));

            transactions.executeWithoutResult(tx -> outbox.write("order", "order-1", "OrderCreated", "{\"n\": 1}"));
            transactions.executeWithoutResult(tx -> {
                outbox.write("order", "order-1", "OrderCancelled", "{\"n\": 2}");
                tx.setRollbackOnly();
            });
            transactions.executeWithoutResult(tx -> outbox.write(new OutboxEvent(UUID.randomUUID(), "order", "order-1",
                    "OrderPaid", "{\"n\": 3}", Map.of("traceparent", "00-abc-def-01"))));

            await().untilAsserted(() -> assertThat(platform.read(prefix + "order")).hasSize(2));
            assertThat(platform.read(prefix + "order")).extracting(TestPlatform.TopicRecord::value)
                    .containsExactly("{\"n\": 1}", "{\"n\": 3}");
            assertThat(platform.read(prefix + "order").get(1).headers().get("traceparent")).isEqualTo("00-abc-def-01");
            assertThat(service.getBean(OutboxRelay.class).ownedShards()).hasSize(2);
            // The service's own Flyway migrations ran first, and the outbox's beside them in their own history.
            assertThat(database.count("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(1);
            assertThat(database.count("SELECT count(*) FROM tributary_outbox_schema_history WHERE success AND version = '1'"))
                    .isEqualTo(1);
            assertThat(database.count("SELECT count(*) FROM orders")).isZero();
        }
    }

    @Test
    void standaloneRelayServesHealthAndMetrics() throws Exception {
        try (ConfigurableApplicationContext relay = new SpringApplicationBuilder(OutboxRelayApplication.class)
                .properties("spring.config.name=outbox-relay,application")
                // The standalone relay has no migrations of its own beyond the outbox's.
                .run(append(args(), "--spring.flyway.enabled=false"))) {
            database.execute("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) "
                    + "VALUES (gen_random_uuid(), 'payment', 'p-1', 'PaymentCompleted', '{}')");
            await().untilAsserted(() -> assertThat(platform.read(prefix + "payment")).hasSize(1));

            int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
            await().untilAsserted(() -> {
                String health = get(port, "/actuator/health");
                assertThat(health).contains("\"outboxRelay\":{\"details\":{").contains("\"backlogRows\":0")
                        .contains("\"ownedShards\":[0,1]").contains("\"status\":\"UP\"");
            });
            String metrics = get(port, "/actuator/prometheus");
            assertThat(metrics).contains("tributary_outbox_published_total{").contains("tributary_outbox_backlog_rows")
                    .contains("tributary_outbox_publish_latency_seconds_count").contains("tributary_outbox_backlog_age_seconds");
        }
    }

    private String[] args() {
        return new String[] {
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + TestDatabase.USER,
                "--tributary.outbox.platform-url=" + platform.baseUri(),
                "--tributary.outbox.topic-prefix=" + prefix,
                "--tributary.outbox.create-topics=true",
                "--tributary.outbox.shards=2",
                "--tributary.outbox.rebalance-interval=200ms",
                "--tributary.outbox.metrics-interval=200ms",
                "--spring.main.banner-mode=off",
                "--logging.level.org.springframework=WARN"};
    }

    private static String[] append(String[] args, String more) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
