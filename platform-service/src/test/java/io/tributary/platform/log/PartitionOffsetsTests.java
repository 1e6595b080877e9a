package io.tributary.platform.log;

import static io.tributary.platform.log.Records.offsets;
import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.value;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionOffsetsTests {

    private static final TopicConfig SECONDLY = TopicConfig.DEFAULTS.with(java.util.Map.of(TopicConfig.ROLL_CYCLE, "secondly"));

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00.100Z");
    private ChronicleLogStore store;

    private ChronicleLogStore open() {
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        return store;
    }

    private ChronicleLogStore reopen() {
        store.close();
        return open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void offsetsStartAtZeroAndAreDenseAcrossBatches() {
        PartitionLog partition = open().createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0);

        assertThat(partition.append(values("a", "b", "c"), null)).isZero();
        assertThat(partition.append(values("d"), null)).isEqualTo(3);
        assertThat(partition.append(values("e", "f"), null)).isEqualTo(4);

        assertThat(partition.beginningOffset()).isZero();
        assertThat(partition.endOffset()).isEqualTo(6);
        List<StoredRecord> all = partition.read(0, 100, Long.MAX_VALUE);
        assertThat(offsets(all)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(texts(all)).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(texts(partition.read(4, 100, Long.MAX_VALUE))).containsExactly("e", "f");
        assertThat(partition.read(6, 100, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void offsetsContinueAfterCloseAndReopen() {
        open().createTopic("orders", 2, TopicConfig.DEFAULTS).partition(1).append(values("a", "b", "c"), null);

        PartitionLog reopened = reopen().requireTopic("orders").partition(1);
        assertThat(reopened.endOffset()).isEqualTo(3);
        assertThat(reopened.append(values("d", "e"), null)).isEqualTo(3);

        PartitionLog again = reopen().requireTopic("orders").partition(1);
        assertThat(again.beginningOffset()).isZero();
        assertThat(again.endOffset()).isEqualTo(5);
        assertThat(texts(again.read(0, 100, Long.MAX_VALUE))).containsExactly("a", "b", "c", "d", "e");
        assertThat(texts(again.read(3, 1, Long.MAX_VALUE))).containsExactly("d");
        assertThat(store.requireTopic("orders").partition(0).endOffset()).isZero();
    }

    @Test
    void offsetsAreDenseAcrossRollCycles() {
        PartitionLog partition = open().createTopic("ticks", 1, SECONDLY).partition(0);
        for (int cycle = 0; cycle < 5; cycle++) {
            partition.append(values("c" + cycle + "-0", "c" + cycle + "-1", "c" + cycle + "-2"), null);
            clock.advance(Duration.ofMillis(1500));
        }
        assertThat(chronicleFiles("ticks", 0)).hasSize(5);

        assertThat(offsets(partition.read(0, 100, Long.MAX_VALUE))).containsExactlyElementsOf(LongStream.range(0, 15).boxed().toList());
        // Direct reads land in the right cycle.
        assertThat(texts(partition.read(7, 2, Long.MAX_VALUE))).containsExactly("c2-1", "c2-2");
        assertThat(texts(partition.read(14, 5, Long.MAX_VALUE))).containsExactly("c4-2");

        PartitionLog reopened = reopen().requireTopic("ticks").partition(0);
        assertThat(reopened.endOffset()).isEqualTo(15);
        assertThat(texts(reopened.read(9, 1, Long.MAX_VALUE))).containsExactly("c3-0");
        assertThat(reopened.append(values("after"), null)).isEqualTo(15);
        assertThat(texts(reopened.read(12, 10, Long.MAX_VALUE))).containsExactly("c4-0", "c4-1", "c4-2", "after");
    }

    @Test
    void offsetsContinueAfterRetentionDeletedOldCycles() {
        TopicConfig config = SECONDLY.with(java.util.Map.of(TopicConfig.RETENTION_MS, "2000"));
        PartitionLog partition = open().createTopic("ticks", 1, config).partition(0);
        for (int cycle = 0; cycle < 4; cycle++) {
            partition.append(values("c" + cycle + "-0", "c" + cycle + "-1"), null);
            clock.advance(Duration.ofSeconds(1));
        }
        // Cycles 0..3 hold offsets 0..7; now = cycle 4 start + 100 ms: cycles 0 and 1 ended > 2 s ago.
        RetentionReport report = store.enforceRetention();

        assertThat(report.filesDeleted()).isEqualTo(2);
        assertThat(report.bytesDeleted()).isPositive();
        assertThat(partition.beginningOffset()).isEqualTo(4);
        assertThat(partition.endOffset()).isEqualTo(8);
        assertThatThrownBy(() -> partition.read(3, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> partition.read(0, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(texts(partition.read(4, 10, Long.MAX_VALUE))).containsExactly("c2-0", "c2-1", "c3-0", "c3-1");
        assertThat(partition.append(values("new"), null)).isEqualTo(8);

        PartitionLog reopened = reopen().requireTopic("ticks").partition(0);
        assertThat(reopened.beginningOffset()).isEqualTo(4);
        assertThat(reopened.endOffset()).isEqualTo(9);
        assertThat(texts(readAll(reopened))).containsExactly("c2-0", "c2-1", "c3-0", "c3-1", "new");
        assertThatThrownBy(() -> reopened.read(2, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void readingOutsideTheLogIsOutOfRange() {
        PartitionLog partition = open().createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0);
        partition.append(List.of(value("a")), null);

        assertThatThrownBy(() -> partition.read(2, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> partition.read(-1, 10, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(partition.read(1, 10, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void manyCyclesAndRecordsAreReadDirectly() {
        PartitionLog partition = open().createTopic("bulk", 1, SECONDLY).partition(0);
        int perCycle = 1000;
        for (int cycle = 0; cycle < 3; cycle++) {
            for (int i = 0; i < perCycle; i += 100) {
                List<NewRecord> batch = new java.util.ArrayList<>();
                for (int j = 0; j < 100; j++) {
                    batch.add(value("r" + (cycle * perCycle + i + j)));
                }
                partition.append(batch, null);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        for (long offset : new long[] {0, 1, 999, 1000, 1500, 2999}) {
            assertThat(texts(partition.read(offset, 1, Long.MAX_VALUE))).containsExactly("r" + offset);
        }
        assertThat(readAll(partition)).hasSize(3000);
    }

    private List<Path> chronicleFiles(String topic, int partition) {
        try (var files = java.nio.file.Files.list(dataDir.resolve(topic).resolve(Integer.toString(partition)))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
