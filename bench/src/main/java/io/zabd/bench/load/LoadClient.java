package io.zabd.bench.load;

/**
 * Where a load run sends its requests: {@code sessions()} client sessions, each accepting asynchronous
 * requests. {@link ZkLoadClient} is the real one (the official ZooKeeper client); tests use fakes.
 */
public interface LoadClient extends AutoCloseable {

    /** Told once per request, on a client thread, when its result is known. */
    @FunctionalInterface
    interface Completion {
        /**
         * @param session the session the request went out on
         * @param intendedNs when the request was meant to be sent ({@link Pacer#nanoTime()} clock)
         * @param ok false for any non-OK result code or wrong data read back
         */
        void completed(int session, long intendedNs, boolean ok);
    }

    int sessions();

    /**
     * Sends one request asynchronously; never blocks on the server. {@code completion} is told exactly
     * once, also when the session fails.
     */
    void submit(int session, OpKind kind, int node, long intendedNs, Completion completion);

    @Override
    void close();
}
