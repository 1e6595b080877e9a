package io.tributary.benchmarks.relay;

import io.tributary.benchmarks.services.PostgresDatabase;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the relay costs while it runs: its CPU (and its JIT's), its PostgreSQL backends', its claims and requests. */
final class RelayAccounting {

    private RelayAccounting() {
    }

    /** The PostgreSQL server processes of the relay's connections to the database. */
    static List<Long> relayBackends(PostgresDatabase database) {
        List<Long> pids = new ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tributary-outbox-relay'");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /**
     * Claim queries so far (scans of the relay's claim index, empty claims included) and batches claimed (inserts
     * into {@code outbox_relay_batch}: one produce request each), from PostgreSQL's statistics.
     */
    static long[] relayCounts(PostgresDatabase database) {
        try (Connection connection = database.connect();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT (SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes
                                 WHERE relname = 'outbox' AND indexrelname LIKE 'outbox_unsent_by_shard%'),
                               (SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname = 'outbox_relay_batch')""");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of the processes so far (0 for those that ended or cannot be read). */
    static double cpuSeconds(List<Long> pids) {
        double seconds = 0;
        for (long pid : pids) {
            seconds += ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(0.0);
        }
        return seconds;
    }

    /**
     * CPU clock ticks (10 ms) so far of each of the process's JIT compiler threads ({@code C1/C2 CompilerThread*} in
     * {@code /proc/<pid>/task/<tid>/stat}), by thread id; empty where /proc cannot be read.
     */
    static Map<String, Long> compilerTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            // no /proc: no figure
        }
        return ticks;
    }

    /** Seconds the compiler threads ran since {@code before} (those that ended meanwhile are not counted). */
    static double compilerSecondsSince(long pid, Map<String, Long> before) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : compilerTicks(pid).entrySet()) {
            ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return ticks / 100.0;
    }
}
