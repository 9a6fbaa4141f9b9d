package io.zabd.bench.pipeline;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The queue that carries work between pipeline stages: Agrona's {@link ManyToOneConcurrentArrayQueue}
 * (I/O threads to the state machine, {@code PipelineSink}; state machine to the log writer,
 * {@code GroupCommitLog}). {@code single}: offer then poll on one thread (the uncontended cost of
 * one hand-over). {@code crossThread}: one producer and one consumer thread, the consumer taking
 * what is there in batches with {@code drain} as the log writer does; scores are per item on each
 * side. Capacity as the pipeline's default inbound queue. The items are preallocated, so bytes/op
 * is the queue's own (none); the pipeline's per-request envelope is measured by the decode path.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class HandOffBenchmark {
    private static final int CAPACITY = 16 * 1024;
    private static final Object ITEM = new Object();

    private final ManyToOneConcurrentArrayQueue<Object> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private final ManyToOneConcurrentArrayQueue<Object> local = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
    private int drained;

    @Benchmark
    @Group("single")
    @GroupThreads(1)
    public Object offerPoll() {
        local.offer(ITEM);
        return local.poll();
    }

    @Benchmark
    @Group("crossThread")
    @GroupThreads(1)
    public boolean produce() {
        return queue.offer(ITEM);
    }

    @Benchmark
    @Group("crossThread")
    @GroupThreads(1)
    public int consume() {
        return queue.drain(item -> drained++);
    }
}
