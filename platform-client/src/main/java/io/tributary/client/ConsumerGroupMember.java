package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A member of a consumer group, running the loop every consumer needs: create an instance, subscribe,
 * long-poll for records, hand each record to the {@link RecordHandler} (or each fetched batch to the
 * {@link BatchHandler}), and commit offsets only after the handler succeeded (offset committed = last processed + 1,
 * as Kafka).
 *
 * <p>When the instance is gone (404 / 40403: it expired, or the platform restarted) the member creates a new
 * instance and subscribes again; the group resumes from the committed offsets, so records processed but not
 * yet committed are delivered again (at-least-once). When the platform is unreachable the member backs off and
 * retries. {@link #close()} stops the loop and deletes the instance, so the group rebalances at once.
 *
 * <p>One thread runs the loop: {@link #start()} starts a daemon thread, or call {@link #run()} on your own.
 */
public final class ConsumerGroupMember implements AutoCloseable, Runnable {

    private static final System.Logger log = System.getLogger(ConsumerGroupMember.class.getName());

    private final TributaryClient client;
    private final String group;
    private final String name;
    private final List<String> topics;
    private final @Nullable RecordHandler handler;
    private final @Nullable BatchHandler batchHandler;
    private final String autoOffsetReset;
    private final Duration pollTimeout;
    private final int maxBytes;
    private final RetryPolicy backoff;

    private volatile boolean running = true;
    private volatile @Nullable Thread loopThread;
    private volatile @Nullable String instancePath;
    private final AtomicLong joins = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();

    private ConsumerGroupMember(Builder builder) {
        this.client = builder.client;
        this.group = builder.group;
        this.name = builder.name != null ? builder.name : "member-" + UUID.randomUUID();
        this.topics = List.copyOf(builder.topics);
        this.handler = builder.handler;
        this.batchHandler = builder.batchHandler;
        if ((handler == null) == (batchHandler == null)) {
            throw new IllegalArgumentException("give exactly one of handler and batchHandler");
        }
        this.autoOffsetReset = builder.autoOffsetReset;
        this.pollTimeout = builder.pollTimeout;
        this.maxBytes = builder.maxBytes;
        this.backoff = builder.backoff;
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("subscribe to at least one topic");
        }
    }

    public String group() {
        return group;
    }

    /** The instance name in the group (kept across rejoins). */
    public String name() {
        return name;
    }

    /** How many times an instance was created (1 after the first join). */
    public long joins() {
        return joins.get();
    }

    /** Records handled successfully (a batch counts its records). */
    public long processed() {
        return processed.get();
    }

    /** Runs the loop on a new daemon thread. */
    public ConsumerGroupMember start() {
        Thread thread = new Thread(this, "tributary-consumer-" + group + "-" + name);
        thread.setDaemon(true);
        loopThread = thread;
        thread.start();
        return this;
    }

    /** Runs the loop on the calling thread until {@link #close()}. */
    @Override
    public void run() {
        loopThread = Thread.currentThread();
        int failures = 0;
        while (running) {
            try {
                pollOnce();
                failures = 0;
            } catch (TributaryApiException.ConsumerInstanceNotFoundException e) {
                log.log(System.Logger.Level.INFO, "Consumer {0} of group {1} lost its instance ({2}); rejoining",
                        name, group, e.getMessage());
                instancePath = null;
            } catch (TributaryInterruptedException e) {
                if (!running) {
                    break;
                }
                throw e;
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                log.log(System.Logger.Level.WARNING, "Consumer {0} of group {1}: {2}; retrying", name, group, e.toString());
                if (!(e instanceof TributaryException te && te.isRetriable())) {
                    // A handler failure or an unexpected answer: start over from the committed offsets.
                    deleteInstanceQuietly();
                }
                try {
                    RetryPolicy.sleep(backoff.backoff(failures));
                } catch (TributaryInterruptedException interrupted) {
                    break;
                }
            }
        }
    }

    /**
     * One round: join if needed, fetch once (waiting up to the poll timeout), handle the records, commit.
     * Returns the number of records handled.
     */
    public int pollOnce() {
        String path = instancePath;
        if (path == null) {
            path = join();
        }
        JsonNode fetched = client.call("GET", path + "/records?timeout=" + pollTimeout.toMillis() + "&max_bytes=" + maxBytes,
                null, null, TributaryClient.BINARY_V2_JSON, client.requestTimeout().plus(pollTimeout));
        if (batchHandler != null) {
            return handleBatch(path, fetched, batchHandler);
        }
        Map<String, Map<Integer, Long>> commits = new LinkedHashMap<>();
        int handled = 0;
        try {
            for (JsonNode node : fetched) {
                if (!running) {
                    break;
                }
                ConsumerRecord record = decode(node);
                try {
                    handler.handle(record);
                } catch (Exception e) {
                    throw new HandlerFailedException(record, e);
                }
                commits.computeIfAbsent(record.topic(), t -> new LinkedHashMap<>()).put(record.partition(), record.offset() + 1);
                handled++;
                processed.incrementAndGet();
            }
        } finally {
            if (!commits.isEmpty()) {
                commit(path, commits);
            }
        }
        return handled;
    }

    /** The whole fetch to the batch handler; its offsets are committed together, and only if it returned normally. */
    private int handleBatch(String path, JsonNode fetched, BatchHandler batch) {
        List<ConsumerRecord> records = new ArrayList<>(fetched.size());
        Map<String, Map<Integer, Long>> commits = new LinkedHashMap<>();
        for (JsonNode node : fetched) {
            ConsumerRecord record = decode(node);
            records.add(record);
            commits.computeIfAbsent(record.topic(), t -> new LinkedHashMap<>()).put(record.partition(), record.offset() + 1);
        }
        if (records.isEmpty()) {
            return 0;
        }
        try {
            batch.handle(List.copyOf(records));
        } catch (Exception e) {
            throw new HandlerFailedException(records, e);
        }
        commit(path, commits);
        processed.addAndGet(records.size());
        return records.size();
    }

    /** Stops the loop, waits for the record in hand to finish, and deletes the instance. */
    @Override
    public void close() {
        running = false;
        Thread thread = loopThread;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(client.requestTimeout().plus(pollTimeout).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteInstanceQuietly();
    }

    private String join() {
        ObjectNode body = client.json().createObjectNode()
                .put("name", name)
                .put("format", "binary")
                .put("auto.offset.reset", autoOffsetReset)
                .put("enable.auto.commit", false);
        String groupPath = "/consumers/" + TributaryClient.segment(group);
        String path = groupPath + "/instances/" + TributaryClient.segment(name);
        try {
            JsonNode created = client.call("POST", groupPath, body, TributaryClient.V2_JSON, TributaryClient.V2_JSON,
                    client.requestTimeout());
            String instanceId = created.path("instance_id").asText(name);
            path = groupPath + "/instances/" + TributaryClient.segment(instanceId);
        } catch (TributaryApiException e) {
            // Our instance survived (the answer to an earlier create was lost): use it.
            if (e.errorCode() != TributaryApiException.CONSUMER_ALREADY_EXISTS) {
                throw e;
            }
        }
        ObjectNode subscription = client.json().createObjectNode();
        topics.forEach(subscription.putArray("topics")::add);
        try {
            client.call("POST", path + "/subscription", subscription, TributaryClient.V2_JSON, TributaryClient.V2_JSON,
                    client.requestTimeout());
        } catch (TributaryApiException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
        joins.incrementAndGet();
        instancePath = path;
        return path;
    }

    private void commit(String path, Map<String, Map<Integer, Long>> commits) {
        ObjectNode body = client.json().createObjectNode();
        var offsets = body.putArray("offsets");
        commits.forEach((topic, partitions) -> partitions.forEach((partition, offset) ->
                offsets.addObject().put("topic", topic).put("partition", partition.intValue()).put("offset", offset.longValue())));
        client.call("POST", path + "/offsets", body, TributaryClient.V2_JSON, TributaryClient.V2_JSON, client.requestTimeout());
    }

    private void deleteInstanceQuietly() {
        String path = instancePath;
        instancePath = null;
        if (path == null) {
            return;
        }
        try {
            client.call("DELETE", path, null, null, TributaryClient.V2_JSON, client.requestTimeout());
        } catch (RuntimeException e) {
            // Gone already, or the platform is down: the instance expires by itself.
        }
    }

    private static ConsumerRecord decode(JsonNode node) {
        Base64.Decoder base64 = Base64.getDecoder();
        List<Header> headers = new ArrayList<>();
        for (JsonNode header : node.path("headers")) {
            JsonNode value = header.path("value");
            headers.add(new Header(header.path("key").asText(), value.isNull() ? new byte[0] : base64.decode(value.asText())));
        }
        return new ConsumerRecord(
                node.path("topic").asText(),
                node.path("partition").asInt(),
                node.path("offset").asLong(),
                bytes(node.path("key"), base64),
                bytes(node.path("value"), base64),
                headers,
                node.path("timestamp").asLong());
    }

    private static byte @Nullable [] bytes(JsonNode node, Base64.Decoder base64) {
        return node.isMissingNode() || node.isNull() ? null : base64.decode(node.asText());
    }

    /**
     * The handler threw: what was processed before is committed, and the record (for a batch handler: the whole
     * batch) is delivered again after a rejoin.
     */
    static final class HandlerFailedException extends TributaryException {
        HandlerFailedException(ConsumerRecord record, Exception cause) {
            super("Handler failed on " + record + ": " + cause, cause);
        }

        HandlerFailedException(List<ConsumerRecord> batch, Exception cause) {
            super("Batch handler failed on " + batch.size() + " records from " + batch.get(0) + ": " + cause, cause);
        }
    }

    /** Builds a {@link ConsumerGroupMember}; see {@link TributaryClient#consumerGroupMember(String)}. */
    public static final class Builder {
        private final TributaryClient client;
        private final String group;
        private @Nullable String name;
        private List<String> topics = List.of();
        private @Nullable RecordHandler handler;
        private @Nullable BatchHandler batchHandler;
        private String autoOffsetReset = "earliest";
        private Duration pollTimeout = Duration.ofSeconds(1);
        private int maxBytes = 1024 * 1024;
        private RetryPolicy backoff = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofDays(365));

        Builder(TributaryClient client, String group) {
            this.client = client;
            this.group = Objects.requireNonNull(group, "group");
        }

        /** The instance name (default: a random one). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder topics(String... topics) {
            this.topics = List.of(topics);
            return this;
        }

        public Builder topics(List<String> topics) {
            this.topics = List.copyOf(topics);
            return this;
        }

        /** Handles the records one by one, committing after each fetch what was handled (this or {@link #batchHandler}). */
        public Builder handler(RecordHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Handles each fetch's records as one batch (e.g. in one transaction), committing the batch's offsets after
         * it returned; instead of {@link #handler}. {@link #maxBytes} bounds the batch.
         */
        public Builder batchHandler(BatchHandler batchHandler) {
            this.batchHandler = batchHandler;
            return this;
        }

        /** Where a group without committed offsets starts: {@code earliest} (default) or {@code latest}. */
        public Builder autoOffsetReset(String autoOffsetReset) {
            this.autoOffsetReset = autoOffsetReset;
            return this;
        }

        /** How long one fetch waits for records (default 1 s). */
        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** Most bytes one fetch returns (default 1 MiB). */
        public Builder maxBytes(int maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        /** Backoff between failed rounds (only its backoff is used; the loop never gives up). */
        public Builder backoff(RetryPolicy backoff) {
            this.backoff = backoff;
            return this;
        }

        public ConsumerGroupMember build() {
            return new ConsumerGroupMember(this);
        }
    }
}
