package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.log.FlushPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetStoreTests {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @TempDir
    Path dir;

    @Test
    void commitsAreForcedToTheDeviceOnlyWhenTheFlushPolicySaysSo() {
        try (OffsetStore always = OffsetStore.open(dir.resolve("always.log"), 1 << 20, FlushPolicy.ALWAYS);
             OffsetStore never = OffsetStore.open(dir.resolve("never.log"), 1 << 20, FlushPolicy.NEVER)) {
            for (long offset = 1; offset <= 3; offset++) {
                always.commit("billing", Map.of(P0, offset));
                never.commit("billing", Map.of(P0, offset));
            }
            assertThat(always.commitForces()).isEqualTo(3);
            assertThat(never.commitForces()).isZero();
            assertThat(never.committed("billing", P0)).isEqualTo(OptionalLong.of(3));
        }
        // Written before the answer either way: a new process (as after kill -9) reads them back.
        try (OffsetStore reopened = OffsetStore.open(dir.resolve("never.log"), 1 << 20, FlushPolicy.NEVER)) {
            assertThat(reopened.committed("billing", P0)).isEqualTo(OptionalLong.of(3));
        }
    }

    @Test
    void committedOffsetsSurviveReopening() {
        Path file = dir.resolve("offsets.log");
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            store.commit("billing", Map.of(P0, 5L, P1, 7L));
            store.commit("billing", Map.of(P0, 9L));
            store.commit("audit", Map.of(P1, 1L));
        }
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.committed("billing", P0)).isEqualTo(OptionalLong.of(9));
            assertThat(store.committed("billing", P1)).isEqualTo(OptionalLong.of(7));
            assertThat(store.committed("audit")).containsExactly(Map.entry(P1, 1L));
            assertThat(store.committed("nobody", P0)).isEmpty();
            assertThat(store.groups()).containsExactly("audit", "billing");
        }
    }

    @Test
    void aTornLastRecordIsIgnoredAndCutOff() throws IOException {
        Path file = dir.resolve("offsets.log");
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            store.commit("billing", Map.of(P0, 5L));
        }
        long goodSize = Files.size(file);
        byte[] next = OffsetStore.encode("billing", 0, Map.of(P0, 6L));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(next, 0, next.length - 3)); // the crash came mid-write
        }

        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.committed("billing", P0)).isEqualTo(OptionalLong.of(5));
            assertThat(Files.size(file)).isEqualTo(goodSize);
            store.commit("billing", Map.of(P0, 8L));
        }
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.committed("billing", P0)).isEqualTo(OptionalLong.of(8));
        }
    }

    @Test
    void aLastRecordFailingItsChecksumIsIgnored() throws IOException {
        Path file = dir.resolve("offsets.log");
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            store.commit("billing", Map.of(P0, 5L));
        }
        byte[] next = OffsetStore.encode("billing", 0, Map.of(P0, 6L));
        next[next.length - 1] ^= 0x5A; // a flipped bit in the offset
        Files.write(file, next, StandardOpenOption.APPEND);

        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.committed("billing", P0)).isEqualTo(OptionalLong.of(5));
        }
    }

    @Test
    void theLogIsCompactedOnceItOutgrowsItsThreshold() {
        Path file = dir.resolve("offsets.log");
        try (OffsetStore store = OffsetStore.open(file, 4096, FlushPolicy.ALWAYS)) {
            for (long i = 1; i <= 2_000; i++) {
                store.commit("billing", Map.of(P0, i, P1, i * 2));
            }
            assertThat(store.sizeInBytes()).isLessThan(2 * 4096 + 200);
        }
        assertThat(dir.resolve("offsets.log.compacting")).doesNotExist();
        try (OffsetStore store = OffsetStore.open(file, 4096, FlushPolicy.ALWAYS)) {
            assertThat(store.committed("billing")).containsEntry(P0, 2_000L).containsEntry(P1, 4_000L);
        }
    }

    @Test
    void concurrentCommitsAreAllDurable() throws Exception {
        Path file = dir.resolve("offsets.log");
        int threads = 8;
        int commitsPerThread = 100;
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                TopicPartition tp = new TopicPartition("orders", t);
                done.add(pool.submit(() -> {
                    for (long i = 1; i <= commitsPerThread; i++) {
                        store.commit("billing", Map.of(tp, i));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
        }
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            for (int t = 0; t < threads; t++) {
                assertThat(store.committed("billing", new TopicPartition("orders", t))).isEqualTo(OptionalLong.of(commitsPerThread));
            }
        }
    }

    @Test
    void anEmptyOrMissingFileIsAnEmptyStore() throws IOException {
        Path file = dir.resolve("sub/offsets.log");
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.groups()).isEmpty();
        }
        Files.write(file, new byte[0]);
        try (OffsetStore store = OffsetStore.open(file, 1 << 20, FlushPolicy.ALWAYS)) {
            assertThat(store.groups()).isEmpty();
        }
    }
}
