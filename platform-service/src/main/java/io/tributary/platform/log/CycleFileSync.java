package io.tributary.platform.log;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces a partition's cycle files to disk for {@link FlushPolicy#ALWAYS}, keeping the channel of the file
 * being written open between batches. Not thread-safe: used under the forcing lock of the partition's {@link GroupCommit}.
 */
final class CycleFileSync {

    private static final Logger log = LoggerFactory.getLogger(CycleFileSync.class);

    private final Path dir;
    private @Nullable File syncedFile;
    private @Nullable FileChannel channel;

    CycleFileSync(Path dir) {
        this.dir = dir;
    }

    /**
     * fsync of the cycle file. On Linux this writes back the pages dirtied through Chronicle's shared
     * mapping (msync(MS_SYNC) is the same operation there), and unlike Chronicle's
     * {@code ExcerptAppender.sync()}, which silently does nothing unless the queue's SyncMode is set,
     * only covers the current chunk, and only logs a failed msync, it reports failure to the caller.
     */
    void force(File file) {
        try {
            if (!file.equals(syncedFile) || channel == null) {
                close();
                try {
                    channel = FileChannel.open(file.toPath(), StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    return; // retention deleted an older cycle since it was written: nothing left to make durable
                }
                syncedFile = file;
                // A new cycle file: make its directory entry durable too.
                TopicMetadata.syncDirectory(dir);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new LogStorageException("Cannot force " + file + " to disk: " + e.getMessage(), e);
        }
    }

    void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("Closing the fsync channel of {}: {}", dir, e.toString());
        }
        channel = null;
        syncedFile = null;
    }
}
