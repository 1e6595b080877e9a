package io.tributary.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process from {@code /proc/<pid>/status}: VmRSS splits into anonymous memory (heap,
 * metaspace, thread stacks, direct buffers) and file-backed pages (code, and Chronicle's memory-mapped queue
 * files, which the kernel can drop and re-read at will). Values in MiB; zero when the process is gone.
 */
public record ProcessMemory(double rssMiB, double anonMiB, double fileMiB, double peakMiB) {

    public static ProcessMemory of(long pid) {
        long rss = 0;
        long anon = 0;
        long file = 0;
        long hwm = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("RssAnon:")) {
                    anon = kib(line);
                } else if (line.startsWith("RssFile:")) {
                    file = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
        } catch (IOException e) {
            return new ProcessMemory(0, 0, 0, 0);
        }
        return new ProcessMemory(rss / 1024.0, anon / 1024.0, file / 1024.0, hwm / 1024.0);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
