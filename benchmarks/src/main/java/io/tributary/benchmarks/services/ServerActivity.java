package io.tributary.benchmarks.services;

import java.util.Locale;

/**
 * What the local PostgreSQL server as a whole has done: WAL written and checkpoints started, as counters to subtract
 * ({@link #since}). A phase's figures are read beside them because the server's checkpoints are a suspect for the
 * saga's spread between repetitions (benchmarks/findings.md): after a checkpoint starts, the first change to each
 * page writes the whole page into the WAL, so the same transactions write and sync more.
 *
 * @param walBytes    bytes of WAL from the server's first position ({@code pg_current_wal_lsn()})
 * @param checkpoints checkpoints started, timed or requested (by WAL volume, or by CREATE/DROP DATABASE)
 */
public record ServerActivity(long walBytes, long checkpoints) {

    /** The counters now; both are 0 when the server cannot be asked (the figures then say nothing, and say so). */
    public static ServerActivity now() {
        return PostgresDatabase.serverActivity();
    }

    public ServerActivity since(ServerActivity earlier) {
        return new ServerActivity(walBytes - earlier.walBytes, checkpoints - earlier.checkpoints);
    }

    /** WAL per unit of work, in KiB, e.g. per order placed in the phase. */
    public double walKibPer(long units) {
        return units <= 0 ? 0 : walBytes / 1024.0 / units;
    }

    /** E.g. "WAL 120.3 MB (5.1 KiB per order), 1 checkpoint started". */
    public String describe(long units, String unit) {
        return String.format(Locale.ROOT, "WAL %,.1f MB (%.1f KiB per %s), %d checkpoint%s started", walBytes / 1e6, walKibPer(units), unit,
                checkpoints, checkpoints == 1 ? "" : "s");
    }
}
