package io.zabd.engine.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The file-system side of checkpoints: {@code <dir>/checkpoints/<zxid as 16 lower-case hex digits>},
 * so that names sort like zxids. Lists, prunes to a retain count, removes leftovers of interrupted
 * checkpoint creation (RocksDB builds a checkpoint in {@code <name>.tmp} and renames it).
 */
final class CheckpointDirectory {
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}");

    private final Path root;

    CheckpointDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    static String name(long zxid) {
        return String.format("%016x", zxid);
    }

    Path pathOf(long zxid) {
        return root.resolve(name(zxid));
    }

    /** Retained checkpoints, oldest first. */
    List<StoredCheckpoint> list() throws IOException {
        List<StoredCheckpoint> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (NAME.matcher(n).matches() && Files.isDirectory(p)) {
                    out.add(new StoredCheckpoint(Long.parseUnsignedLong(n, 16), p));
                }
            }
        }
        out.sort(Comparator.comparing(StoredCheckpoint::zxid, Long::compareUnsigned));
        return out;
    }

    /** Deletes the oldest checkpoints until at most {@code retainCount} remain. */
    void prune(int retainCount) throws IOException {
        List<StoredCheckpoint> all = list();
        for (int i = 0; i < all.size() - retainCount; i++) {
            deleteTree(all.get(i).path());
        }
        if (all.size() > retainCount) {
            fsyncDirectory(root);
        }
    }

    /** Removes {@code *.tmp} directories left by a checkpoint interrupted by a crash. */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.tmp")) {
            for (Path p : entries) {
                deleteTree(p);
            }
        }
    }

    static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Makes a directory's entries (created, renamed, deleted files) durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
