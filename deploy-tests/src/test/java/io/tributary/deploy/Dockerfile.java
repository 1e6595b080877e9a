package io.tributary.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A Dockerfile read into its instructions (continuation lines joined, comments dropped), with the handful of
 * questions the checks ask: stages and their base images, ENV, EXPOSE, USER, HEALTHCHECK and ENTRYPOINT (exec form).
 */
final class Dockerfile {

    /** One instruction: upper-case keyword and its arguments as written. */
    record Instruction(String keyword, String arguments) {
    }

    /** A build stage: its base image and, if named, its name. */
    record Stage(String image, String name) {
    }

    private static final Pattern FROM = Pattern.compile("(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern TEMURIN = Pattern.compile("eclipse-temurin:(\\d+)[.\\d]*-(jdk|jre)\\b.*");

    private final List<Instruction> instructions;

    private Dockerfile(List<Instruction> instructions) {
        this.instructions = instructions;
    }

    static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String joined = current.toString().strip();
            current.setLength(0);
            if (!joined.isEmpty()) {
                String[] parts = joined.split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1].strip() : ""));
            }
        }
        return new Dockerfile(instructions);
    }

    List<Instruction> instructions() {
        return instructions;
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Stage> stages() {
        return all("FROM").stream().map(i -> {
            Matcher m = FROM.matcher(i.arguments());
            if (!m.matches()) {
                throw new AssertionError("unreadable FROM " + i.arguments());
            }
            return new Stage(m.group(1), m.group(2));
        }).toList();
    }

    /** Instructions of the last (runtime) stage. */
    List<Instruction> runtimeStage() {
        int lastFrom = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return instructions.subList(lastFrom, instructions.size());
    }

    /** Java feature release of an {@code eclipse-temurin:<n>-jdk|jre} image, and whether it is a JRE. */
    static Optional<int[]> temurin(String image) {
        Matcher m = TEMURIN.matcher(image);
        return m.matches()
                ? Optional.of(new int[] {Integer.parseInt(m.group(1)), m.group(2).equals("jre") ? 1 : 0})
                : Optional.empty();
    }

    /** ENV of the runtime stage (both {@code ENV A=b C=d} and {@code ENV A b}). */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : runtimeStage()) {
            if (!i.keyword().equals("ENV")) {
                continue;
            }
            if (!i.arguments().contains("=")) {
                String[] parts = i.arguments().split("\\s+", 2);
                env.put(parts[0], unquote(parts[1]));
                continue;
            }
            for (String assignment : i.arguments().split("\\s+(?=[A-Za-z_][A-Za-z0-9_]*=)")) {
                int eq = assignment.indexOf('=');
                env.put(assignment.substring(0, eq), unquote(assignment.substring(eq + 1).strip()));
            }
        }
        return env;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    List<Integer> exposedPorts() {
        return runtimeStage().stream().filter(i -> i.keyword().equals("EXPOSE"))
                .flatMap(i -> List.of(i.arguments().split("\\s+")).stream())
                .map(p -> Integer.parseInt(p.replace("/tcp", "")))
                .toList();
    }

    Optional<String> user() {
        List<Instruction> users = runtimeStage().stream().filter(i -> i.keyword().equals("USER")).toList();
        return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1).arguments());
    }

    List<String> volumes() {
        return runtimeStage().stream().filter(i -> i.keyword().equals("VOLUME"))
                .flatMap(i -> i.arguments().startsWith("[") ? execForm(i.arguments()).stream()
                        : List.of(i.arguments().split("\\s+")).stream())
                .toList();
    }

    /** The exec-form command of HEALTHCHECK (its options before {@code CMD} dropped). */
    List<String> healthcheck() {
        List<Instruction> checks = all("HEALTHCHECK");
        if (checks.size() != 1) {
            throw new AssertionError("expected one HEALTHCHECK, found " + checks.size());
        }
        String arguments = checks.get(0).arguments();
        int cmd = arguments.indexOf("CMD ");
        if (cmd < 0) {
            throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
        }
        return execForm(arguments.substring(cmd + 4).strip());
    }

    /** ENTRYPOINT in exec form (shell form would not pass signals to the JVM, so it is rejected). */
    List<String> entrypoint() {
        List<Instruction> entrypoints = all("ENTRYPOINT");
        if (entrypoints.size() != 1) {
            throw new AssertionError("expected one ENTRYPOINT, found " + entrypoints.size());
        }
        return execForm(entrypoints.get(0).arguments());
    }

    private static List<String> execForm(String json) {
        if (!json.startsWith("[")) {
            throw new AssertionError("not in exec form (a JSON array): " + json);
        }
        // A JSON array is a YAML flow sequence.
        List<?> items = new Yaml().load(json);
        return items.stream().map(String::valueOf).toList();
    }
}
