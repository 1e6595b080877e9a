package io.tributary.orders;

import io.tributary.testing.TestPlatform;
import io.tributary.testing.TestHttp;
import io.tributary.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.payments.PaymentSampleApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole saga, everything real and in one JVM: the platform, the order service and the payment service (each its
 * own Spring context on a random port, each its own PostgreSQL database), driven over HTTP like the curl walkthrough.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaTests {

    private static final String PAYMENT_CONSUMER_THREADS = "tributary-consumer-payment-service-";

    static TestPlatform platform;
    private static TestDatabase ordersDatabase;
    private static TestDatabase paymentsDatabase;
    private static ConfigurableApplicationContext orderService;
    private static ConfigurableApplicationContext paymentService;
    static TestHttp orders;
    private static TestHttp payments;
    /** Every customer the tests created, for comparing read models. */
    private static final Set<String> customers = new TreeSet<>();

    @BeforeAll
    static void start() {
        platform = TestPlatform.start();
        ordersDatabase = new TestDatabase("orders");
        paymentsDatabase = new TestDatabase("payments");
        startPaymentService();
        orderService = OrderSampleApplication.application().run(common(
                "--spring.datasource.url=" + ordersDatabase.url(),
                "--tributary.orders.platform-url=" + platform.baseUri(),
                "--tributary.orders.poll-timeout=500ms"));
        orders = new TestHttp(uri(orderService));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {orderService, paymentService, ordersDatabase, paymentsDatabase, platform}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    @Order(0)
    void eachServiceConsumesEveryPartitionWithAMemberOfItsOwn() {
        // One member (thread, transaction) per partition: verdicts and charges of different partitions commit side by side.
        TestHttp admin = new TestHttp(platform.baseUri());
        for (String group : List.of("order-service", "payment-service")) {
            await().untilAsserted(() -> {
                JsonNode members = admin.get("/consumers/" + group).body().path("members");
                assertThat(members).as(group).hasSize(3);
                members.forEach(member -> assertThat(member.path("assignment")).as(group).hasSize(1));
            });
        }
    }

    @Test
    @Order(1)
    void twoHundredOrdersAreApprovedOrRejectedConsistentlyWithTheBalances() {
        SagaRun run = new SagaRun("load", 5, new BigDecimal("1000.00"), 200, 1);
        long started = System.nanoTime();
        run.placeOrders(() -> { });
        run.awaitDecided();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("SagaTests: %d orders placed and decided in %.1f s (%.1f orders/s end to end)%n",
                run.orders.size(), seconds, run.orders.size() / seconds);
        run.assertConsistent();
        run.assertOrderEventsKeyedByCustomer();
    }

    @Test
    @Order(2)
    void cancelAfterApprovalRefundsExactlyOnce() {
        String customer = openAccount("cancel", new BigDecimal("100.00"));
        String order = placeOrder(customer, new BigDecimal("30.00"));
        await().until(() -> status(order).equals("APPROVED"));
        assertThat(balance(customer)).isEqualByComparingTo("70.00");

        TestHttp.Response cancelled = orders.post("/orders/" + order + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
        TestHttp.Response again = orders.post("/orders/" + order + "/cancel", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body().path("detail").asString()).contains("CANCELLED");

        await().untilAsserted(() -> assertThat(history(order)).containsExactly(
                "OrderCreated", "PaymentCompleted", "OrderCancelled", "PaymentRefunded"));
        assertThat(balance(customer)).isEqualByComparingTo("100.00");
        assertThat(paymentEventTypes(order)).containsExactly("PaymentCompleted", "PaymentRefunded");
        assertThat(orders.get("/orders/" + order).body().path("history").get(3).path("detail").asString())
                .isEqualTo("30.00 EUR");
        // A listing maps each order's lines and history too (lazy in the entity, loaded by the service).
        JsonNode listed = orders.get("/orders?status=CANCELLED").body().valueStream()
                .filter(o -> o.path("id").asString().equals(order)).findFirst().orElseThrow();
        assertThat(listed.path("items").get(0).path("sku").asString()).isEqualTo("book-1");
        assertThat(listed.path("history").valueStream().map(h -> h.path("event").asString()).toList())
                .containsExactly("OrderCreated", "PaymentCompleted", "OrderCancelled", "PaymentRefunded");

        // A rejected order cannot be cancelled; an unknown one is not found; a bad request is a 400 problem.
        String tooExpensive = placeOrder(customer, new BigDecimal("100.01"));
        await().until(() -> status(tooExpensive).equals("REJECTED"));
        assertThat(orders.get("/orders/" + tooExpensive).body().path("rejectionReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(orders.post("/orders/" + tooExpensive + "/cancel", "").status()).isEqualTo(409);
        assertThat(orders.get("/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
        TestHttp.Response invalid = orders.post("/orders", "{\"customerId\":\"x\",\"amount\":-1,\"currency\":\"EUR\",\"items\":[]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        // The constrained parameters are validated by Spring MVC itself (the controller is not @Validated).
        TestHttp.Response badLimit = orders.get("/orders?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.contentType()).startsWith("application/problem+json");

        // Cancelling an order that is still pending: it is charged all the same, then refunded.
        String pending = placeOrder(customer, new BigDecimal("10.00"));
        assertThat(orders.post("/orders/" + pending + "/cancel", "").status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(paymentEventTypes(pending)).containsExactly("PaymentCompleted", "PaymentRefunded"));
        await().untilAsserted(() -> assertThat(balance(customer)).isEqualByComparingTo("100.00"));
        assertThat(status(pending)).isEqualTo("CANCELLED");
    }

    @Test
    @Order(3)
    void aPaymentServiceCrashMidRunChargesNoOrderTwiceAndLeavesNonePending() {
        SagaRun run = new SagaRun("crash", 4, new BigDecimal("600.00"), 120, 2);
        run.placeOrders(() -> {
            // Crash once some orders were decided: the consumer thread is interrupted wherever it is (between the
            // database commit and the offset commit, in a fetch, ...), then the context is closed and started again.
            await().until(() -> run.decided() >= 20);
            crashPaymentService();
            startPaymentService();
        });
        run.awaitDecided();
        run.assertConsistent();
    }

    @Test
    @Order(4)
    void theRebuiltReadModelEqualsTheLiveOne() {
        // The live read model has caught up: it applied every event on both topics, and agrees with the write side.
        long events = platform.read("orders.events").size() + platform.read("payments.events").size();
        await().untilAsserted(() -> assertThat(orders.get("/admin/read-model").body().path("processedEvents").asLong())
                .isEqualTo(events));
        Map<String, String> writeSide = new HashMap<>();
        orders.get("/orders?limit=10000").body().valueStream()
                .forEach(o -> writeSide.put(o.path("id").asString(), o.path("status").asString()));
        Map<String, String> readSide = new HashMap<>();
        for (String customer : customers) {
            orders.get("/customers/" + customer + "/orders").body().path("orders").valueStream()
                    .forEach(o -> readSide.put(o.path("orderId").asString(), o.path("status").asString()));
        }
        assertThat(readSide).isEqualTo(writeSide);
        Map<String, JsonNode> live = readModel();
        assertThat(live.get("revenue").path("windows")).isNotEmpty();
        long generation = orders.get("/admin/read-model").body().path("generation").asLong();

        TestHttp.Response rebuild = orders.post("/admin/read-model/rebuild", "");
        assertThat(rebuild.status()).isEqualTo(202);
        assertThat(rebuild.body().path("generation").asLong()).isEqualTo(generation + 1);
        assertThat(rebuild.body().path("consumerGroup").asString()).isEqualTo("order-read-model-g" + (generation + 1));

        await().untilAsserted(() -> assertThat(orders.get("/admin/read-model").body().path("processedEvents").asLong())
                .isEqualTo(events));
        assertThat(readModel()).isEqualTo(live);
    }

    // ---------------------------------------------------------------- services

    private static void startPaymentService() {
        paymentService = PaymentSampleApplication.application().run(common(
                "--spring.datasource.url=" + paymentsDatabase.url(),
                "--tributary.payments.platform-url=" + platform.baseUri(),
                "--tributary.payments.poll-timeout=500ms",
                "--tributary.payments.retry.initial-backoff=50ms"));
        payments = new TestHttp(uri(paymentService));
    }

    /** Kills the payment service's consumer threads where they are, then closes its context. */
    private static void crashPaymentService() {
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(PAYMENT_CONSUMER_THREADS))
                .forEach(Thread::interrupt);
        paymentService.close();
    }

    private static String[] common(String... specific) {
        List<String> args = new ArrayList<>(List.of(specific));
        args.addAll(List.of(
                "--server.port=0",
                "--tributary.outbox.shards=2",
                "--spring.main.banner-mode=off",
                "--logging.level.org.springframework=WARN",
                "--logging.level.org.hibernate=WARN",
                "--logging.level.com.zaxxer=WARN",
                "--logging.level.org.flywaydb=WARN"));
        return args.toArray(String[]::new);
    }

    private static URI uri(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    // ---------------------------------------------------------------- helpers

    static String openAccount(String prefix, BigDecimal balance) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp.Response response = payments.post("/accounts",
                "{\"customerId\":\"" + id + "\",\"currency\":\"EUR\",\"balance\":" + balance + "}");
        assertThat(response.status()).isEqualTo(201);
        synchronized (customers) {
            customers.add(id);
        }
        return id;
    }

    static String placeOrder(String customer, BigDecimal amount) {
        TestHttp.Response response = orders.post("/orders", "{\"customerId\":\"" + customer + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"items\":[{\"sku\":\"book-1\",\"quantity\":1}]}");
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("status").asString()).isEqualTo("PENDING");
        return response.body().path("id").asString();
    }

    private static String status(String order) {
        return orders.get("/orders/" + order).body().path("status").asString();
    }

    private static List<String> history(String order) {
        return orders.get("/orders/" + order).body().path("history").valueStream().map(h -> h.path("event").asString()).toList();
    }

    static BigDecimal balance(String customer) {
        return payments.get("/accounts/" + customer).body().path("balance").decimalValue();
    }

    private static List<String> paymentEventTypes(String order) {
        return platform.read("payments.events").stream().filter(r -> order.equals(r.key()))
                .map(r -> r.headers().get("type")).toList();
    }

    /** The whole read model as its endpoints show it. */
    private static Map<String, JsonNode> readModel() {
        Map<String, JsonNode> model = new TreeMap<>();
        for (String customer : customers) {
            model.put(customer, orders.get("/customers/" + customer + "/orders").body());
        }
        model.put("revenue", orders.get("/stats/revenue?from=2000-01-01T00:00:00Z&to="
                + Instant.now().plus(Duration.ofDays(1))).body());
        return model;
    }

    static {
        // Awaitility's default of 10 s is short for a loaded 2-core machine; nothing here depends on timing.
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(90));
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(200));
    }
}
