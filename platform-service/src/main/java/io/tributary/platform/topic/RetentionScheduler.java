package io.tributary.platform.topic;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.RetentionReport;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** Runs retention every {@code tributary.platform.retention-check-interval}. */
@Component
final class RetentionScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);

    private final LogStore store;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> task;

    RetentionScheduler(LogStore store, TaskScheduler scheduler, PlatformProperties properties) {
        this.store = store;
        this.scheduler = scheduler;
        this.interval = properties.retentionCheckInterval();
    }

    void runOnce() {
        try {
            RetentionReport report = store.enforceRetention();
            if (report.filesDeleted() > 0) {
                log.info("Retention deleted {} files ({} bytes)", report.filesDeleted(), report.bytesDeleted());
            }
        } catch (RuntimeException e) {
            log.error("Retention run failed; will retry in {}", interval, e);
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::runOnce, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
