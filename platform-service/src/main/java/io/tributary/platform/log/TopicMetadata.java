package io.tributary.platform.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A topic's partition count and config, kept in {@code <topic>/topic.properties}.
 *
 * <pre>
 * partitions=3
 * retention.ms=604800000
 * retention.bytes=-1
 * max.message.bytes=1048576
 * roll.cycle=hourly
 * </pre>
 *
 * Written atomically (temp file, fsync, atomic rename, fsync of the folder), so a crash leaves either
 * the old or the new file, never a torn one.
 */
record TopicMetadata(int partitions, TopicConfig config) {

    static final String FILE_NAME = "topic.properties";
    private static final String PARTITIONS = "partitions";

    static Path file(Path topicDir) {
        return topicDir.resolve(FILE_NAME);
    }

    static boolean exists(Path topicDir) {
        return Files.isRegularFile(file(topicDir));
    }

    static TopicMetadata read(Path topicDir) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file(topicDir))) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new TopicNotFoundException("Topic folder " + topicDir + " has no " + FILE_NAME, e);
        } catch (IOException e) {
            throw new LogStorageException("Cannot read " + file(topicDir) + ": " + e.getMessage(), e);
        }
        Map<String, String> entries = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name));
        }
        String partitions = entries.remove(PARTITIONS);
        if (partitions == null) {
            throw new InvalidTopicConfigException(file(topicDir) + " has no '" + PARTITIONS + "' entry");
        }
        int count;
        try {
            count = Integer.parseInt(partitions.trim());
        } catch (NumberFormatException e) {
            throw new InvalidTopicConfigException(file(topicDir) + ": partitions must be a number, was '" + partitions + "'");
        }
        return new TopicMetadata(count, TopicConfig.DEFAULTS.with(entries));
    }

    void write(Path topicDir) {
        Properties properties = new Properties();
        properties.setProperty(PARTITIONS, Integer.toString(partitions));
        config.asMap().forEach(properties::setProperty);
        Path target = file(topicDir);
        Path temp = topicDir.resolve(FILE_NAME + ".tmp");
        try {
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                properties.store(out, "Tributary topic metadata; written by the storage engine");
                out.getFD().sync();
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(topicDir);
        } catch (IOException e) {
            throw new LogStorageException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder, which we tolerate. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // e.g. Windows cannot open a directory; the rename is still atomic there
        }
    }
}
