package io.tributary.benchmarks.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: request j is due at {@code start + j / rate}, whatever happened to the
 * requests before it, and its latency is measured from when it was due — not from when it could be sent —
 * so a stalled server cannot hide its stall by slowing the generator down (coordinated-omission
 * correction, as wrk2). Connection c sends requests c, c + N, c + 2N, ...
 */
public final class OpenLoop {

    private OpenLoop() {
    }

    public static LoadResult run(int port, int connections, double requestsPerSecond, Duration warmup, Duration measure,
            int recordsPerRequest, RequestSource source) {
        long start = System.nanoTime() + 50_000_000L;
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        double intervalNanos = 1e9 / requestsPerSecond;
        List<Worker> workers = new ArrayList<>();
        AtomicReference<String> firstError = new AtomicReference<>("");
        for (int c = 0; c < connections; c++) {
            Worker worker = new Worker(c, connections, port, source, start, intervalNanos, measureFrom, measureUntil, firstError);
            workers.add(worker);
            worker.thread.start();
        }
        Histogram latency = LoadResult.newHistogram();
        long requests = 0;
        long errors = 0;
        for (Worker worker : workers) {
            try {
                worker.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            latency.add(worker.latency);
            requests += worker.requests;
            errors += worker.errors;
        }
        return new LoadResult(requests, requests * recordsPerRequest, errors, measure.toNanos() / 1e9, latency, firstError.get());
    }

    private static final class Worker implements Runnable {

        final Thread thread;
        final int index;
        final int stride;
        final int port;
        final RequestSource source;
        final long start;
        final double intervalNanos;
        final long measureFrom;
        final long measureUntil;
        final AtomicReference<String> firstError;
        final Histogram latency = LoadResult.newHistogram();
        long requests;
        long errors;

        Worker(int index, int stride, int port, RequestSource source, long start, double intervalNanos, long measureFrom,
                long measureUntil, AtomicReference<String> firstError) {
            this.index = index;
            this.stride = stride;
            this.port = port;
            this.source = source;
            this.start = start;
            this.intervalNanos = intervalNanos;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.firstError = firstError;
            this.thread = new Thread(this, "open-loop-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            HttpConnection connection = null;
            try {
                connection = HttpConnection.open("127.0.0.1", port);
                for (long j = index; ; j += stride) {
                    long due = start + (long) (j * intervalNanos);
                    if (due >= measureUntil) {
                        break;
                    }
                    long wait = due - System.nanoTime();
                    while (wait > 0) {
                        LockSupport.parkNanos(wait);
                        wait = due - System.nanoTime();
                    }
                    boolean ok;
                    try {
                        if (connection == null) {
                            connection = HttpConnection.open("127.0.0.1", port);
                        }
                        HttpConnection.Response response = connection.exchange(source.next(index, due), false);
                        ok = response.ok();
                        if (!ok) {
                            firstError.compareAndSet("", "HTTP " + response.status());
                        }
                    } catch (IOException e) {
                        firstError.compareAndSet("", e.toString());
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                        ok = false;
                    }
                    if (due >= measureFrom) {
                        if (ok) {
                            requests++;
                            latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                        } else {
                            errors++;
                        }
                    }
                }
            } catch (IOException e) {
                firstError.compareAndSet("", e.toString());
                errors++;
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
