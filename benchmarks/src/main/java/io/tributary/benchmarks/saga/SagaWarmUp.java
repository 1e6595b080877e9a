package io.tributary.benchmarks.saga;

import io.tributary.benchmarks.services.ServerActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warms the saga's stack up before it is measured: back to back (at most 16 orders in flight, so no queue builds
 * up), window after window, every order decided before the next window, until the rate settles. The JIT compilers
 * of three JVMs take minutes on 2 shared cores, and services run for hours.
 *
 * @param rates orders decided per second in each window, the first (the cold stack's) first
 * @param took  how long the warm-up ran
 */
record SagaWarmUp(List<Double> rates, Duration took) {

    /**
     * Windows of this length until {@link #SETTLED_WINDOWS} windows in a row decide no more than
     * {@link #SETTLED_GAIN} above the best window before them, for at least {@link #MIN_WARMUP} and at most
     * {@link #MAX_WARMUP}. Measured on the 2-core host (benchmarks/findings.md, the saga's warm-up): 24 ms of CPU
     * per order after 25 s, 19 ms after 90 s, 9.6 ms after 300 s.
     */
    private static final Duration WINDOW = Duration.ofSeconds(20);
    private static final int SETTLED_WINDOWS = 3;
    private static final double SETTLED_GAIN = 0.05;
    /** The rate still rises for minutes: 34, 54, 64, 69, 82, 69, 83 orders/s in the first seven windows here. */
    private static final Duration MIN_WARMUP = Duration.ofMinutes(3);
    private static final Duration MAX_WARMUP = Duration.ofMinutes(6);

    /** One short window in smoke mode; otherwise windows until the rate settles. */
    static SagaWarmUp run(OrderPlacer placer, boolean smoke) {
        long start = System.nanoTime();
        List<Double> rates = new ArrayList<>();
        if (smoke) {
            rates.add(placer.backToBack(Duration.ofMillis(200)).decidedPerSecond(start));
            return new SagaWarmUp(rates, Duration.ofNanos(System.nanoTime() - start));
        }
        double best = 0;
        int settled = 0;
        while (true) {
            long windowStart = System.nanoTime();
            ServerActivity before = ServerActivity.now();
            OrderPlacer.BackToBack window = placer.backToBack(WINDOW);
            ServerActivity server = ServerActivity.now().since(before);
            double rate = window.decidedPerSecond(windowStart);
            rates.add(rate);
            settled = rate > best * (1 + SETTLED_GAIN) ? 0 : settled + 1;
            best = Math.max(best, rate);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf(Locale.ROOT, "  saga warm-up window %d: %,.0f orders/s decided (%d s in; PostgreSQL: %s)%n", rates.size(),
                    rate, elapsed.toSeconds(), server.describe(window.orders().size(), "order"));
            if ((settled >= SETTLED_WINDOWS && elapsed.compareTo(MIN_WARMUP) >= 0) || elapsed.compareTo(MAX_WARMUP) >= 0) {
                return new SagaWarmUp(rates, elapsed);
            }
        }
    }

    /** The rule, for the report's note. */
    static String describeRule() {
        return "the closed loop in windows of " + WINDOW.toSeconds() + " s (each waits until its "
                + "orders are decided) until " + SETTLED_WINDOWS + " windows in a row decide at most "
                + Math.round(100 * SETTLED_GAIN) + " % more per second than the best window before them, for at least "
                + MIN_WARMUP.toSeconds() + " s and at most " + MAX_WARMUP.toMinutes() + " min";
    }

    double first() {
        return rates.get(0);
    }

    double last() {
        return rates.get(rates.size() - 1);
    }
}
