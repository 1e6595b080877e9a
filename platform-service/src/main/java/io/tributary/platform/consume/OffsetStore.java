package io.tributary.platform.consume;

import io.tributary.platform.log.FlushPolicy;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer groups' committed offsets, durable across crashes and never touched by retention.
 *
 * <p>On disk: one append-only file of commit records (the platform uses {@code <data-dir>/@consumer-offsets.log}:
 * '@' is not allowed in topic names, so the storage engine never takes it for a topic folder)
 * <pre>
 * +-----------------+----------------+--------------------------------------------------------------+
 * | int32 length N  | int32 crc32c   | payload (N bytes)                                            |
 * +-----------------+----------------+--------------------------------------------------------------+
 * payload: byte version=1 | int64 commit time ms | utf group | int32 count
 *          | count x (utf topic | int32 partition | int64 offset)        (utf = uint16 length + UTF-8)
 * </pre>
 * A commit is one record, so a commit of several partitions is all or nothing. {@link #commit} writes
 * the record before it returns, so an acknowledged commit survives kill -9 (the kernel owns the written
 * pages); with {@link FlushPolicy#ALWAYS} it also forces it to the device ({@code FileChannel.force}) and
 * survives power loss. The policy is the one the records follow ({@code tributary.platform.flush}): a
 * committed offset forced to disk while the records it points past were not could, after a power loss,
 * point beyond the end of the log. On open the file is read front to back; the first record
 * that is short or fails its checksum (a write torn by a crash) ends the log and is cut off. The file
 * is then compacted: a snapshot with one record per group is written to a temporary file, forced,
 * and atomically renamed over the log (likewise at runtime once the log outgrows
 * {@code compactBytes}).
 *
 * <p>Thread-safe: reads are lock-free; appends are serialised; concurrent commits share fsyncs (group commit).
 * Lock order: {@code syncLock}, then the store's monitor.
 */
final class OffsetStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);
    private static final byte VERSION = 1;
    private static final int HEADER_BYTES = 8;
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final Path dir;
    private final Path file;
    private final long compactBytes;
    private final FlushPolicy flush;
    private final Map<String, Map<TopicPartition, Long>> offsets = new ConcurrentHashMap<>();
    private FileChannel channel;
    private long sizeAfterCompaction;
    /** Records appended (guarded by this) and records known forced to disk (guarded by syncLock). */
    private long appended;
    private long synced;
    /** Forces of the log by commits (guarded by syncLock); tests check the flush policy with it. */
    private long commitForces;
    private final Object syncLock = new Object();

    private OffsetStore(Path file, long compactBytes, FlushPolicy flush) throws IOException {
        this.file = file.toAbsolutePath();
        this.dir = this.file.getParent();
        this.compactBytes = compactBytes;
        this.flush = flush;
        Files.createDirectories(dir);
        load();
        compact();
    }

    /**
     * Opens (creating if needed) the store in {@code file}, compacting it once it exceeds {@code compactBytes};
     * commits are forced to the device before they return when {@code flush} is {@link FlushPolicy#ALWAYS}.
     */
    static OffsetStore open(Path file, long compactBytes, FlushPolicy flush) {
        try {
            return new OffsetStore(file, compactBytes, flush);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open committed offsets in " + file, e);
        }
    }

    /** The group's committed offset for the partition: the offset of the next record to consume. */
    OptionalLong committed(String group, TopicPartition tp) {
        Map<TopicPartition, Long> byPartition = offsets.get(group);
        Long offset = byPartition == null ? null : byPartition.get(tp);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    /** All committed offsets of the group, sorted. */
    SortedMap<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, Long> byPartition = offsets.get(group);
        return byPartition == null ? new TreeMap<>() : new TreeMap<>(byPartition);
    }

    /** Groups that have committed offsets. */
    Set<String> groups() {
        return new TreeSet<>(offsets.keySet());
    }

    /**
     * Durably records the offsets (see the class comment for how durably); all or nothing.
     *
     * <p>Group commit (with {@link FlushPolicy#ALWAYS}): the record is appended under the store's monitor and is visible to readers from
     * then on; then one caller at a time forces the file, covering every record appended so far, so
     * concurrent commits share one fsync. A record visible but lost in a crash before its fsync was
     * never acknowledged: the group then re-reads from the previous offset (at least once, never lost).
     */
    void commit(String group, Map<TopicPartition, Long> newOffsets) {
        if (newOffsets.isEmpty()) {
            return;
        }
        byte[] record = encode(group, System.currentTimeMillis(), newOffsets);
        long mine;
        synchronized (this) {
            long before = position();
            try {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                truncateQuietly(before);
                throw new UncheckedIOException("Cannot persist committed offsets of group " + group, e);
            }
            offsets.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).putAll(newOffsets);
            mine = ++appended;
        }
        synchronized (syncLock) {
            if (flush == FlushPolicy.NEVER) {
                compactIfLarge();
                return;
            }
            if (synced >= mine) {
                return; // another caller's fsync covered this record
            }
            long upTo;
            FileChannel current;
            synchronized (this) {
                upTo = appended;
                current = channel;
            }
            try {
                current.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot force committed offsets of group " + group + " to disk", e);
            }
            commitForces++;
            synced = upTo;
            compactIfLarge();
        }
    }

    /** Caller holds {@link #syncLock}; everything appended is durable afterwards if it compacts. */
    private void compactIfLarge() {
        synchronized (this) {
            long size = position();
            if (size <= compactBytes || size <= 2 * sizeAfterCompaction) {
                return;
            }
            try {
                compact();
                synced = appended;
            } catch (IOException e) {
                // The commits themselves are durable; compaction is retried after the next commit.
                log.warn("Compacting {} failed: {}", file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (syncLock) {
            synchronized (this) {
                try {
                    if (channel != null && channel.isOpen()) {
                        channel.force(false);
                        channel.close();
                    }
                } catch (IOException e) {
                    log.warn("Closing {} failed: {}", file, e.toString());
                }
            }
        }
    }

    /** How many times commits forced the log to the device. */
    long commitForces() {
        synchronized (syncLock) {
            return commitForces;
        }
    }

    /** Bytes of the log file, for tests and metrics. */
    synchronized long sizeInBytes() {
        return position();
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = in.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            while (pos < size) {
                header.clear();
                if (readFully(in, header, pos) < HEADER_BYTES) {
                    break;
                }
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length <= 0 || length > MAX_RECORD_BYTES || pos + HEADER_BYTES + length > size) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(in, payload, pos + HEADER_BYTES);
                payload.flip();
                if (crc32c(payload.array()) != crc || !apply(payload)) {
                    break;
                }
                pos += HEADER_BYTES + length;
            }
            if (pos < size) {
                log.warn("Ignored {} bytes at the end of {} (a commit torn by a crash, never acknowledged)", size - pos, file);
                in.truncate(pos);
                in.force(true);
            }
        }
    }

    private boolean apply(ByteBuffer payload) {
        try {
            if (payload.get() != VERSION) {
                return false;
            }
            payload.getLong();
            String group = readUtf(payload);
            int count = payload.getInt();
            Map<TopicPartition, Long> entries = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String topic = readUtf(payload);
                int partition = payload.getInt();
                entries.put(new TopicPartition(topic, partition), payload.getLong());
            }
            offsets.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).putAll(entries);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void compact() throws IOException {
        Path tmp = dir.resolve(file.getFileName() + ".compacting");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long now = System.currentTimeMillis();
            for (String group : new TreeSet<>(offsets.keySet())) {
                Map<TopicPartition, Long> snapshot = committed(group);
                if (!snapshot.isEmpty()) {
                    ByteBuffer buffer = ByteBuffer.wrap(encode(group, now, snapshot));
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
            }
            out.force(true);
        }
        // Renamed over the live log while it is still open: if the rename fails, appends go on as before.
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
        FileChannel previous = channel;
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        sizeAfterCompaction = channel.size();
        if (previous != null) {
            previous.close();
        }
    }

    private void forceDirectory() {
        // Makes the rename durable; not supported on every platform (e.g. Windows), where it is best effort.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("Cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    private long position() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void truncateQuietly(long size) {
        try {
            channel.truncate(size);
        } catch (IOException e) {
            log.error("Cannot cut a failed commit off {}; it will be ignored on restart if torn", file, e);
        }
    }

    static byte[] encode(String group, long timeMs, Map<TopicPartition, Long> entries) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 32);
            DataOutputStream data = new DataOutputStream(bytes);
            data.writeInt(0);
            data.writeInt(0);
            data.writeByte(VERSION);
            data.writeLong(timeMs);
            writeUtf(data, group);
            data.writeInt(entries.size());
            for (Map.Entry<TopicPartition, Long> entry : entries.entrySet()) {
                writeUtf(data, entry.getKey().topic());
                data.writeInt(entry.getKey().partition());
                data.writeLong(entry.getValue());
            }
            byte[] record = bytes.toByteArray();
            int length = record.length - HEADER_BYTES;
            CRC32C crc = new CRC32C();
            crc.update(record, HEADER_BYTES, length);
            ByteBuffer.wrap(record).putInt(length).putInt((int) crc.getValue());
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeUtf(DataOutputStream data, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("Name too long: " + s.length() + " characters");
        }
        data.writeShort(utf8.length);
        data.write(utf8);
    }

    private static String readUtf(ByteBuffer buffer) {
        int length = Short.toUnsignedInt(buffer.getShort());
        byte[] utf8 = new byte[length];
        buffer.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    private static int readFully(FileChannel in, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
