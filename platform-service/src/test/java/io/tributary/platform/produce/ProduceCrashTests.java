package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.platform.PlatformProcess;
import io.tributary.platform.TestHttp;
import io.tributary.platform.log.ChronicleLogStore;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.LogStoreOptions;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.StoredRecord;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform is killed with SIGKILL while a producer streams to it, several times. After each restart
 * every acknowledged record is at its acknowledged offset, unacknowledged ones are absent or whole,
 * offsets stay dense, and an idempotent retry of the request in flight at the kill is written once.
 */
class ProduceCrashTests {

    private static final String TOPIC = "crash.test";
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_REQUEST = 5;
    private static final long PRODUCER_ID = 4242;

    @TempDir
    Path dataDir;

    /** Acknowledged value → "partition:offset". */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Every value ever sent, acknowledged or not. */
    private final Map<String, Boolean> sent = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Test
    void acknowledgedRecordsSurviveKillNineAndOffsetsStayDense() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start(dataDir)) {
            TestHttp http = new TestHttp(platform.baseUri());
            http.createTopic(TOPIC, PARTITIONS);

            for (int round = 1; round <= 3; round++) {
                int target = acknowledged.size() + 300;
                InFlight inFlight = new InFlight();
                Thread producer = new Thread(() -> produceUntilFailure(http, inFlight), "crash-producer");
                producer.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= target || !producer.isAlive());
                platform.kill();
                producer.join(30_000);
                assertThat(producer.isAlive()).isFalse();

                platform.restart();
                // The request in flight at the kill may or may not be written: retrying it with the same
                // sequence must leave it in the log exactly once.
                if (inFlight.body != null) {
                    TestHttp.Response retry = http.post("/topics/" + TOPIC, TestHttp.BINARY_V2, inFlight.body, producerHeaders(inFlight.sequence));
                    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
                    acknowledge(inFlight.values, retry);
                }
                // The last acknowledged request, retried after the restart, is answered from the log.
                if (inFlight.lastAckedBody != null) {
                    TestHttp.Response duplicate = http.post("/topics/" + TOPIC, TestHttp.BINARY_V2, inFlight.lastAckedBody,
                            producerHeaders(inFlight.lastAckedSequence));
                    assertThat(duplicate.header("Tributary-Duplicate")).contains("true");
                    assertThat(duplicate.json().get("offsets")).isEqualTo(inFlight.lastAckedOffsets);
                }
            }
            verifyLog(platform, http);
        }
    }

    private void produceUntilFailure(TestHttp http, InFlight inFlight) {
        while (true) {
            long seq = sequence.getAndIncrement();
            List<String> values = new ArrayList<>();
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                String value = "seq-" + seq + "-record-" + i + "-" + "x".repeat(50);
                values.add(value);
                sent.put(value, true);
                body.append(i == 0 ? "" : ",").append("{\"partition\":").append((int) (seq % PARTITIONS))
                        .append(",\"value\":\"").append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).append("\"}");
            }
            body.append("]}");
            inFlight.set(seq, body.toString(), values);
            try {
                TestHttp.Response response = http.post("/topics/" + TOPIC, TestHttp.BINARY_V2, inFlight.body, producerHeaders(seq));
                if (response.status() != 200) {
                    return;
                }
                acknowledge(values, response);
                inFlight.acknowledged(response.json().get("offsets"));
            } catch (UncheckedIOException | IllegalStateException killed) {
                return;
            }
        }
    }

    private void acknowledge(List<String> values, TestHttp.Response response) {
        for (int i = 0; i < values.size(); i++) {
            var offset = response.json().get("offsets").get(i);
            acknowledged.put(values.get(i), offset.get("partition").asInt() + ":" + offset.get("offset").asLong());
        }
    }

    private void verifyLog(PlatformProcess platform, TestHttp http) {
        Map<Integer, Long> endsBeforeStop = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            endsBeforeStop.put(p, http.endOffset(TOPIC, p));
        }
        // Read the files with the engine itself while the platform is stopped cleanly.
        platform.close();
        Map<String, Integer> occurrences = new HashMap<>();
        try (LogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            for (int p = 0; p < PARTITIONS; p++) {
                PartitionLog partition = store.requireTopic(TOPIC).partition(p);
                assertThat(partition.endOffset()).isEqualTo(endsBeforeStop.get(p));
                long expectedOffset = 0;
                while (expectedOffset < partition.endOffset()) {
                    List<StoredRecord> records = partition.read(expectedOffset, 1000, 8 << 20);
                    assertThat(records).isNotEmpty();
                    for (StoredRecord record : records) {
                        assertThat(record.offset()).as("dense offsets in partition %d", p).isEqualTo(expectedOffset++);
                        String value = new String(record.value(), StandardCharsets.UTF_8);
                        assertThat(sent).as("record at %d:%d is whole and was sent", p, record.offset()).containsKey(value);
                        occurrences.merge(value, 1, Integer::sum);
                        String ack = acknowledged.get(value);
                        if (ack != null) {
                            assertThat(ack).as("acknowledged position of %s", value).isEqualTo(p + ":" + record.offset());
                        }
                    }
                }
            }
        }
        assertThat(occurrences.keySet()).as("every acknowledged record is present").containsAll(acknowledged.keySet());
        assertThat(occurrences.values()).as("the idempotent producer wrote each record once").allMatch(n -> n == 1);
    }

    private static String[] producerHeaders(long seq) {
        return new String[] {"Tributary-Producer-Id", Long.toString(PRODUCER_ID), "Tributary-Producer-Epoch", "0",
                "Tributary-Producer-Sequence", Long.toString(seq)};
    }

    /** The request the producer is sending right now, visible to the test thread after the kill. */
    private static final class InFlight {
        volatile long sequence;
        volatile String body;
        volatile List<String> values;

        void set(long sequence, String body, List<String> values) {
            this.sequence = sequence;
            this.values = values;
            this.body = body;
        }

        volatile String lastAckedBody;
        volatile long lastAckedSequence;
        volatile tools.jackson.databind.JsonNode lastAckedOffsets;

        void acknowledged(tools.jackson.databind.JsonNode offsets) {
            lastAckedBody = body;
            lastAckedSequence = sequence;
            lastAckedOffsets = offsets;
            body = null;
        }
    }
}
