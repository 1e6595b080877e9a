package io.tributary.platform.consume;

import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why recently removed consumer instances are gone (deleted, expired after so many ms idle), so that the next
 * request of a client that missed it gets a 404 that says what happened and what to do, not just "not found".
 * Remembers the last {@value #MAX_REMEMBERED} removals. Thread-safe.
 */
final class DepartedInstances {

    private static final int MAX_REMEMBERED = 10_000;

    private final OffsetStore offsets;
    private final Instant started;
    private final Map<String, String> why = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** @param started when the platform started: instances live in memory, so a restart forgets them all */
    DepartedInstances(OffsetStore offsets, Instant started) {
        this.offsets = offsets;
        this.started = started;
    }

    synchronized void remember(String group, String name, String reason) {
        why.put(key(group, name), reason);
    }

    /** A new instance of the same name is not gone any more. */
    synchronized void forget(String group, String name) {
        why.remove(key(group, name));
    }

    /** The 404 (40403) for an instance that is not live, saying why when known. */
    ApiException notFound(String group, String name) {
        String reason;
        synchronized (this) {
            reason = why.get(key(group, name));
        }
        if (reason != null) {
            return new ApiException(ErrorCode.CONSUMER_INSTANCE_NOT_FOUND, "Consumer instance " + name + " of group " + group
                    + " " + reason + "; create a new instance, it resumes from the group's committed offsets");
        }
        if (!offsets.committed(group).isEmpty()) {
            return new ApiException(ErrorCode.CONSUMER_INSTANCE_NOT_FOUND, "Consumer instance " + name + " of group " + group
                    + " is unknown since the platform restarted at " + started
                    + " (instances live in memory); create a new instance, it resumes from the group's committed offsets");
        }
        return new ApiException(ErrorCode.CONSUMER_INSTANCE_NOT_FOUND, "Consumer instance " + name + " not found in group " + group);
    }

    private static String key(String group, String name) {
        return group + '\u0000' + name;
    }
}
