package io.tributary.outbox;

import io.tributary.client.ProduceResult;
import io.tributary.client.ProducerRecord;
import io.tributary.client.ProducerStamp;
import io.tributary.client.RetryPolicy;
import io.tributary.client.TributaryApiException;
import io.tributary.client.TributaryClient;
import io.tributary.client.TributaryException;
import io.tributary.client.TributaryInterruptedException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one shard's batches to the platform until it answers. Requests go out on a thread of their own, one at a
 * time, so that the publisher's thread can use the shard's connection while a request is on its way. Retriable
 * failures are retried with backoff and always the same stamp and records (the platform answers a repeat as a
 * duplicate); a missing topic is created when the relay may. What a refusal means for the shard (a new epoch, a row
 * moved to {@code outbox_failed}) is the {@link ShardPublisher}'s business.
 */
final class BatchSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
    /** Backoff rounds between checks that the shard's connection (and so its lock) is still alive. */
    private static final int LIVENESS_CHECK_EVERY = 20;

    /** How sending a batch ended. */
    sealed interface Answer permits Sent, Stopped, Refused {
    }

    /** The platform appended the batch, or had already ({@code duplicate}). */
    record Sent(boolean duplicate) implements Answer {
    }

    /** The publisher is stopping; the batch stays claimed for the next owner. */
    record Stopped() implements Answer {
    }

    /** The platform refused the batch for good (not retriable, or out of sequence). */
    record Refused(TributaryApiException error) implements Answer {
    }

    /** A backoff wait that the publisher's {@code stop()} cuts short. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final int shard;
    private final String owner;
    private final TributaryClient client;
    private final OutboxRelayProperties properties;
    private final ShardStore store;
    private final BooleanSupplier stopping;
    private final Pause pause;
    private final RetryPolicy backoff;
    private final ExecutorService requests;

    BatchSender(int shard, String owner, TributaryClient client, OutboxRelayProperties properties, ShardStore store,
            BooleanSupplier stopping, Pause pause) {
        this.shard = shard;
        this.owner = owner;
        this.client = client;
        this.properties = properties;
        this.store = store;
        this.stopping = stopping;
        this.pause = pause;
        this.backoff = new RetryPolicy(properties.retryBackoff(), properties.maxRetryBackoff(), Duration.ZERO);
        this.requests = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "outbox-relay-" + owner + "-shard-" + shard + "-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Produces the batch with {@code stamp} until the platform answers or the publisher stops. Runs {@code inFlight}
     * once, while the first attempt is on its way, before any answer is returned (so work it completes is never
     * undone by what the publisher does with a refusal).
     *
     * @throws ShardStore.ShardLostException the shard's connection died while the platform could not be reached
     */
    Answer send(OutboxBatch batch, ProducerStamp stamp, ShardPublisher.InFlight inFlight)
            throws SQLException, InterruptedException {
        List<ProducerRecord> records = new ArrayList<>(batch.rows().size());
        for (OutboxRow row : batch.rows()) {
            records.add(OutboxRecords.record(row, batch.topic()));
        }
        int failures = 0;
        boolean first = true;
        while (true) {
            if (stopping.getAsBoolean()) {
                if (first) {
                    inFlight.run();
                }
                return new Stopped();
            }
            try {
                Future<ProduceResult> request = requests.submit(() -> client.produce(batch.topic(), records, stamp));
                if (first) {
                    first = false;
                    inFlight.run();
                }
                ProduceResult result = answer(request);
                if (failures > 0) {
                    log.info("Relay {} shard {}: platform is back, batch {} published after {} attempts", owner, shard,
                            batch.sequence(), failures + 1);
                }
                return new Sent(result.duplicate());
            } catch (TributaryApiException.TopicNotFoundException e) {
                failures++;
                if (properties.createTopics() && createTopic(batch.topic())) {
                    continue;
                }
                logRetry(batch, failures, e);
            } catch (TributaryApiException.InvalidProducerSequenceException e) {
                return new Refused(e);
            } catch (TributaryApiException e) {
                if (!e.isRetriable()) {
                    return new Refused(e);
                }
                failures++;
                logRetry(batch, failures, e);
            } catch (TributaryInterruptedException e) {
                throw e;
            } catch (TributaryException e) {
                failures++;
                logRetry(batch, failures, e);
            }
            if (failures % LIVENESS_CHECK_EVERY == 0 && !store.isAlive()) {
                throw new ShardStore.ShardLostException("Lost the database connection of shard " + shard);
            }
            pause.pause(backoff.backoff(failures));
        }
    }

    /** Stops the request thread, interrupting a request on its way. */
    @Override
    public void close() {
        requests.shutdownNow();
    }

    /** Waits for the platform's answer to a request; its failure is thrown as the client threw it. */
    private static ProduceResult answer(Future<ProduceResult> request) throws InterruptedException {
        try {
            return request.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Unexpected failure of a produce request", e.getCause());
        } catch (InterruptedException e) {
            request.cancel(true);
            throw e;
        }
    }

    private boolean createTopic(String topic) {
        try {
            if (client.createTopicIfAbsent(topic, properties.topicPartitions())) {
                log.info("Relay {} created topic {} with {} partitions", owner, topic, properties.topicPartitions());
            }
            return true;
        } catch (TributaryInterruptedException e) {
            throw e;
        } catch (TributaryException e) {
            log.warn("Relay {} cannot create topic {}: {}", owner, topic, e.getMessage());
            return false;
        }
    }

    private void logRetry(OutboxBatch batch, int failures, TributaryException e) {
        if (failures == 1 || failures % 50 == 0) {
            log.warn("Relay {} shard {}: cannot publish batch {} to {} ({}); retrying with backoff (attempt {})", owner,
                    shard, batch.sequence(), batch.topic(), e.getMessage(), failures);
        }
    }
}
