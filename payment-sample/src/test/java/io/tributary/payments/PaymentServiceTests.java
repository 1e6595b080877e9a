package io.tributary.payments;

import io.tributary.testing.TestPlatform;
import io.tributary.testing.TestHttp;
import io.tributary.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.ProducerRecord;
import io.tributary.client.TributaryClient;
import io.tributary.testing.TestPlatform.TopicRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The payment service alone, against the real platform and PostgreSQL: order events are produced by the test as
 * the order service would publish them, and the service's answers are read from {@code payments.events}.
 */
class PaymentServiceTests {

    private static TestPlatform platform;
    private static TestDatabase database;
    private static ConfigurableApplicationContext service;
    private static TributaryClient client;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        database = new TestDatabase("payments");
        service = PaymentSampleApplication.application().run(
                "--server.port=0",
                "--spring.datasource.url=" + database.url(),
                // A locked account makes a charge fail (transiently) after half a second instead of waiting forever.
                "--spring.datasource.hikari.connection-init-sql=SET lock_timeout = '500ms'",
                "--tributary.payments.platform-url=" + platform.baseUri(),
                "--tributary.payments.poll-timeout=500ms",
                "--tributary.payments.retry.max-attempts=3",
                "--tributary.payments.retry.initial-backoff=50ms",
                "--tributary.payments.retry.max-backoff=200ms",
                "--tributary.outbox.shards=2",
                "--spring.main.banner-mode=off",
                "--logging.level.org.springframework=WARN",
                "--logging.level.org.hibernate=WARN",
                "--logging.level.com.zaxxer=WARN",
                "--logging.level.org.flywaydb=WARN");
        client = TributaryClient.builder(platform.baseUri()).build();
        http = new TestHttp(java.net.URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) service).getWebServer().getPort()));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (client != null) {
            client.close();
        }
        if (database != null) {
            database.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anOrderIsChargedOnceHoweverOftenItsEventIsDelivered() {
        String customer = openAccount("100.00");
        String order = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        ProducerRecord created = orderEvent(order, eventId, "OrderCreated", orderCreated(order, customer, "30.00"));
        // The same event twice (a redelivery), and the same order under another event id (a duplicate publish).
        send(created, created, orderEvent(order, UUID.randomUUID().toString(), "OrderCreated",
                orderCreated(order, customer, "30.00")));

        await().untilAsserted(() -> assertThat(paymentEvents(order)).extracting(r -> r.headers().get("type"))
                .containsExactly("PaymentCompleted"));
        await().untilAsserted(() -> assertThat(processedMessages()).isGreaterThanOrEqualTo(2));
        assertThat(balance(customer)).isEqualByComparingTo("70.00");
        assertThat(paymentEvents(order)).hasSize(1);
    }

    @Test
    void anEventTwiceInOneBatchIsChargedOnce() {
        String customer = openAccount("100.00");
        String order = UUID.randomUUID().toString();
        ProducerRecord created = orderEvent(order, UUID.randomUUID().toString(), "OrderCreated",
                orderCreated(order, customer, "30.00")).withPartition(1);
        double duplicates = counter("tributary.consumer.duplicates");
        // One fetch: the batch records both ids in one statement, the second is recognised as the first's duplicate.
        sendTogether(created, created);

        await().untilAsserted(() -> assertThat(counter("tributary.consumer.duplicates")).isGreaterThanOrEqualTo(duplicates + 1));
        await().untilAsserted(() -> assertThat(balance(customer)).isEqualByComparingTo("70.00"));
        assertThat(paymentEvents(order)).extracting(r -> r.headers().get("type")).containsExactly("PaymentCompleted");
    }

    @Test
    void aCancelledOrderIsRefundedExactlyOnce() {
        String customer = openAccount("100.00");
        String order = UUID.randomUUID().toString();
        ProducerRecord cancelled = orderEvent(order, UUID.randomUUID().toString(), "OrderCancelled",
                orderCancelled(order, customer, "40.00"));
        send(orderEvent(order, UUID.randomUUID().toString(), "OrderCreated", orderCreated(order, customer, "40.00")),
                cancelled, cancelled,
                orderEvent(order, UUID.randomUUID().toString(), "OrderCancelled", orderCancelled(order, customer, "40.00")));

        await().untilAsserted(() -> assertThat(paymentEvents(order)).extracting(r -> r.headers().get("type"))
                .containsExactly("PaymentCompleted", "PaymentRefunded"));
        await().untilAsserted(() -> assertThat(http.get("/accounts/" + customer).body().path("payments").get(0)
                .path("status").asString()).isEqualTo("REFUNDED"));
        assertThat(balance(customer)).isEqualByComparingTo("100.00");
        assertThat(paymentEvents(order)).hasSize(2);
    }

    @Test
    void insufficientFundsFailThePayment() {
        String customer = openAccount("10.00");
        String order = UUID.randomUUID().toString();
        send(orderEvent(order, UUID.randomUUID().toString(), "OrderCreated", orderCreated(order, customer, "10.01")));

        await().untilAsserted(() -> assertThat(paymentEvents(order)).singleElement().satisfies(r -> {
            assertThat(r.headers().get("type")).isEqualTo("PaymentFailed");
            assertThat(TestHttp.JSON.readTree(r.value()).path("reason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        }));
        assertThat(balance(customer)).isEqualByComparingTo("10.00");
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAtOnceAndThePartitionKeepsFlowing() {
        String customer = openAccount("100.00");
        String order = UUID.randomUUID().toString();
        String unparseable = UUID.randomUUID().toString();
        String unknownType = UUID.randomUUID().toString();
        send(orderEvent(unparseable, UUID.randomUUID().toString(), "OrderCreated", "{\"orderId\": ").withPartition(1),
                orderEvent(unknownType, UUID.randomUUID().toString(), "OrderShipped", "{}").withPartition(1),
                orderEvent(order, UUID.randomUUID().toString(), "OrderCreated", orderCreated(order, customer, "1.00"))
                        .withPartition(1));

        await().untilAsserted(() -> assertThat(paymentEvents(order)).hasSize(1));
        List<TopicRecord> dead = platform.read("orders.events.dlt").stream()
                .filter(r -> unparseable.equals(r.key()) || unknownType.equals(r.key())).toList();
        assertThat(dead).hasSize(2).allSatisfy(r -> {
            assertThat(r.headers()).containsKeys("id", "type", "dlt-original-topic", "dlt-original-partition",
                    "dlt-original-offset", "dlt-exception-class", "dlt-exception-message", "dlt-attempts", "dlt-failed-at");
            assertThat(r.headers()).containsEntry("dlt-original-topic", "orders.events")
                    .containsEntry("dlt-original-partition", "1")
                    .containsEntry("dlt-attempts", "1")
                    .containsEntry("dlt-exception-class", "io.tributary.payments.messaging.PoisonMessageException");
            assertThat(Instant.parse(r.headers().get("dlt-failed-at"))).isBeforeOrEqualTo(Instant.now());
        });
        TopicRecord source = platform.read("orders.events").stream().filter(r -> unparseable.equals(r.key())).findFirst().orElseThrow();
        // Keyed by their random order ids, the two dead letters may land on any partitions of the DLT, in either order.
        TopicRecord deadUnparseable = dead.stream().filter(r -> unparseable.equals(r.key())).findFirst().orElseThrow();
        TopicRecord deadUnknownType = dead.stream().filter(r -> unknownType.equals(r.key())).findFirst().orElseThrow();
        assertThat(deadUnparseable.headers()).containsEntry("dlt-original-offset", Long.toString(source.offset()));
        assertThat(deadUnparseable.value()).isEqualTo("{\"orderId\": ");
        assertThat(deadUnknownType.headers().get("dlt-exception-message")).contains("unknown event type OrderShipped");

        JsonNode listed = http.get("/dlt").body();
        assertThat(listed.valueStream().filter(d -> unparseable.equals(d.path("key").asString()))).singleElement()
                .satisfies(d -> {
                    assertThat(d.path("attempts").asInt()).isEqualTo(1);
                    assertThat(d.path("offset").asLong()).isEqualTo(source.offset());
                    assertThat(d.path("exceptionMessage").asString()).startsWith("unparseable OrderCreated");
                });
    }

    @Test
    void aBatchWithAPoisonRecordInTheMiddleAppliesTheOthersOnceAndDeadLettersThePoison() throws Exception {
        String customer = openAccount("100.00");
        String first = UUID.randomUUID().toString();
        String poison = UUID.randomUUID().toString();
        String last = UUID.randomUUID().toString();
        double fallbacks = counter("tributary.consumer.batch.fallbacks");
        // One produce request: the records sit side by side in partition 0 and come in one fetch.
        sendTogether(orderEvent(first, UUID.randomUUID().toString(), "OrderCreated", orderCreated(first, customer, "10.00"))
                        .withPartition(0),
                orderEvent(poison, UUID.randomUUID().toString(), "OrderCreated", "{\"orderId\": ").withPartition(0),
                orderEvent(last, UUID.randomUUID().toString(), "OrderCreated", orderCreated(last, customer, "20.00"))
                        .withPartition(0));

        await().untilAsserted(() -> assertThat(paymentEvents(last)).hasSize(1));
        assertThat(paymentEvents(first)).extracting(r -> r.headers().get("type")).containsExactly("PaymentCompleted");
        assertThat(paymentEvents(last)).extracting(r -> r.headers().get("type")).containsExactly("PaymentCompleted");
        assertThat(balance(customer)).isEqualByComparingTo("70.00");
        assertThat(deadLetter(poison).path("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetter(poison).path("exceptionClass").asString())
                .isEqualTo("io.tributary.payments.messaging.PoisonMessageException");
        // The batch transaction failed on the poison and was rolled back; the records were then applied one by one.
        assertThat(counter("tributary.consumer.batch.fallbacks")).isGreaterThan(fallbacks);
    }

    @Test
    void aBatchDeliveredAgainIsSkippedRecordByRecord() throws Exception {
        String customer = openAccount("100.00");
        List<String> orders = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        ProducerRecord[] batch = orders.stream()
                .map(order -> orderEvent(order, UUID.randomUUID().toString(), "OrderCreated", orderCreated(order, customer, "5.00"))
                        .withPartition(2))
                .toArray(ProducerRecord[]::new);
        sendTogether(batch);
        await().untilAsserted(() -> assertThat(orders).allSatisfy(order -> assertThat(paymentEvents(order)).hasSize(1)));
        assertThat(balance(customer)).isEqualByComparingTo("85.00");
        double duplicates = counter("tributary.consumer.duplicates");

        // The same records again, as a member would get them after a crash before its offset commit.
        sendTogether(batch);

        await().untilAsserted(() -> assertThat(counter("tributary.consumer.duplicates")).isGreaterThanOrEqualTo(duplicates + 3));
        assertThat(orders).allSatisfy(order -> assertThat(paymentEvents(order)).hasSize(1));
        assertThat(balance(customer)).isEqualByComparingTo("85.00");
    }

    @Test
    void aTransientFailureIsRetriedThenDeadLetteredAndProcessedAfterRedrive() throws Exception {
        String locked = openAccount("100.00");
        String other = openAccount("100.00");
        String stuckOrder = UUID.randomUUID().toString();
        String nextOrder = UUID.randomUUID().toString();
        try (Connection maintenance = database.connection(); Statement statement = maintenance.createStatement()) {
            // A long transaction holds the account's row: every charge attempt times out on the lock.
            maintenance.setAutoCommit(false);
            statement.execute("SELECT * FROM account WHERE id = '" + locked + "' FOR UPDATE");
            send(orderEvent(stuckOrder, UUID.randomUUID().toString(), "OrderCreated",
                            orderCreated(stuckOrder, locked, "25.00")).withPartition(2),
                    orderEvent(nextOrder, UUID.randomUUID().toString(), "OrderCreated",
                            orderCreated(nextOrder, other, "5.00")).withPartition(2));

            // Retried in place (the next record of the partition waits), then dead-lettered, then the partition flows.
            await().untilAsserted(() -> assertThat(paymentEvents(nextOrder)).hasSize(1));
            assertThat(paymentEvents(stuckOrder)).isEmpty();
            JsonNode letter = deadLetter(stuckOrder);
            assertThat(letter.path("attempts").asInt()).isEqualTo(3);
            assertThat(letter.path("exceptionClass").asString()).isNotBlank()
                    .isNotEqualTo("io.tributary.payments.messaging.PoisonMessageException");
            assertThat(letter.path("redrivenAt").isNull()).isTrue();
            maintenance.rollback();
        }

        // The cause is gone: redrive, and the event is processed like any other.
        JsonNode redriven = http.post("/dlt/redrive", "{\"ids\": [" + deadLetter(stuckOrder).path("id").asLong() + "]}").body();
        assertThat(redriven.path("redriven")).hasSize(1);
        await().untilAsserted(() -> assertThat(paymentEvents(stuckOrder)).extracting(r -> r.headers().get("type"))
                .containsExactly("PaymentCompleted"));
        assertThat(balance(locked)).isEqualByComparingTo("75.00");
        assertThat(deadLetter(stuckOrder).path("redrivenAt").isNull()).isFalse();
        // Nothing left to redrive for this order.
        assertThat(http.post("/dlt/redrive", "{\"ids\": [" + deadLetter(stuckOrder).path("id").asLong() + "]}").body()
                .path("redriven")).isEmpty();
    }

    @Test
    void accountsAnswerProblemsForErrors() {
        String customer = openAccount("1.00");
        TestHttp.Response duplicate = http.post("/accounts", "{\"customerId\":\"" + customer + "\",\"currency\":\"EUR\",\"balance\":1}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(http.get("/accounts/nobody").status()).isEqualTo(404);
        assertThat(http.post("/accounts", "{\"customerId\":\"x\",\"currency\":\"euro\",\"balance\":-1}").status()).isEqualTo(400);
        // The demo's seed data.
        assertThat(http.get("/accounts/alice").body().path("balance").decimalValue()).isEqualByComparingTo("500.00");
    }

    // ---------------------------------------------------------------- helpers

    private static String openAccount(String balance) {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp.Response response = http.post("/accounts",
                "{\"customerId\":\"" + id + "\",\"currency\":\"EUR\",\"balance\":" + balance + "}");
        assertThat(response.status()).isEqualTo(201);
        return id;
    }

    private static BigDecimal balance(String customer) {
        return http.get("/accounts/" + customer).body().path("balance").decimalValue();
    }

    private static JsonNode deadLetter(String key) {
        return http.get("/dlt").body().valueStream().filter(d -> key.equals(d.path("key").asString()))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no dead letter for " + key));
    }

    private static long processedMessages() throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT count(*) FROM processed_message")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<TopicRecord> paymentEvents(String order) {
        return platform.read("payments.events").stream().filter(r -> order.equals(r.key())).toList();
    }

    private static void send(ProducerRecord... records) {
        client.createTopicIfAbsent("orders.events", 3);
        for (ProducerRecord record : records) {
            client.produce("orders.events", List.of(record), null);
        }
    }

    /** The records in one produce request. */
    private static void sendTogether(ProducerRecord... records) {
        client.createTopicIfAbsent("orders.events", 3);
        client.produce("orders.events", List.of(records), null);
    }

    private static double counter(String name) {
        return service.getBean(MeterRegistry.class).find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static ProducerRecord orderEvent(String order, String eventId, String type, String payload) {
        return ProducerRecord.of("orders.events", order, payload).withHeader("id", eventId).withHeader("type", type);
    }

    private static String orderCreated(String order, String customer, String amount) {
        return "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"items\":[{\"sku\":\"book\",\"quantity\":1}],\"occurredAt\":\"" + Instant.now() + "\"}";
    }

    private static String orderCancelled(String order, String customer, String amount) {
        return "{\"orderId\":\"" + order + "\",\"customerId\":\"" + customer + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"occurredAt\":\"" + Instant.now() + "\"}";
    }

    static {
        // Awaitility's default of 10 s is short for a loaded 2-core machine; nothing here depends on timing.
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
    }
}
