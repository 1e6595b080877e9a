package io.tributary.outbox;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Outbox rows that committed, by shard (see {@link OutboxShard}), and where known each row's {@code position}: what
 * an {@link OutboxNotifier} notification names. The shards let only their owners wake; the positions let an owner
 * whose last claim already took those rows skip the wake-up instead of running a claim that finds nothing (a
 * notification travels a few ms, so at 1,000 commits/s many arrive after the claim that took their row).
 *
 * <p>Not thread-safe.
 */
public final class CommittedRows {

    private static final long[] NONE = new long[0];

    /** Per shard the positions of its rows, in the order added. */
    private final Map<Integer, long[]> positions = new TreeMap<>();
    /** Shards with a row whose position is not known: their owners always wake. */
    private final BitSet withoutPositions = new BitSet();

    /** A committed row of {@code shard} at {@code position} (the column the outbox trigger assigned). */
    public CommittedRows add(int shard, long position) {
        long[] known = positions.getOrDefault(shard, NONE);
        long[] more = Arrays.copyOf(known, known.length + 1);
        more[known.length] = position;
        positions.put(shard, more);
        return this;
    }

    /** A committed row of {@code shard} whose position is not known. */
    public CommittedRows add(int shard) {
        positions.putIfAbsent(shard, NONE);
        withoutPositions.set(shard);
        return this;
    }

    /** Adds the rows of {@code other}. */
    public CommittedRows addAll(CommittedRows other) {
        other.positions.forEach((shard, more) -> {
            for (long position : more) {
                add(shard, position);
            }
        });
        for (int shard = other.withoutPositions.nextSetBit(0); shard >= 0; shard = other.withoutPositions.nextSetBit(shard + 1)) {
            add(shard);
        }
        return this;
    }

    /** A copy with only the rows of these shards. */
    CommittedRows ofShards(BitSet shards) {
        CommittedRows some = new CommittedRows();
        positions.forEach((shard, known) -> {
            if (shards.get(shard)) {
                some.positions.put(shard, known); // never changed in place: add() copies
                if (withoutPositions.get(shard)) {
                    some.withoutPositions.set(shard);
                }
            }
        });
        return some;
    }

    public boolean isEmpty() {
        return positions.isEmpty();
    }

    /** The shards with committed rows. */
    public BitSet shards() {
        BitSet shards = new BitSet();
        positions.keySet().forEach(shards::set);
        return shards;
    }

    /** The positions of the shard's rows, or null if the position of one of them is not known. */
    long @Nullable [] positions(int shard) {
        return withoutPositions.get(shard) ? null : positions.getOrDefault(shard, NONE);
    }

    /**
     * As a notification's payload for relays with {@code shardCount} shards: {@code "<count>:<shard>.<position>...,..."},
     * e.g. {@code "8:3.1201.1207,5.1202"} ({@code "3"} alone: a row of shard 3 whose position is not known). Without
     * positions if that is over {@code maxLength}; "" (every shard) if even that is.
     */
    String payload(int shardCount, int maxLength) {
        String withPositions = payload(shardCount, true);
        if (withPositions.length() <= maxLength) {
            return withPositions;
        }
        String shardsOnly = payload(shardCount, false);
        return shardsOnly.length() <= maxLength ? shardsOnly : "";
    }

    private String payload(int shardCount, boolean withPositions) {
        StringBuilder payload = new StringBuilder().append(shardCount).append(':');
        positions.forEach((shard, known) -> {
            payload.append(shard);
            if (withPositions && !withoutPositions.get(shard)) {
                for (long position : known) {
                    payload.append('.').append(position);
                }
            }
            payload.append(',');
        });
        payload.setLength(payload.length() - 1);
        return payload.toString();
    }

    /**
     * The rows a notification names, for relays with {@code shardCount} shards; null (every shard) for a payload
     * without shards, of another shard count, naming a shard out of range, or not understood.
     */
    static @Nullable CommittedRows parse(@Nullable String payload, int shardCount) {
        if (payload == null) {
            return null;
        }
        int colon = payload.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            if (Integer.parseInt(payload.substring(0, colon)) != shardCount) {
                return null;
            }
            CommittedRows rows = new CommittedRows();
            for (String named : payload.substring(colon + 1).split(",")) {
                String[] parts = named.trim().split("\\.");
                int shard = Integer.parseInt(parts[0]);
                if (shard < 0 || shard >= shardCount) {
                    return null;
                }
                if (parts.length == 1) {
                    rows.add(shard);
                }
                for (int i = 1; i < parts.length; i++) {
                    rows.add(shard, Long.parseLong(parts[i]));
                }
            }
            return rows;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof CommittedRows rows && rows.withoutPositions.equals(withoutPositions)
                && rows.positions.keySet().equals(positions.keySet())
                && positions.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), rows.positions.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return positions.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "CommittedRows[" + (isEmpty() ? "" : payload(0, true)) + "]";
    }
}
