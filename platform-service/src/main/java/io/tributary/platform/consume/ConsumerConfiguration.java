package io.tributary.platform.consume;

import io.tributary.platform.PlatformProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the committed-offsets store: {@code <data-dir>/@consumer-offsets.log}. Not a folder named like
 * Kafka's {@code __consumer_offsets}: that is a legal topic name, and the storage engine removes
 * topic-named folders without topic metadata at startup (and a user could create such a topic).
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    static final String OFFSETS_FILE = "@consumer-offsets.log";
    /** Compact the commit log once it grows past this (and past twice its last compacted size). */
    static final long COMPACT_BYTES = 16L * 1024 * 1024;

    @Bean(destroyMethod = "close")
    OffsetStore consumerOffsetStore(PlatformProperties properties) {
        return OffsetStore.open(properties.dataDir().resolve(OFFSETS_FILE), COMPACT_BYTES, properties.flush());
    }
}
