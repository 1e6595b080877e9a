package io.tributary.benchmarks.kafka;

import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.http.MemorySampler;
import io.tributary.benchmarks.http.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * The reference row: what users would otherwise run. A single-node Kafka 4.x broker (KRaft, loopback)
 * and its native Java clients move the same record sizes; Tributary's HTTP figures of the same run are
 * reported as a ratio of Kafka's.
 */
public final class KafkaSection {

    public static final String SECTION = "Reference: Apache Kafka 4.4 single node (KRaft, loopback, native Java clients)";

    private final SuiteOptions options;
    private final Report report;

    public KafkaSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    /**
     * @param http          Tributary's HTTP figures of this run by name (may lack entries when the HTTP section did not run)
     * @param consumeRates  Tributary's consume records/s by format
     * @param tributaryPeak Tributary's peak RSS under HTTP load, or null
     */
    public void run(Map<String, Series> http, Map<String, Samples> consumeRates, @Nullable ProcessMemory tributaryPeak)
            throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(options.workDir()), "kafka");
        try (KafkaBroker broker = KafkaBroker.start(options.serverJavaHome(), dir)) {
            Thread.sleep(options.smoke() ? 100 : 3_000);
            ProcessMemory idle = broker.memory();
            Samples async100 = new Samples();
            Samples async1k = new Samples();
            Samples sync = new Samples();
            Samples syncP99 = new Samples();
            Samples consume = new Samples();
            broker.createTopic("ref-100", 1);
            broker.createTopic("ref-1024", 1);
            broker.createTopic("ref-sync", 1);
            Duration measure = options.measure();
            ProcessMemory peak;
            try (MemorySampler memory = new MemorySampler(broker.pid())) {
                for (int rep = 0; rep < options.repetitions(); rep++) {
                    async100.add(produceAsync(broker.bootstrap(), "ref-100", 100, rep == 0 ? options.warmup(0) : Duration.ZERO, measure));
                    async1k.add(produceAsync(broker.bootstrap(), "ref-1024", 1024, rep == 0 ? options.warmup(0) : Duration.ZERO, measure));
                    double[] s = produceSync(broker.bootstrap(), "ref-sync", 16, options.warmup(rep), measure);
                    sync.add(s[0]);
                    syncP99.add(s[1]);
                    consume.add(consumeAll(broker.bootstrap(), "ref-100", "ref-group-" + rep));
                    System.out.printf(Locale.ROOT, "  rep %d kafka async 100 B %,.0f/s, 1 KiB %,.0f/s, sync %,.0f/s p99 %.2f ms, consume %,.0f/s%n",
                            rep + 1, async100.max(), async1k.max(), s[0], s[1], consume.max());
                }
                peak = memory.peak();
            }
            report.row(SECTION, "Kafka broker start to ready (KRaft, formatted)").value(Samples.of(broker.startupSeconds()), "s")
                    .detail("launch to the first answered DescribeCluster; idle RSS " + Report.number(idle.rssMiB()) + " MiB").done();
            report.row(SECTION, "Kafka producer, 100 B records (acks=all, defaults)").value(async100, "records/s").done();
            report.row(SECTION, "Kafka producer, 1 KiB records (acks=all, defaults)").value(async1k, "records/s").done();
            report.row(SECTION, "Kafka producer, 1 record per synchronous send, 16 producers (linger.ms=0)").value(sync, "records/s")
                    .detail("p99 " + Report.number(syncP99.median()) + " ms").done();
            report.row(SECTION, "Kafka consumer, 100 B records, commitSync per poll").value(consume, "records/s").done();
            report.row(SECTION, "Kafka broker resident memory under load (peak)").value(Samples.of(peak.rssMiB()), "MiB")
                    .detail("anonymous " + Report.number(peak.anonMiB()) + " MiB; -Xmx1g as kafka-server-start.sh").done();

            compare("Tributary HTTP produce 100 × 100 B binary per request vs Kafka producer 100 B", get(http, "batch-binary-100"),
                    async100);
            compare("Tributary HTTP produce 100 × 1 KiB binary per request vs Kafka producer 1 KiB", get(http, "size-1k"), async1k);
            Series one = http.get("produce-1-16");
            if (one != null) {
                report.row(SECTION, "Tributary HTTP produce 1 record per request, 16 connections vs Kafka synchronous sends, 16 producers")
                        .value(one.records, "records/s").ceiling("Kafka", sync, "records/s")
                        .detail("Tributary p99 " + Report.number(one.p99.median()) + " ms vs Kafka p99 " + Report.number(syncP99.median()) + " ms")
                        .done();
            }
            Samples tributaryConsume = consumeRates.get("binary");
            if (tributaryConsume != null) {
                report.row(SECTION, "Tributary HTTP consume (binary, fetch + commit) vs Kafka consumer").value(tributaryConsume, "records/s")
                        .ceiling("Kafka", consume, "records/s").done();
            } else {
                report.notMeasured(SECTION, "Tributary HTTP consume vs Kafka consumer", "no Tributary consume figure in this run");
            }
            if (tributaryPeak != null && tributaryPeak.rssMiB() > 0) {
                report.row(SECTION, "Tributary resident memory under load vs Kafka broker under load")
                        .value(Samples.of(tributaryPeak.rssMiB()), "MiB").ceiling("Kafka broker", Samples.of(peak.rssMiB()), "MiB").done();
            }
            report.note(SECTION, "The Kafka clients run in the suite's JVM like the HTTP generator, on the same 2 cores. The "
                    + "asynchronous producer sends as fast as its buffer allows for " + measure.toMillis() / 1000.0 + " s and then flushes "
                    + "(Kafka 4 defaults: acks=all, idempotence on, linger.ms=5, batch.size=16 KiB). Ratios here are Tributary's HTTP "
                    + "figure of this run divided by Kafka's native one; Kafka clients batch and pipeline on a binary protocol, "
                    + "which an HTTP request per batch does not.");
        } finally {
            KafkaBroker.deleteQuietly(dir, options.workDir().resolve("logs"));
        }
    }

    private void compare(String path, @Nullable Series tributary, Samples kafka) {
        if (tributary == null) {
            report.notMeasured(SECTION, path, "the HTTP section did not run");
            return;
        }
        report.row(SECTION, path).value(tributary.records, "records/s").ceiling("Kafka", kafka, "records/s").done();
    }

    private static @Nullable Series get(Map<String, Series> http, String name) {
        return http.get(name);
    }

    private static Properties producerConfig(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }

    /** Records/s acknowledged by one asynchronous producer sending as fast as it can. */
    static double produceAsync(String bootstrap, String topic, int size, Duration warmup, Duration measure) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        AtomicLong acked = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            long warmupEnd = System.nanoTime() + warmup.toNanos();
            while (System.nanoTime() < warmupEnd) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
            long start = System.nanoTime();
            long end = start + measure.toNanos();
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    if (exception == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            return acked.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** {records/s, p99 ms} of N producers each sending one 100 B record at a time and waiting for it. */
    static double[] produceSync(String bootstrap, String topic, int producers, Duration warmup, Duration measure) throws InterruptedException {
        byte[] value = new byte[100];
        Arrays.fill(value, (byte) 'x');
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        Histogram latency = new Histogram(60_000_000L, 3);
        AtomicLong sent = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread thread = new Thread(() -> {
                Properties config = producerConfig(bootstrap);
                config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                Histogram own = new Histogram(60_000_000L, 3);
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
                    int measured = 0;
                    for (long now = System.nanoTime(); now < measureUntil || measured == 0; now = System.nanoTime()) {
                        producer.send(new ProducerRecord<>(topic, value)).get();
                        long done = System.nanoTime();
                        if (now >= measureFrom && (done <= measureUntil || measured == 0)) {
                            measured++;
                            own.recordValue(Math.max(1, (done - now) / 1000));
                            sent.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                synchronized (latency) {
                    latency.add(own);
                }
            }, "kafka-sync-" + p);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new double[] {sent.get() / (measure.toNanos() / 1e9), latency.getValueAtPercentile(99) / 1000.0};
    }

    /** Records/s of one consumer of a fresh group reading the topic from the start to its current end, committing each poll. */
    static double consumeAll(String bootstrap, String topic, String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long records = 0;
            long start = 0;
            while (records < end) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofSeconds(1));
                if (start == 0 && !polled.isEmpty()) {
                    start = System.nanoTime(); // from the first records: the group join is not a rate
                }
                records += polled.count();
                if (!polled.isEmpty()) {
                    consumer.commitSync();
                }
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }
}
