package io.tributary.platform.log;

import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The free-space floor against the real file system of the test's folder: a floor above what is usable there
 * is what a full disk looks like to the store.
 */
class FreeSpaceTests {

    private static final long TERABYTE = 1L << 40;

    @TempDir
    Path dataDir;

    private ChronicleLogStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private PartitionLog partitionWithFloor(long floorBytes) {
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withMinFreeSpace(floorBytes));
        return store.createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0);
    }

    @Test
    void anAppendThatWouldGoBelowTheFloorIsRefusedAndNothingIsAppended() throws Exception {
        long usable = Files.getFileStore(dataDir).getUsableSpace();
        PartitionLog partition = partitionWithFloor(usable + TERABYTE);

        assertThatThrownBy(() -> partition.append(values("a", "b"), null))
                .isInstanceOf(InsufficientStorageException.class)
                .hasMessageContaining("tributary.platform.min-free-space");
        assertThat(partition.endOffset()).isZero();
        assertThat(partition.read(0, 10, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aFloorWellBelowTheUsableSpaceLetsAppendsThrough() {
        PartitionLog partition = partitionWithFloor(1);

        assertThat(partition.append(values("a", "b"), null)).isZero();
        assertThat(partition.append(values("c"), null)).isEqualTo(2);
        assertThat(texts(partition.read(0, 10, Long.MAX_VALUE))).containsExactly("a", "b", "c");
    }

    @Test
    void theEngineAloneChecksNothingByDefault() {
        assertThat(LogStoreOptions.of(dataDir).minFreeSpaceBytes()).isZero();
        assertThat(FreeSpace.of(dataDir, 0)).isSameAs(FreeSpace.UNCHECKED);
    }
}
