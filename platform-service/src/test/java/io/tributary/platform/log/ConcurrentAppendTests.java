package io.tributary.platform.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAppendTests {

    @TempDir
    Path dataDir;

    @Test
    void concurrentAppendersGetUniqueContiguousOffsetsWhileAReaderFollows() throws Exception {
        int writers = 4;
        int batchesPerWriter = 250;
        int batchSize = 4;
        long total = (long) writers * batchesPerWriter * batchSize;
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            PartitionLog partition = store.createTopic("busy", 1, TopicConfig.DEFAULTS).partition(0);
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            CountDownLatch start = new CountDownLatch(1);
            // first offset of each batch -> the batch's values, as the writer sent them
            ConcurrentHashMap<Long, List<String>> sent = new ConcurrentHashMap<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int b = 0; b < batchesPerWriter; b++) {
                        List<String> texts = new ArrayList<>();
                        for (int i = 0; i < batchSize; i++) {
                            texts.add("w" + writer + "-b" + b + "-" + i);
                        }
                        long first = partition.append(Records.values(texts.toArray(String[]::new)), null);
                        assertThat(sent.putIfAbsent(first, texts)).isNull();
                    }
                    return null;
                }));
            }
            AtomicBoolean readerSawOnlyPublished = new AtomicBoolean(true);
            Future<List<StoredRecord>> reader = pool.submit(() -> {
                start.await();
                List<StoredRecord> seen = new ArrayList<>();
                long next = 0;
                while (next < total) {
                    long end = partition.endOffset();
                    List<StoredRecord> batch = partition.read(next, 100, Long.MAX_VALUE);
                    for (StoredRecord record : batch) {
                        if (record.offset() != next) {
                            readerSawOnlyPublished.set(false);
                        }
                        next++;
                    }
                    if (partition.endOffset() < end) {
                        readerSawOnlyPublished.set(false);
                    }
                    seen.addAll(batch);
                }
                return seen;
            });
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            List<StoredRecord> seenByReader = reader.get(60, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(partition.endOffset()).isEqualTo(total);
            assertThat(readerSawOnlyPublished).isTrue();
            List<StoredRecord> all = Records.readAll(partition);
            assertThat(Records.offsets(all)).containsExactlyElementsOf(java.util.stream.LongStream.range(0, total).boxed().toList());
            assertThat(Records.texts(seenByReader)).containsExactlyElementsOf(Records.texts(all));
            // Each batch is contiguous and holds exactly what its writer sent.
            assertThat(sent).hasSize(writers * batchesPerWriter);
            Set<String> values = new HashSet<>();
            sent.forEach((first, texts) -> {
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(new String(all.get((int) (first + i)).value(), StandardCharsets.UTF_8)).isEqualTo(texts.get(i));
                    values.add(texts.get(i));
                }
            });
            assertThat(values).hasSize((int) total);
        }
    }
}
