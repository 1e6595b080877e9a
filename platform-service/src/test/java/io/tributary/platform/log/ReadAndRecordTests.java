package io.tributary.platform.log;

import static io.tributary.platform.log.Records.offsets;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.value;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAndRecordTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00Z");
    private ChronicleLogStore store;
    private PartitionLog partition;

    @BeforeEach
    void open() {
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        partition = store.createTopic("orders", 1, TopicConfig.DEFAULTS.with(Map.of(TopicConfig.MAX_MESSAGE_BYTES, "100"))).partition(0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void readStopsAtMaxRecords() {
        partition.append(values("a", "b", "c", "d", "e"), null);
        assertThat(texts(partition.read(1, 3, Long.MAX_VALUE))).containsExactly("b", "c", "d");
        assertThat(partition.read(1, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void readStopsBeforeTheRecordThatWouldPassMaxBytes() {
        partition.append(values("1234", "5678", "90ab", "cdef"), null);
        assertThat(texts(partition.read(0, 100, 8))).containsExactly("1234", "5678");
        assertThat(texts(partition.read(0, 100, 11))).containsExactly("1234", "5678");
        assertThat(texts(partition.read(0, 100, 12))).containsExactly("1234", "5678", "90ab");
    }

    @Test
    void oversizedFirstRecordIsStillReturnedAlone() {
        partition.append(values("0123456789", "x"), null);
        assertThat(texts(partition.read(0, 100, 3))).containsExactly("0123456789");
        assertThat(texts(partition.read(0, 100, 0))).containsExactly("0123456789");
    }

    @Test
    void headersNullKeyNullValueAndProducerStampRoundTrip() {
        ProducerStamp stamp = new ProducerStamp(42L, 7, 1_000_000_000_123L);
        List<RecordHeader> headers = List.of(new RecordHeader("trace", "abc".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("trace", new byte[0]), new RecordHeader("ünï", new byte[] {0, -1, 127}));
        partition.append(List.of(
                new NewRecord("k1".getBytes(StandardCharsets.UTF_8), null, headers),
                new NewRecord(null, "v".getBytes(StandardCharsets.UTF_8), List.of()),
                new NewRecord(new byte[0], new byte[0], List.of())), stamp);
        partition.append(values("unstamped"), null);

        List<StoredRecord> records = partition.read(0, 10, Long.MAX_VALUE);

        StoredRecord tombstone = records.get(0);
        assertThat(tombstone.key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.headers()).containsExactlyElementsOf(headers);
        assertThat(tombstone.producer()).isEqualTo(stamp);
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).headers()).isEmpty();
        assertThat(records.get(2).key()).isEmpty();
        assertThat(records.get(2).value()).isEmpty();
        assertThat(records.get(2).producer()).isEqualTo(stamp);
        assertThat(records.get(3).producer()).isNull();
        assertThat(records).extracting(StoredRecord::timestamp).containsOnly(clock.millis());
    }

    @Test
    void aReadRecordHandsOutCopiesAndItsSlicesPointAtTheStoredBytes() {
        partition.append(List.of(new NewRecord("k".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8),
                List.of()), new NewRecord(null, null, List.of())), null);

        List<StoredRecord> records = partition.read(0, 10, Long.MAX_VALUE);
        StoredRecord record = records.get(0);
        byte[] value = record.value();
        value[0] = 'X';
        record.key()[0] = 'X';

        assertThat(record.value()).isEqualTo("value".getBytes(StandardCharsets.UTF_8));
        assertThat(record.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(record.array(), record.valueOffset(), record.valueLength(), StandardCharsets.UTF_8)).isEqualTo("value");
        assertThat(new String(record.array(), record.keyOffset(), record.keyLength(), StandardCharsets.UTF_8)).isEqualTo("k");
        assertThat(record.sizeInBytes()).isEqualTo(6);
        assertThat(records.get(1).keyLength()).isEqualTo(StoredRecord.ABSENT);
        assertThat(records.get(1).valueLength()).isEqualTo(StoredRecord.ABSENT);
        assertThat(records.get(1).sizeInBytes()).isZero();
        // Equal by content, as a record built from the same fields, whatever array holds the bytes.
        assertThat(record).isEqualTo(new StoredRecord(0, clock.millis(), "k".getBytes(StandardCharsets.UTF_8),
                "value".getBytes(StandardCharsets.UTF_8), List.of(), null));
        assertThat(records.get(1)).isEqualTo(new StoredRecord(1, clock.millis(), null, null, List.of(), null))
                .isNotEqualTo(new StoredRecord(1, clock.millis(), null, new byte[0], List.of(), null));
        assertThat(partition.read(0, 10, Long.MAX_VALUE)).isEqualTo(records);
    }

    @Test
    void tooLargeRecordRejectsTheWholeBatch() {
        partition.append(values("before"), null);
        List<NewRecord> batch = List.of(value("fine"), value("x".repeat(101)));
        assertThatThrownBy(() -> partition.append(batch, null)).isInstanceOf(RecordTooLargeException.class);
        NewRecord headersTooLarge = new NewRecord(null, new byte[50], List.of(new RecordHeader("h".repeat(30), new byte[30])));
        assertThatThrownBy(() -> partition.append(List.of(headersTooLarge), null)).isInstanceOf(RecordTooLargeException.class);

        assertThat(partition.endOffset()).isEqualTo(1);
        assertThat(partition.append(values("after"), null)).isEqualTo(1);
        assertThat(texts(partition.read(0, 10, Long.MAX_VALUE))).containsExactly("before", "after");
    }

    @Test
    void timestampsAreLogAppendTimeAndNeverGoBackwards() {
        partition.append(values("t0"), null);
        clock.advance(Duration.ofSeconds(10));
        partition.append(values("t10"), null);
        clock.advance(Duration.ofSeconds(-5));
        partition.append(values("back"), null);

        List<StoredRecord> records = partition.read(0, 10, Long.MAX_VALUE);
        long start = records.get(0).timestamp();
        assertThat(records).extracting(StoredRecord::timestamp).containsExactly(start, start + 10_000, start + 10_000);
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        long t0 = clock.millis();
        partition.append(values("a", "b"), null);
        clock.advance(Duration.ofSeconds(1));
        partition.append(values("c"), null);
        clock.advance(Duration.ofSeconds(1));
        partition.append(values("d", "e", "f"), null);

        assertThat(partition.offsetForTimestamp(0)).isZero();
        assertThat(partition.offsetForTimestamp(t0)).isZero();
        assertThat(partition.offsetForTimestamp(t0 + 1)).isEqualTo(2);
        assertThat(partition.offsetForTimestamp(t0 + 1000)).isEqualTo(2);
        assertThat(partition.offsetForTimestamp(t0 + 1001)).isEqualTo(3);
        assertThat(partition.offsetForTimestamp(t0 + 2000)).isEqualTo(3);
        assertThat(partition.offsetForTimestamp(t0 + 2001)).isEqualTo(6);
        assertThat(offsets(partition.read(partition.offsetForTimestamp(t0 + 1500), 10, Long.MAX_VALUE))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void offsetForTimestampAfterARestartKnowsTheLastRecordsTime() {
        long t0 = clock.millis();
        partition.append(values("a"), null);
        clock.advance(Duration.ofSeconds(1));
        partition.append(values("b"), null);
        store.close();
        clock.advance(Duration.ofHours(1));
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        partition = store.topic("orders").orElseThrow().partition(0);

        assertThat(partition.offsetForTimestamp(t0 + 1000)).isEqualTo(1);
        assertThat(partition.offsetForTimestamp(t0 + 1001)).isEqualTo(2);
        assertThat(partition.offsetForTimestamp(clock.millis())).isEqualTo(2);
    }

    @Test
    void readsGoOnAfterIdleReadersAreReleased() {
        partition.append(values("a", "b", "c"), null);
        assertThat(texts(partition.read(0, 10, Long.MAX_VALUE))).containsExactly("a", "b", "c");

        partition.releaseIdleReaders();
        partition.append(values("d"), null);

        assertThat(texts(partition.read(1, 10, Long.MAX_VALUE))).containsExactly("b", "c", "d");
        assertThat(partition.offsetForTimestamp(0)).isZero();
        partition.releaseIdleReaders();
        partition.releaseIdleReaders();
        assertThat(texts(partition.read(3, 10, Long.MAX_VALUE))).containsExactly("d");
    }

    @Test
    void offsetForTimestampOfAnEmptyPartitionIsItsEnd() {
        assertThat(partition.offsetForTimestamp(clock.millis())).isZero();
    }

    @Test
    void appendListenersAreToldTheNewEndAndAFailingOneDoesNotBreakAppends() {
        List<String> heard = new CopyOnWriteArrayList<>();
        store.addAppendListener((topic, p, end) -> {
            throw new IllegalStateException("listener bug");
        });
        store.addAppendListener((topic, p, end) -> {
            // Readable by the time we are told.
            assertThat(partition.read(end - 1, 1, Long.MAX_VALUE)).hasSize(1);
            heard.add(topic + "-" + p + "@" + end);
        });

        assertThat(partition.append(values("a", "b"), null)).isZero();
        assertThat(partition.append(values("c"), null)).isEqualTo(2);

        assertThat(heard).containsExactly("orders-0@2", "orders-0@3");
    }
}
