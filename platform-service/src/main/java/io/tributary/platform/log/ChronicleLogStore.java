package io.tributary.platform.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine on Chronicle Queue files.
 *
 * <pre>
 * dataDir/
 *   store.lock                held (OS file lock) while the store is open
 *   orders.events/            one folder per topic ({@link ChronicleTopicLog})
 *     topic.properties        partition count + config, written atomically ({@link TopicMetadata})
 *     0/                      one Chronicle Queue per partition ({@link ChroniclePartitionLog})
 *       metadata.cq4t
 *       20261126-01F.cq4      one file per roll cycle; retention deletes whole files
 *     1/ ...
 * </pre>
 *
 * A folder without {@code topic.properties} is an unfinished create or delete and is removed at open.
 * {@code dataDir/store.lock} (an OS file lock) keeps a second store, in this or another process, out.
 *
 * <p>Thread-safe: topic creation and deletion are serialised on this object; lookups, appends and
 * reads are not blocked by them (a deleted topic's partitions answer {@link LogClosedException}).
 */
public final class ChronicleLogStore implements LogStore {

    private static final Logger log = LoggerFactory.getLogger(ChronicleLogStore.class);

    static {
        // Chronicle's banner adds nothing to our logs; a deployment can still turn it back on.
        if (System.getProperty("chronicle.announcer.disable") == null) {
            System.setProperty("chronicle.announcer.disable", "true");
        }
    }

    static final String LOCK_FILE_NAME = "store.lock";
    /** Threads that open partitions at start-up (see {@link #openTopics}). */
    private static final int OPEN_THREADS = Math.min(8, 2 * Runtime.getRuntime().availableProcessors());

    private final LogStoreOptions options;
    private @Nullable FileChannel lockChannel;
    private final Map<String, ChronicleTopicLog> topics = new ConcurrentSkipListMap<>();
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final PartitionEnvironment environment;
    private volatile boolean closed;

    private ChronicleLogStore(LogStoreOptions options) {
        this.options = options;
        this.environment = new PartitionEnvironment(options.clock(), options.flush(), this::notifyListeners,
                FreeSpace.of(options.dataDir(), options.minFreeSpaceBytes()));
    }

    /** Opens (creating if needed) the data directory and every topic in it. */
    public static ChronicleLogStore open(LogStoreOptions options) {
        try {
            Files.createDirectories(options.dataDir());
        } catch (IOException e) {
            throw new LogStorageException("Cannot create data directory " + options.dataDir() + ": " + e.getMessage(), e);
        }
        ChronicleLogStore store = new ChronicleLogStore(options);
        try {
            store.lockDataDirectory();
            store.loadTopics();
        } catch (IOException e) {
            store.close();
            throw new LogStorageException("Cannot open data directory " + options.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * One store per data directory, in this JVM or any other: at open each partition releases a
     * Chronicle write lock held under our own process id, which is only safe if nobody else writes.
     */
    private void lockDataDirectory() throws IOException {
        FileChannel channel = FileChannel.open(options.dataDir().resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                throw new LogStorageException("Data directory " + options.dataDir() + " is in use by another process");
            }
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new LogStorageException("Data directory " + options.dataDir() + " is already open in this process", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        lockChannel = channel;
    }

    private void loadTopics() throws IOException {
        List<Path> topicDirs = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(options.dataDir(), Files::isDirectory)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!TopicNames.isValid(name)) {
                    log.warn("Ignoring folder {} in the data directory: not a topic name", dir);
                } else if (!TopicMetadata.exists(dir)) {
                    log.warn("Removing {}: a topic folder without {} (unfinished create or delete)", dir, TopicMetadata.FILE_NAME);
                    deleteRecursively(dir);
                } else {
                    topicDirs.add(dir);
                }
            }
        }
        long started = System.nanoTime();
        if (!topicDirs.isEmpty()) {
            openTopics(topicDirs);
        }
        log.info("Opened {} topic(s) in {} in {} ms", topics.size(), options.dataDir(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Opens the topics' partitions on a few threads, so that a restart with thousands of partitions uses every
     * core: opening one builds a Chronicle queue, maps and reads its files (system calls, and waits for the disk
     * when they are not cached) and recovers its tail. Every partition has finished opening (or failing) when this
     * returns or throws.
     */
    private void openTopics(List<Path> topicDirs) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(OPEN_THREADS, task -> {
            Thread thread = new Thread(task, "log-open-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<ChronicleTopicLog>> opening = new ArrayList<>();
            for (Path dir : topicDirs) {
                opening.add(ChronicleTopicLog.open(dir.getFileName().toString(), dir, environment, executor));
            }
            RuntimeException failure = null;
            for (CompletableFuture<ChronicleTopicLog> topic : opening) {
                try {
                    ChronicleTopicLog opened = topic.join();
                    topics.put(opened.name(), opened);
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure; // open() closes the topics that did open
            }
        } finally {
            executor.shutdown();
        }
    }

    @Override
    public synchronized TopicLog createTopic(String name, int partitions, TopicConfig config) {
        ensureOpen();
        TopicNames.requireValid(name);
        if (topics.containsKey(name)) {
            throw new TopicAlreadyExistsException("Topic " + name + " already exists.");
        }
        Path dir = options.dataDir().resolve(name);
        if (Files.exists(dir)) {
            // Left over by a crash during create or delete (it has no topic.properties, or it would be loaded).
            deleteRecursively(dir);
        }
        ChronicleTopicLog topic;
        try {
            Files.createDirectories(dir);
            topic = ChronicleTopicLog.create(name, dir, partitions, config, environment);
        } catch (IOException e) {
            throw new LogStorageException("Cannot create " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
        TopicMetadata.syncDirectory(options.dataDir());
        topics.put(name, topic);
        log.info("Created topic {} with {} partition(s), {}", name, partitions, config.asMap());
        return topic;
    }

    @Override
    public Optional<TopicLog> topic(String name) {
        ensureOpen();
        return Optional.ofNullable(topics.get(name));
    }

    @Override
    public List<TopicLog> topics() {
        ensureOpen();
        return List.copyOf(topics.values());
    }

    @Override
    public synchronized void deleteTopic(String name) {
        ensureOpen();
        ChronicleTopicLog topic = topics.remove(name);
        if (topic == null) {
            throw new TopicNotFoundException("Topic " + name + " not found.");
        }
        topic.close();
        Path dir = options.dataDir().resolve(name);
        try {
            // The metadata first: should we crash half-way, open() sees an unfinished folder, not a topic.
            Files.deleteIfExists(TopicMetadata.file(dir));
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete " + TopicMetadata.file(dir) + ": " + e.getMessage(), e);
        }
        deleteRecursively(dir);
        log.info("Deleted topic {}", name);
    }

    @Override
    public RetentionReport enforceRetention() {
        RetentionReport report = RetentionReport.NOTHING;
        for (ChronicleTopicLog topic : topics.values()) {
            try {
                report = report.plus(topic.enforceRetention());
            } catch (LogClosedException | TopicNotFoundException e) {
                // deleted while we ran
            } catch (LogException e) {
                log.warn("Retention failed for topic {}: {}", topic.name(), e.getMessage());
            }
        }
        return report;
    }

    @Override
    public void addAppendListener(AppendListener listener) {
        listeners.add(listener);
    }

    private void notifyListeners(String topic, int partition, long endOffset) {
        for (AppendListener listener : listeners) {
            try {
                listener.appended(topic, partition, endOffset);
            } catch (RuntimeException e) {
                log.warn("Append listener {} failed for {}-{}: {}", listener, topic, partition, e.toString(), e);
            }
        }
    }

    @Override
    public Map<String, List<PartitionStats>> stats() {
        Map<String, List<PartitionStats>> stats = new LinkedHashMap<>();
        for (ChronicleTopicLog topic : topics.values()) {
            stats.put(topic.name(), topic.stats());
        }
        return stats;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChronicleTopicLog> open = new ArrayList<>(topics.values());
        topics.clear();
        for (ChronicleTopicLog topic : open) {
            try {
                topic.close();
            } catch (RuntimeException e) {
                log.warn("Closing topic {} failed: {}", topic.name(), e.toString());
            }
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                log.warn("Releasing {} failed: {}", LOCK_FILE_NAME, e.toString());
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogClosedException("The log store is closed");
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new LogStorageException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
