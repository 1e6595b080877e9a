package io.tributary.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.testing.TestPlatform.TopicRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/** Customers with accounts and many orders of random amounts placed concurrently over HTTP, and the checks of their outcome. */
final class SagaRun {
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
    final Map<String, BigDecimal> initial = new LinkedHashMap<>();
    final Map<String, String> customerOf = new HashMap<>();
    final Map<String, BigDecimal> amountOf = new HashMap<>();
    final List<String> orders = new ArrayList<>();
    private final int count;
    private final Random random;

    SagaRun(String name, int customerCount, BigDecimal balance, int count, long seed) {
        for (int i = 0; i < customerCount; i++) {
            initial.put(SagaTests.openAccount(name, balance), balance);
        }
        this.count = count;
        this.random = new Random(seed);
    }

    /** Places the orders from 8 threads; {@code meanwhile} runs while they are being placed. */
    void placeOrders(Runnable meanwhile) {
        List<String> customerIds = new ArrayList<>(initial.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> placed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String customer = customerIds.get(random.nextInt(customerIds.size()));
                BigDecimal amount = BigDecimal.valueOf(1_000 + random.nextInt(19_000), 2);   // 10.00 .. 199.99
                placed.add(pool.submit(() -> {
                    String order = SagaTests.placeOrder(customer, amount);
                    synchronized (this) {
                        orders.add(order);
                        customerOf.put(order, customer);
                        amountOf.put(order, amount);
                    }
                }));
            }
            meanwhile.run();
            for (Future<?> future : placed) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    synchronized long decided() {
        Map<String, String> statuses = statuses();
        return orders.stream().filter(o -> Set.of("APPROVED", "REJECTED").contains(statuses.get(o))).count();
    }

    void awaitDecided() {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(statuses().values()).hasSize(count)
                .allSatisfy(status -> assertThat(status).isIn("APPROVED", "REJECTED")));
    }

    /** Statuses of this run's orders, from the order service. */
    Map<String, String> statuses() {
        Map<String, String> statuses = new HashMap<>();
        SagaTests.orders.get("/orders?limit=10000").body().valueStream()
                .filter(o -> initial.containsKey(o.path("customerId").asString()))
                .forEach(o -> statuses.put(o.path("id").asString(), o.path("status").asString()));
        return statuses;
    }

    /**
     * Every OrderCreated of this run is keyed by its customer, and each customer's events are in one partition: the
     * payment side's member that owns it is the only one charging that customer's account.
     */
    void assertOrderEventsKeyedByCustomer() {
        Map<String, Set<Integer>> partitionsOfCustomer = new HashMap<>();
        int seen = 0;
        for (TopicRecord record : SagaTests.platform.read("orders.events")) {
            String order = orderIdOf(record.value());
            if (order == null || !customerOf.containsKey(order)) {
                continue;
            }
            if ("OrderCreated".equals(record.headers().get("type"))) {
                seen++;
            }
            assertThat(record.key()).as("key of %s", order).isEqualTo(customerOf.get(order));
            partitionsOfCustomer.computeIfAbsent(record.key(), c -> new TreeSet<>()).add(record.partition());
        }
        assertThat(seen).as("OrderCreated events of this run").isEqualTo(orders.size());
        assertThat(partitionsOfCustomer.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
    }

    private static String orderIdOf(String value) {
        Matcher matcher = value == null ? null : ORDER_ID.matcher(value);
        return matcher != null && matcher.find() ? matcher.group(1) : null;
    }

    void assertConsistent() {
        Map<String, String> statuses = statuses();
        Map<String, BigDecimal> balances = new TreeMap<>();
        initial.keySet().forEach(c -> balances.put(c, SagaTests.balance(c)));

        // What the payment service published, per order: exactly one verdict, matching the order's status.
        Map<String, List<TopicRecord>> events = SagaTests.platform.read("payments.events").stream()
                .filter(r -> customerOf.containsKey(r.key()))
                .collect(Collectors.groupingBy(TopicRecord::key));
        BigDecimal charged = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        Map<String, BigDecimal> approvedPerCustomer = new HashMap<>();
        for (String order : orders) {
            List<String> types = events.getOrDefault(order, List.of()).stream().map(r -> r.headers().get("type")).toList();
            String status = statuses.get(order);
            String customer = customerOf.get(order);
            BigDecimal amount = amountOf.get(order);
            if (status.equals("APPROVED")) {
                assertThat(types).as("events of approved order %s", order).containsExactly("PaymentCompleted");
                charged = charged.add(amount);
                approvedPerCustomer.merge(customer, amount, BigDecimal::add);
            } else {
                assertThat(types).as("events of rejected order %s", order).containsExactly("PaymentFailed");
                // Balances only go down in a run, so a rejected order is larger than what is left in the end.
                assertThat(amount).as("rejected order %s", order).isGreaterThan(balances.get(customer));
            }
            refunded = refunded.add(types.contains("PaymentRefunded") ? amount : BigDecimal.ZERO);
        }
        for (String customer : initial.keySet()) {
            assertThat(initial.get(customer).subtract(balances.get(customer)))
                    .as("charged to %s", customer)
                    .isEqualByComparingTo(approvedPerCustomer.getOrDefault(customer, BigDecimal.ZERO));
        }
        BigDecimal initialTotal = initial.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal finalTotal = balances.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(finalTotal.add(charged).subtract(refunded)).as("money conserved").isEqualByComparingTo(initialTotal);
        long approved = statuses.values().stream().filter("APPROVED"::equals).count();
        System.out.printf("SagaTests: %d orders: %d approved, %d rejected; charged %s of %s%n", orders.size(), approved,
                orders.size() - approved, charged, initialTotal);
        assertThat(approved).isPositive().isLessThan(orders.size());
    }
}
