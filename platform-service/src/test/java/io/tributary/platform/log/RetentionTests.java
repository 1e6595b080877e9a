package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00.000Z");
    private ChronicleLogStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private PartitionLog partitionWith(Map<String, String> config) {
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        return store.createTopic("t", 1, TopicConfig.DEFAULTS.with(Map.of(TopicConfig.ROLL_CYCLE, "secondly")).with(config)).partition(0);
    }

    @Test
    void retentionMsNeverDeletesTheCurrentCycleEvenWhenItIsOld() throws IOException {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "1000"));
        partition.append(values("only"), null);
        clock.advance(Duration.ofHours(1));

        assertThat(store.enforceRetention()).isEqualTo(RetentionReport.NOTHING);
        assertThat(cycleFiles()).hasSize(1);
        assertThat(partition.beginningOffset()).isZero();
        assertThat(texts(readAll(partition))).containsExactly("only");
    }

    @Test
    void emptyPartitionsHaveNothingToDelete() {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "1000", TopicConfig.RETENTION_BYTES, "1"));
        clock.advance(Duration.ofHours(1));
        assertThat(store.enforceRetention()).isEqualTo(RetentionReport.NOTHING);
        assertThat(partition.beginningOffset()).isZero();
        assertThat(partition.endOffset()).isZero();
        assertThat(partition.append(values("first"), null)).isZero();
    }

    @Test
    void retentionMsDeletesOnlyClosedCyclesOlderThanTheLimit() throws IOException {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "3000"));
        for (int cycle = 0; cycle < 5; cycle++) {
            partition.append(values("c" + cycle), null);
            clock.advance(Duration.ofSeconds(1));
        }
        // now = 10:00:05; cycle k ends at 10:00:0(k+1): cycles 0 (ended 4 s ago) and 1 (3 s ago, not "older") ...
        assertThat(store.enforceRetention().filesDeleted()).isEqualTo(1);
        assertThat(partition.beginningOffset()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(store.enforceRetention().filesDeleted()).isEqualTo(1);
        assertThat(partition.beginningOffset()).isEqualTo(2);
        assertThat(texts(readAll(partition))).containsExactly("c2", "c3", "c4");

        clock.advance(Duration.ofHours(1));
        assertThat(store.enforceRetention().filesDeleted()).isEqualTo(2);
        assertThat(cycleFiles()).hasSize(1);
        assertThat(partition.beginningOffset()).isEqualTo(4);
        assertThat(partition.endOffset()).isEqualTo(5);
        assertThatThrownBy(() -> partition.read(3, 1, Long.MAX_VALUE)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void retentionBytesDeletesOldestClosedCyclesWhileThePartitionIsTooLarge() throws IOException {
        PartitionLog partition = partitionWith(Map.of());
        for (int cycle = 0; cycle < 4; cycle++) {
            partition.append(values("c" + cycle), null);
            clock.advance(Duration.ofSeconds(1));
        }
        long sizeOfAll = partition.sizeInBytes();
        long perCycle = sizeOfAll / 4;
        assertThat(perCycle).isPositive();
        // Room for about two and a half cycles: the two oldest go.
        store.requireTopic("t").updateConfig(store.requireTopic("t").config()
                .with(Map.of(TopicConfig.RETENTION_BYTES, Long.toString(perCycle * 5 / 2))));

        RetentionReport report = store.enforceRetention();

        assertThat(report.filesDeleted()).isEqualTo(2);
        assertThat(report.bytesDeleted()).isBetween(perCycle * 2 - 100, perCycle * 2 + 100);
        assertThat(partition.sizeInBytes()).isEqualTo(sizeOfAll - report.bytesDeleted());
        assertThat(partition.beginningOffset()).isEqualTo(2);
        assertThat(texts(readAll(partition))).containsExactly("c2", "c3");
        assertThat(cycleFiles()).hasSize(2);
    }

    @Test
    void retentionBytesKeepsTheCurrentCycleEvenIfItAloneIsTooLarge() throws IOException {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_BYTES, "1"));
        partition.append(values("a", "b"), null);
        clock.advance(Duration.ofSeconds(1));
        partition.append(values("c"), null);

        assertThat(store.enforceRetention().filesDeleted()).isEqualTo(1);
        assertThat(store.enforceRetention()).isEqualTo(RetentionReport.NOTHING);
        assertThat(cycleFiles()).hasSize(1);
        assertThat(partition.beginningOffset()).isEqualTo(2);
        assertThat(texts(readAll(partition))).containsExactly("c");
    }

    @Test
    void theBeginningMovesToTheFirstRecordOfTheOldestRemainingCycle() throws IOException {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "1000"));
        partition.append(values("a", "b"), null);
        clock.advance(Duration.ofSeconds(1));
        partition.append(values("c"), null);
        clock.advance(Duration.ofSeconds(10));
        store.enforceRetention();
        assertThat(partition.beginningOffset()).isEqualTo(2);
        // A record in a new cycle closes the previous one, which retention can now delete.
        partition.append(values("d"), null);
        store.enforceRetention();
        assertThat(partition.beginningOffset()).isEqualTo(3);
        assertThat(texts(readAll(partition))).containsExactly("d");
        assertThat(cycleFiles()).hasSize(1);
    }

    @Test
    void readersRacingWithRetentionGetRecordsOrOutOfRange() throws Exception {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "1000"));
        for (int cycle = 0; cycle < 20; cycle++) {
            partition.append(values("c" + cycle + "a", "c" + cycle + "b"), null);
            clock.advance(Duration.ofSeconds(1));
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var reader = pool.submit(() -> {
            int reads = 0;
            while (!stop.get() || reads == 0) {
                for (long offset = 0; offset < 40; offset += 3) {
                    try {
                        List<StoredRecord> got = partition.read(offset, 2, Long.MAX_VALUE);
                        assertThat(got).isNotEmpty();
                        assertThat(got.get(0).offset()).isEqualTo(offset);
                    } catch (OffsetOutOfRangeException expected) {
                        // deleted meanwhile
                    }
                }
                reads++;
            }
            return reads;
        });
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            store.enforceRetention();
        }
        stop.set(true);
        assertThat(reader.get(30, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        pool.shutdown();
        assertThat(partition.beginningOffset()).isEqualTo(38);
    }

    @Test
    void sizeInBytesCountsEachAppendedDocumentInEveryCycleAndAgreesWithAReopen() {
        PartitionLog partition = partitionWith(Map.of());
        partition.append(values("a"), null);
        long size = partition.sizeInBytes();
        // Each record takes Chronicle's 4-byte document header plus its encoding (34 bytes + the value).
        partition.append(values("bb", "ccc"), null);
        assertThat(partition.sizeInBytes()).isEqualTo(size + (4 + RecordCodec.FIXED_SIZE + 2) + (4 + RecordCodec.FIXED_SIZE + 3));

        clock.advance(Duration.ofSeconds(1));
        size = partition.sizeInBytes();
        partition.append(values("dddd"), null);
        // A new file: its header and index area too.
        assertThat(partition.sizeInBytes()).isGreaterThan(size + 1024 + (4 + RecordCodec.FIXED_SIZE + 4));
        size = partition.sizeInBytes();
        partition.append(values("e"), null);
        assertThat(partition.sizeInBytes()).isEqualTo(size + (4 + RecordCodec.FIXED_SIZE + 1));

        size = partition.sizeInBytes();
        store.close();
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        PartitionLog reopened = store.requireTopic("t").partition(0);
        // At open each file counts up to Chronicle's write position (about the start of its last document).
        long reopenedSize = reopened.sizeInBytes();
        assertThat(reopenedSize).isBetween(size - 2 * (4 + RecordCodec.FIXED_SIZE + 3) - 8, size);
        reopened.append(values("f"), null);
        assertThat(reopened.sizeInBytes()).isEqualTo(reopenedSize + (4 + RecordCodec.FIXED_SIZE + 1));
    }

    @Test
    void appendsRacingWithRetentionKeepOffsetsDenseAndEveryRecordFromTheBeginningReadable() throws Exception {
        PartitionLog partition = partitionWith(Map.of(TopicConfig.RETENTION_MS, "1000"));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var progress = new java.util.concurrent.atomic.AtomicLong();
        var appender = pool.submit(() -> {
            long appended = 0;
            while (!stop.get()) {
                assertThat(partition.append(values("r" + appended, "r" + (appended + 1)), null)).isEqualTo(appended);
                appended += 2;
                progress.set(appended);
            }
            return appended;
        });
        int deleted = 0;
        for (int i = 0; i < 30; i++) {
            // Records in every cycle: wait until the appender has moved on since the clock did.
            long seen = progress.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.get() > seen);
            clock.advance(Duration.ofMillis(700));
            deleted += store.enforceRetention().filesDeleted();
        }
        stop.set(true);
        long appended = appender.get(30, java.util.concurrent.TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(deleted).isPositive();
        assertThat(partition.endOffset()).isEqualTo(appended);
        List<StoredRecord> rest = readAll(partition);
        assertThat(rest).isNotEmpty();
        assertThat(rest.get(0).offset()).isEqualTo(partition.beginningOffset());
        for (int i = 0; i < rest.size(); i++) {
            long offset = partition.beginningOffset() + i;
            assertThat(rest.get(i).offset()).isEqualTo(offset);
            assertThat(Records.text(rest.get(i))).isEqualTo("r" + offset);
        }
        assertThat(rest.get(rest.size() - 1).offset()).isEqualTo(appended - 1);
    }

    @Test
    void eachRecordIsFiledInTheRollCycleOfItsOwnTimestamp() throws IOException {
        PartitionLog partition = partitionWith(Map.of());
        // A second passes between any two reads of the clock: a record's timestamp and the cycle Chronicle files it
        // in must come from the same read, or the record lands in the file of the second after its timestamp.
        clock.advanceOnEveryRead(Duration.ofSeconds(1));
        partition.append(values("a"), null);
        partition.append(values("b", "c"), null);
        partition.append(values("d"), null);

        DateTimeFormatter cycleFile = DateTimeFormatter.ofPattern(TestRollCycles.TEST_SECONDLY.format()).withZone(ZoneOffset.UTC);
        List<String> expected = readAll(partition).stream()
                .map(record -> cycleFile.format(Instant.ofEpochMilli(record.timestamp())) + ".cq4")
                .distinct()
                .toList();
        assertThat(expected).hasSize(3);
        assertThat(cycleFiles().stream().map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<Path> cycleFiles() throws IOException {
        try (var files = Files.list(dataDir.resolve("t").resolve("0"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).toList();
        }
    }
}
