package io.tributary.benchmarks.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The members of a fresh consumer group read a topic's whole backlog from the earliest offset, each with long-poll
 * fetches (max_bytes 8 MiB) on its own keep-alive connection, committing what it fetched after every fetch (no
 * body: the v2 "commit all fetched" form). With one member that is one fetch-and-commit at a time; with as many
 * members as partitions, the group shares the partitions as Kafka's consumers do. A pass of a 1,000,000-record
 * backlog is 100 fetches: the first pass runs the fetch path mostly interpreted, so callers {@link #warmUp} before
 * measuring, as the produce rows warm up before theirs.
 */
final class ConsumeLoad {

    /** Long-poll timeout of a fetch: a member whose partitions are drained waits at most this long for more. */
    private static final long FETCH_TIMEOUT_MS = 200;

    /** What one pass measured. */
    record Result(double recordsPerSecond, double recordsPerFetch) {
    }

    private ConsumeLoad() {
    }

    /** Produces {@code backlog} records of 100 B in the format to a new topic, evenly to its {@code partitions}. */
    static void fill(PlatformServer server, String topic, String format, int backlog, int partitions) throws IOException {
        fill(server, topic, format, backlog, partitions, 100);
    }

    /**
     * Produces {@code backlog} records of {@code valueBytes} in the format to a new topic, evenly to its {@code partitions},
     * 100 per request: the backlog must be a multiple of 100 × partitions.
     */
    static void fill(PlatformServer server, String topic, String format, int backlog, int partitions, int valueBytes) throws IOException {
        if (backlog % (100 * partitions) != 0) {
            throw new IllegalArgumentException("A backlog of " + backlog + " does not split into requests of 100 over " + partitions + " partitions");
        }
        server.api().createTopic(topic, partitions);
        String body = format.equals("json") ? PlatformApi.jsonBatch(100, valueBytes) : PlatformApi.binaryBatch(100, valueBytes);
        String contentType = format.equals("json") ? PlatformApi.JSON_V2 : PlatformApi.BINARY_V2;
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", server.port())) {
            for (int partition = 0; partition < partitions; partition++) {
                byte[] produce = Requests.post("/topics/" + topic + "/partitions/" + partition, contentType, body);
                for (int i = 0; i < backlog / partitions / 100; i++) {
                    if (!connection.exchange(produce, false).ok()) {
                        throw new IllegalStateException("Produce of the consume backlog failed");
                    }
                }
            }
        }
    }

    /** As {@link #fill(PlatformServer, String, String, int, int)} to a single-partition topic. */
    static void fill(PlatformServer server, String topic, String format, int backlog) throws IOException {
        fill(server, topic, format, backlog, 1);
    }

    /** One unmeasured pass over the backlog with a group of its own, so the measured passes run compiled code. */
    static void warmUp(PlatformServer server, String topic, String format, int backlog) throws IOException {
        System.out.printf(Locale.ROOT, "  port %d consume-%s warm-up:%n", server.port(), format);
        run(server, topic, format, backlog, "warm-up-" + format);
    }

    /** One member reads the backlog. */
    static Result run(PlatformServer server, String topic, String format, int backlog, String group) throws IOException {
        return run(server, topic, format, backlog, group, 1);
    }

    /**
     * {@code members} members of group {@code group} read the backlog together; the rate is taken from the start to
     * the fetch that brought the group's count to the backlog (a member still waiting in a long poll then does not
     * count).
     */
    static Result run(PlatformServer server, String topic, String format, int backlog, String group, int members) throws IOException {
        List<PlatformApi.Consumer> consumers = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            consumers.add(server.api().createConsumer(group, "c" + (i + 1), topic, format));
        }
        AtomicLong records = new AtomicLong();
        AtomicLong fetches = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(members);
        long start;
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (PlatformApi.Consumer consumer : consumers) {
                running.add(threads.submit(() -> {
                    readUntilDone(server.port(), consumer, backlog, records, fetches, finished, go);
                    return null;
                }));
            }
            start = System.nanoTime();
            go.countDown();
            for (Future<Void> member : running) {
                member.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
        double seconds = (finished.get() - start) / 1e9;
        consumers.forEach(PlatformApi.Consumer::delete);
        Result result = new Result(records.get() / seconds, (double) records.get() / fetches.get());
        System.out.printf(Locale.ROOT, "  port %d consume-%s %d member(s) %,.0f records/s, %,.0f records per fetch%n", server.port(),
                format, members, result.recordsPerSecond(), result.recordsPerFetch());
        return result;
    }

    private static void readUntilDone(int port, PlatformApi.Consumer consumer, int backlog, AtomicLong records, AtomicLong fetches,
            AtomicLong finished, CountDownLatch go) throws IOException, InterruptedException {
        byte[] fetch = consumer.fetchRequest(FETCH_TIMEOUT_MS, 8L * 1024 * 1024);
        byte[] commit = consumer.commitRequest();
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", port)) {
            go.await();
            while (records.get() < backlog) {
                HttpConnection.Response response = connection.exchange(fetch, true);
                if (!response.ok()) {
                    throw new IllegalStateException("Fetch failed: " + response.status() + " " + response.text());
                }
                int fetched = PlatformApi.countRecords(response.body());
                if (fetched == 0) {
                    continue;
                }
                fetches.incrementAndGet();
                if (!connection.exchange(commit, false).ok()) {
                    throw new IllegalStateException("Commit failed");
                }
                long total = records.addAndGet(fetched);
                if (total >= backlog && total - fetched < backlog) {
                    finished.set(System.nanoTime());
                }
            }
        }
    }
}
