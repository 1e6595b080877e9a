package io.tributary.benchmarks.saga;

import io.tributary.benchmarks.http.HttpConnection;
import io.tributary.benchmarks.http.Requests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Places the saga's orders on order-sample over HTTP and hands each to the {@link DecisionWatcher}: one order line of
 * 12.50 EUR for customer {@code bench-c<n % 200>}, numbered across the whole repetition.
 */
final class OrderPlacer {

    /** Customers bench-c0..; every fifth has an empty account, so its orders are REJECTED (INSUFFICIENT_FUNDS). */
    static final int CUSTOMERS = 200;
    static final int CLOSED_LOOP_CONNECTIONS = 16;

    private final int port;
    private final DecisionWatcher watcher;
    private final AtomicLong placed = new AtomicLong();

    OrderPlacer(int port, DecisionWatcher watcher) {
        this.port = port;
        this.watcher = watcher;
    }

    /** Opens the {@value #CUSTOMERS} customers' accounts on payment-sample. */
    static void openAccounts(int paymentPort) throws IOException {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", paymentPort)) {
            for (int c = 0; c < CUSTOMERS; c++) {
                String balance = c % 5 == 4 ? "0.00" : "1000000000.00";
                HttpConnection.Response response = connection.exchange(Requests.post("/accounts", "application/json",
                        "{\"customerId\":\"bench-c" + c + "\",\"currency\":\"EUR\",\"balance\":" + balance + "}"), true);
                if (!response.ok()) {
                    throw new IllegalStateException("POST /accounts: HTTP " + response.status() + " " + response.text());
                }
            }
        }
    }

    DecisionWatcher watcher() {
        return watcher;
    }

    /** How many orders were placed so far. */
    long placed() {
        return placed.get();
    }

    HttpConnection connect() throws IOException {
        return HttpConnection.open("127.0.0.1", port);
    }

    /** Places the next order on {@code connection} and follows it, as due (or sent) at {@code dueNanos}. */
    DecisionWatcher.Order place(HttpConnection connection, long dueNanos) throws IOException {
        long n = placed.getAndIncrement();
        HttpConnection.Response response = connection.exchange(Requests.post("/orders", "application/json",
                "{\"customerId\":\"bench-c" + (n % CUSTOMERS)
                        + "\",\"amount\":12.50,\"currency\":\"EUR\",\"items\":[{\"sku\":\"book-42\",\"quantity\":2}]}"), true);
        if (response.status() != 201) {
            throw new IllegalStateException("POST /orders: HTTP " + response.status() + " " + response.text());
        }
        byte[] body = response.body();
        String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"id\":\"");
        if (at < 0) {
            throw new IllegalStateException("No order id in " + text);
        }
        return watcher.track(text.substring(at + 6, text.indexOf('"', at + 6)), dueNanos);
    }

    /** Orders placed back to back by {@value #CLOSED_LOOP_CONNECTIONS} connections for {@code duration}, all decided. */
    BackToBack backToBack(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        List<DecisionWatcher.Order> orders = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < CLOSED_LOOP_CONNECTIONS; c++) {
            Thread thread = new Thread(() -> {
                try (HttpConnection connection = connect()) {
                    // Each connection places at least one order, even when its thread starts late on a busy machine.
                    int mine = 0;
                    for (long sent = System.nanoTime(); sent < end || mine == 0; sent = System.nanoTime(), mine++) {
                        orders.add(place(connection, sent));
                    }
                } catch (IOException | RuntimeException e) {
                    errors.add(e.toString());
                }
            }, "saga-closed-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long placingEnded = System.nanoTime();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Closed loop: " + errors.size() + " connections failed; first: " + errors.get(0));
        }
        if (!watcher.awaitAllDecided(Duration.ofMinutes(3))) {
            throw new IllegalStateException("Closed loop: " + watcher.outstanding() + " orders still undecided after 3 minutes");
        }
        return new BackToBack(orders, placingEnded);
    }

    /** The orders of a back-to-back run and when the last of them was placed. */
    record BackToBack(List<DecisionWatcher.Order> orders, long placingEnded) {

        /** Orders decided per second, from {@code start} (nanoTime) to the last decision. */
        double decidedPerSecond(long start) {
            long lastDecided = start;
            for (DecisionWatcher.Order order : orders) {
                lastDecided = Math.max(lastDecided, order.decidedNanos);
            }
            return orders.size() / Math.max(1e-3, (lastDecided - start) / 1e9);
        }
    }
}
