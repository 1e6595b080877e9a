package io.tributary.benchmarks.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: each of N connections sends its next request as soon as the previous answer is in
 * (what wrk does), which finds the maximum rate. Latencies are those of the requests actually sent.
 * Requests started in the measured window count; the window ends when the last of them is answered.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    public static LoadResult run(int port, int connections, Duration warmup, Duration measure, int recordsPerRequest,
            RequestSource source) {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        List<Worker> workers = new ArrayList<>();
        AtomicReference<String> firstError = new AtomicReference<>("");
        for (int c = 0; c < connections; c++) {
            Worker worker = new Worker(c, port, source, measureFrom, measureUntil, firstError);
            workers.add(worker);
            worker.thread.start();
        }
        Histogram latency = LoadResult.newHistogram();
        long requests = 0;
        long errors = 0;
        long lastEnd = measureUntil;
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
            lastEnd = Math.max(lastEnd, worker.lastEnd);
        }
        return new LoadResult(requests, requests * recordsPerRequest, errors, (lastEnd - measureFrom) / 1e9, latency, firstError.get());
    }

    private static final class Worker implements Runnable {

        final Thread thread;
        final int index;
        final int port;
        final RequestSource source;
        final long measureFrom;
        final long measureUntil;
        final AtomicReference<String> firstError;
        final Histogram latency = LoadResult.newHistogram();
        long requests;
        long errors;
        long lastEnd;

        Worker(int index, int port, RequestSource source, long measureFrom, long measureUntil, AtomicReference<String> firstError) {
            this.index = index;
            this.port = port;
            this.source = source;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.firstError = firstError;
            this.thread = new Thread(this, "load-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            HttpConnection connection = null;
            try {
                // Each connection completes at least one measured request, even when the server is slower than the window.
                for (long now = System.nanoTime(); now < measureUntil || requests + errors == 0; now = System.nanoTime()) {
                    if (connection == null) {
                        connection = HttpConnection.open("127.0.0.1", port);
                    }
                    byte[] request = source.next(index, now);
                    boolean ok;
                    try {
                        HttpConnection.Response response = connection.exchange(request, false);
                        ok = response.ok();
                        if (!ok) {
                            firstError.compareAndSet("", "HTTP " + response.status());
                        }
                    } catch (IOException e) {
                        firstError.compareAndSet("", e.toString());
                        connection.close();
                        connection = null;
                        ok = false;
                    }
                    long end = System.nanoTime();
                    if (now >= measureFrom) {
                        lastEnd = end;
                        if (ok) {
                            requests++;
                            latency.recordValue(Math.max(1, (end - now) / 1000));
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
