package io.zabd.bench.snapshot;

import io.zabd.engine.snapshot.SnapshotDelta;
import io.zabd.engine.snapshot.SnapshotStore;
import io.zabd.engine.snapshot.SnapshotStoreConfig;
import io.zabd.engine.snapshot.SnapshotStoreException;
import io.zabd.engine.tree.NodeImage;
import io.zabd.engine.txn.Zxid;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of a snapshot against the size of the tree: (a) a full snapshot of a tree of
 * {@code nodeCount} nodes, (b) an incremental snapshot where {@code changedFraction} of the nodes
 * changed. The acceptance: (b) at 1% costs at most 1/20 of (a). Both write synced batches
 * to a real file system ({@code dir}, default the JVM's temporary directory; the file-system type
 * is printed at setup: it must not be tmpfs). Tree generation, store preload and memtable flushes
 * happen in setup, outside the measurement.
 *
 * <pre>java -jar bench/target/benchmarks.jar Snapshot -f 1 -wi 1 -i 3</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// forks start with -cp, so the jar manifest's Add-Exports do not apply; Agrona needs this one
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx6g", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class SnapshotBenchmark {

    /** Common parameters and the store directory of one benchmark. */
    @State(Scope.Benchmark)
    public static class Tree {
        @Param("1000000")
        int nodeCount;

        @Param("0.01")
        double changedFraction;

        /** Parent directory for the store; empty for the JVM's temporary directory. */
        @Param("")
        String dir;

        List<NodeImage> nodes;
        Path storeDir;
        SnapshotStore store;
        long counter = 1_000_000_000L;

        @Setup(Level.Trial)
        public void generate() throws IOException {
            nodes = SnapshotTrees.tree(nodeCount, 42);
            Path parent = dir.isEmpty() ? null : Path.of(dir);
            storeDir = parent == null ? Files.createTempDirectory("zabd-snapshot-bench")
                    : Files.createTempDirectory(parent, "zabd-snapshot-bench");
            System.out.printf("%n[snapshot bench] %d nodes, store in %s (file system type %s)%n", nodes.size(), storeDir,
                    Files.getFileStore(storeDir).type());
            store = SnapshotStore.open(storeDir, SnapshotStoreConfig.defaults());
        }

        long nextZxid() {
            return Zxid.of(SnapshotTrees.EPOCH, ++counter);
        }

        @TearDown(Level.Trial)
        public void remove() throws IOException {
            store.close();
            deleteTree(storeDir);
        }
    }

    /** A fresh full delta per iteration; the previous iteration's memtables flushed first. */
    @State(Scope.Benchmark)
    public static class FullSnapshot {
        SnapshotDelta delta;

        @Setup(Level.Iteration)
        public void prepare(Tree tree) throws SnapshotStoreException {
            tree.store.flush();
            delta = SnapshotTrees.full(tree.nodes, tree.nextZxid());
        }
    }

    /** A store preloaded with the full tree; per iteration a delta of changedFraction of the nodes. */
    @State(Scope.Benchmark)
    public static class DeltaSnapshot {
        final Random random = new Random(7);
        SnapshotDelta delta;

        @Setup(Level.Trial)
        public void preload(Tree tree) throws SnapshotStoreException {
            tree.store.write(SnapshotTrees.full(tree.nodes, tree.nextZxid()));
        }

        @Setup(Level.Iteration)
        public void prepare(Tree tree) throws SnapshotStoreException {
            tree.store.flush();
            int changes = (int) Math.round(tree.nodes.size() * tree.changedFraction);
            delta = SnapshotTrees.setData(tree.nodes, changes, tree.nextZxid(), random);
        }
    }

    @Benchmark
    public long fullSnapshot(Tree tree, FullSnapshot full) throws SnapshotStoreException {
        tree.store.write(full.delta);
        return tree.store.lastZxid();
    }

    @Benchmark
    public long deltaSnapshot(Tree tree, DeltaSnapshot delta) throws SnapshotStoreException {
        tree.store.write(delta.delta);
        return tree.store.lastZxid();
    }

    static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
