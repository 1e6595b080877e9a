package io.tributary.platform.produce;

import java.nio.charset.StandardCharsets;

/**
 * Picks the partition of a keyed record exactly as Kafka's default partitioner does:
 * {@code toPositive(murmur2(keyBytes)) % partitions}, so the same key bytes land on the same
 * partition number in Tributary and in Kafka.
 */
final class KafkaPartitioner {

    private KafkaPartitioner() {
    }

    static int partitionFor(byte[] key, int partitions) {
        return (murmur2(key) & 0x7fffffff) % partitions;
    }

    /** Kafka's murmur2 (org.apache.kafka.common.utils.Utils#murmur2): seed 0x9747b28c, m 0x5bd1e995, r 24. */
    static int murmur2(byte[] data) {
        int length = data.length;
        int seed = 0x9747b28c;
        final int m = 0x5bd1e995;
        final int r = 24;
        int h = seed ^ length;
        int length4 = length / 4;
        for (int i = 0; i < length4; i++) {
            final int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        switch (length % 4) {
            case 3:
                h ^= (data[(length & ~3) + 2] & 0xff) << 16;
            case 2:
                h ^= (data[(length & ~3) + 1] & 0xff) << 8;
            case 1:
                h ^= data[length & ~3] & 0xff;
                h *= m;
            default:
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    static int partitionFor(String key, int partitions) {
        return partitionFor(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
