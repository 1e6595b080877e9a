package io.tributary.benchmarks.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop pacing for work that is not one HTTP request (an outbox insert, an order placed and then
 * followed): task j is due at {@code start + j / rate} whatever happened to the tasks before it, and each is run
 * by one of N workers as the {@link Dispatch} says. Whoever measures a latency measures it from the task's due
 * time, so a stall of the system under test cannot hide by slowing the generator down (coordinated-omission
 * correction, as {@code http/OpenLoop} does for requests). Tasks due in the warm-up run but are not counted.
 */
public final class FixedRate {

    /** Which worker runs a task. */
    public enum Dispatch {
        /**
         * Worker w runs tasks w, w + N, w + 2N, ... in turn, as wrk2 paces each of its connections: a slow task delays
         * the next ones of its worker (counted from their due times) even while other workers are idle.
         */
        IN_TURN,
        /**
         * The next task goes to whichever worker is free, in due order: tasks are independent of each other, as orders
         * placed by different customers are, and one waits only while every worker is busy.
         */
        NEXT_FREE
    }

    /** One task; {@code dueNanos} is when it was meant to start ({@link System#nanoTime()}). */
    @FunctionalInterface
    public interface Task {
        void run(int worker, long dueNanos) throws Exception;
    }

    /** Tasks due in the measured window: done, failed, and the time from due to done of each (µs). */
    public record Result(long done, long errors, String firstError, Histogram dueToDoneMicros) {

        public double percentileMillis(double percentile) {
            return dueToDoneMicros.getTotalCount() == 0 ? Double.NaN : dueToDoneMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        /** Throws when more than 1 % failed: such a figure would be meaningless. */
        public Result requireMostlyOk(String what) {
            if (done == 0 || errors > done / 100) {
                throw new IllegalStateException(what + ": " + errors + " errors in " + (done + errors) + " tasks; first: " + firstError);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d done, %d errors, due→done p50 %.2f ms p99 %.2f ms", done, errors,
                    percentileMillis(50), percentileMillis(99));
        }
    }

    private final double intervalNanos;
    private final long start;
    private final long measureFrom;
    private final long measureUntil;
    /** The next task to take with {@link Dispatch#NEXT_FREE}. */
    private final AtomicLong nextTask = new AtomicLong();

    /** A schedule starting 50 ms from now: {@code warmup}, then {@code measure}, at {@code perSecond} tasks per second. */
    public FixedRate(double perSecond, Duration warmup, Duration measure) {
        this.intervalNanos = 1e9 / perSecond;
        this.start = System.nanoTime() + 50_000_000L;
        this.measureFrom = start + warmup.toNanos();
        this.measureUntil = measureFrom + measure.toNanos();
    }

    /** Tasks due at or after this ({@link System#nanoTime()}) are measured. */
    public long measureFrom() {
        return measureFrom;
    }

    /** No task is due at or after this. */
    public long measureUntil() {
        return measureUntil;
    }

    /** Runs the schedule on {@code workers} threads, tasks {@link Dispatch#IN_TURN}; returns when every task has run. */
    public Result run(int workers, Task task) {
        return run(workers, Dispatch.IN_TURN, task);
    }

    /** Runs the schedule on {@code workers} threads and returns when every task has run. A schedule runs once. */
    public Result run(int workers, Dispatch dispatch, Task task) {
        AtomicReference<String> firstError = new AtomicReference<>("");
        List<Worker> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Worker worker = new Worker(w, workers, dispatch, task, firstError);
            running.add(worker);
            worker.thread.start();
        }
        Histogram latency = new Histogram(3_600_000_000L, 3);
        long done = 0;
        long errors = 0;
        for (Worker worker : running) {
            try {
                worker.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            latency.add(worker.latency);
            done += worker.done;
            errors += worker.errors;
        }
        return new Result(done, errors, firstError.get(), latency);
    }

    private final class Worker implements Runnable {

        final Thread thread;
        final int index;
        final int stride;
        final Dispatch dispatch;
        final Task task;
        final AtomicReference<String> firstError;
        final Histogram latency = new Histogram(3_600_000_000L, 3);
        long done;
        long errors;

        Worker(int index, int stride, Dispatch dispatch, Task task, AtomicReference<String> firstError) {
            this.index = index;
            this.stride = stride;
            this.dispatch = dispatch;
            this.task = task;
            this.firstError = firstError;
            this.thread = new Thread(this, "fixed-rate-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            for (long j = first(); ; j = next(j)) {
                long due = start + (long) (j * intervalNanos);
                if (due >= measureUntil) {
                    return;
                }
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                boolean ok;
                try {
                    task.run(index, due);
                    ok = true;
                } catch (Exception e) {
                    firstError.compareAndSet("", e.toString());
                    ok = false;
                }
                if (due >= measureFrom) {
                    if (ok) {
                        done++;
                        latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    } else {
                        errors++;
                    }
                }
            }
        }

        private long first() {
            return dispatch == Dispatch.IN_TURN ? index : nextTask.getAndIncrement();
        }

        private long next(long task) {
            return dispatch == Dispatch.IN_TURN ? task + stride : nextTask.getAndIncrement();
        }
    }
}
