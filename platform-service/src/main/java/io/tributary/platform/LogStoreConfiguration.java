package io.tributary.platform;

import io.tributary.platform.log.ChronicleLogStore;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.LogStoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the storage engine under {@code tributary.platform.data-dir}. */
@Configuration(proxyBeanMethods = false)
class LogStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LogStoreConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    LogStore logStore(PlatformProperties properties, Clock clock) {
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dataDir, e);
        }
        LogStore store = ChronicleLogStore.open(new LogStoreOptions(dataDir, clock, properties.flush(), properties.minFreeSpace().toBytes()));
        log.info("Opened {} topics under {} (flush={})", store.topics().size(), dataDir, properties.flush());
        return store;
    }
}
