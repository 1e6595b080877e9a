package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorruptTailTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00Z");

    @Test
    void corruptLastRecordIsNeitherServedNorCountedAndAppendsContinueAfterTheLastValidOne() throws IOException {
        try (ChronicleLogStore store = open()) {
            store.createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0)
                    .append(values("first-record", "second-record", "LAST-RECORD-PATTERN"), null);
        }
        flipByteOf("LAST-RECORD-PATTERN");

        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.requireTopic("orders").partition(0);
            assertThat(partition.endOffset()).isEqualTo(2);
            assertThat(texts(readAll(partition))).containsExactly("first-record", "second-record");

            assertThat(partition.append(values("third", "fourth"), null)).isEqualTo(2);
            assertThat(texts(partition.read(2, 10, Long.MAX_VALUE))).containsExactly("third", "fourth");
            assertThat(Records.offsets(readAll(partition))).containsExactly(0L, 1L, 2L, 3L);
        }
        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.requireTopic("orders").partition(0);
            assertThat(partition.endOffset()).isEqualTo(4);
            assertThat(texts(readAll(partition))).containsExactly("first-record", "second-record", "third", "fourth");
            assertThat(texts(partition.read(3, 1, Long.MAX_VALUE))).containsExactly("fourth");
        }
    }

    @Test
    void corruptRecordInTheMiddleIsSkipped() throws IOException {
        try (ChronicleLogStore store = open()) {
            store.createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0)
                    .append(values("zero", "ONE-CORRUPTED", "two", "three"), null);
        }
        flipByteOf("ONE-CORRUPTED");

        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.requireTopic("orders").partition(0);
            assertThat(partition.endOffset()).isEqualTo(4);
            assertThat(texts(readAll(partition))).containsExactly("zero", "two", "three");
            assertThat(texts(partition.read(1, 10, Long.MAX_VALUE))).containsExactly("two", "three");
            assertThat(texts(partition.read(3, 10, Long.MAX_VALUE))).containsExactly("three");
        }
    }

    /** Documents in the files at open are checked on every read, also once this process appended after them. */
    @Test
    void corruptRecordFromBeforeOpenIsSkippedAlsoAfterTheReopenedPartitionAppended() throws IOException {
        try (ChronicleLogStore store = open()) {
            store.createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0)
                    .append(values("zero", "ONE-CORRUPTED", "two"), null);
        }
        flipByteOf("ONE-CORRUPTED");

        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.requireTopic("orders").partition(0);
            assertThat(partition.append(values("three", "four"), null)).isEqualTo(3);
            assertThat(texts(readAll(partition))).containsExactly("zero", "two", "three", "four");
            assertThat(texts(partition.read(1, 10, Long.MAX_VALUE))).containsExactly("two", "three", "four");
            assertThat(texts(partition.read(3, 1, Long.MAX_VALUE))).containsExactly("three");
        }
    }

    /**
     * A record the partition appended since it opened is not checked against its checksum again (Kafka's rule,
     * see RecordCodec): a byte changed under the running broker is served as it is now, and the next open,
     * which checks everything in the files, no longer serves it.
     */
    @Test
    void recordsAppendedSinceOpenAreCheckedAgainFromTheNextOpen() throws IOException {
        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0);
            partition.append(values("zero", "ONE-CHANGED-WHILE-OPEN", "two"), null);
            flipByteOf("ONE-CHANGED-WHILE-OPEN");

            assertThat(texts(readAll(partition))).containsExactly("zero", "ONe-CHANGED-WHILE-OPEN", "two");
        }
        try (ChronicleLogStore store = open()) {
            PartitionLog partition = store.requireTopic("orders").partition(0);
            assertThat(texts(readAll(partition))).containsExactly("zero", "two");
            assertThat(partition.endOffset()).isEqualTo(3);
        }
    }

    private ChronicleLogStore open() {
        return ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
    }

    /** Flips one byte inside the only occurrence of {@code pattern} in the partition's .cq4 file. */
    private void flipByteOf(String pattern) throws IOException {
        Path file;
        try (var files = Files.list(dataDir.resolve("orders").resolve("0"))) {
            file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(file);
        byte[] needle = pattern.getBytes(StandardCharsets.UTF_8);
        int at = indexOf(content, needle);
        assertThat(at).as("pattern in file").isNotNegative();
        assertThat(indexOf(java.util.Arrays.copyOfRange(content, at + 1, content.length), needle)).as("pattern unique").isNegative();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at + 2);
            raf.write(content[at + 2] ^ 0x20);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
