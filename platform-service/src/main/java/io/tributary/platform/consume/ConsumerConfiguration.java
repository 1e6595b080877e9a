package io.tributary.platform.consume;

import io.tributary.platform.PlatformProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the committed-offsets store under {@code <data-dir>/__consumer_offsets}. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    static final String OFFSETS_DIR = "__consumer_offsets";
    /** Compact the commit log once it grows past this (and past twice its last compacted size). */
    static final long COMPACT_BYTES = 16L * 1024 * 1024;

    @Bean(destroyMethod = "close")
    OffsetStore consumerOffsetStore(PlatformProperties properties) {
        return OffsetStore.open(properties.dataDir().resolve(OFFSETS_DIR), COMPACT_BYTES);
    }
}
