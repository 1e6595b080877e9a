package io.tributary.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, bounded by a total timeout (as Kafka's {@code delivery.timeout.ms}).
 * The n-th retry waits a random time between half and all of {@code min(initial * 2^(n-1), max)}, so
 * clients that failed together do not come back together.
 *
 * @param initialBackoff wait before the first retry
 * @param maxBackoff     upper bound of one wait
 * @param timeout        give up once this much time has passed since the first attempt; zero means never retry
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration timeout) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(timeout, "timeout");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || timeout.isNegative()) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff and timeout >= 0");
        }
    }

    /** 100 ms doubling up to 10 s, for at most 2 minutes. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(2));
    }

    /** No retries. */
    public static RetryPolicy none() {
        return new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before retry number {@code retry} (1 for the first retry), jittered. */
    public Duration backoff(int retry) {
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        long ceiling = initial;
        for (int i = 1; i < retry && ceiling < max; i++) {
            ceiling = ceiling > max / 2 ? max : ceiling * 2;
        }
        ceiling = Math.min(ceiling, max);
        if (ceiling <= 1) {
            return Duration.ofNanos(ceiling);
        }
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** Runs {@code attempt} until it succeeds, fails permanently, or the timeout passes; retries only retriable failures. */
    public <T> T execute(Attempt<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int retry = 0;
        while (true) {
            try {
                return attempt.run();
            } catch (TributaryException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                Duration wait = backoff(++retry);
                if (System.nanoTime() + wait.toNanos() - deadline > 0) {
                    throw e;
                }
                sleep(wait);
            }
        }
    }

    /** Sleeps, turning an interrupt into {@link TributaryInterruptedException}. */
    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            throw new TributaryInterruptedException(e);
        }
    }

    /** One try of an operation. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run();
    }
}
