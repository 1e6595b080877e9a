package io.tributary.platform.log;

import java.util.regex.Pattern;

/**
 * Topic name rules, as Kafka's: 1 to 249 of {@code [a-zA-Z0-9._-]}, and neither "." nor "..". A name
 * that passes can be used as a directory name: it cannot escape the data directory.
 */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1," + MAX_LENGTH + "}");

    private TopicNames() {
    }

    public static boolean isValid(String name) {
        return name != null && LEGAL.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** @throws InvalidTopicConfigException with a message that says what is wrong */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new InvalidTopicConfigException("Invalid topic name '" + abbreviate(name)
                    + "': use 1 to " + MAX_LENGTH + " characters of [a-zA-Z0-9._-], not '.' or '..'");
        }
        return name;
    }

    private static String abbreviate(String name) {
        if (name == null) {
            return "";
        }
        return name.length() > 60 ? name.substring(0, 60) + "..." : name;
    }
}
