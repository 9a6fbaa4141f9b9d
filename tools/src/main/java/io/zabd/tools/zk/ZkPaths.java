package io.zabd.tools.zk;

/** Path helpers in zabd's convention: the root is {@code "/"}, every other path has no trailing slash. */
final class ZkPaths {
    private ZkPaths() {}

    /** Parent of a non-root path ({@code "/a" -> "/"}, {@code "/a/b" -> "/a"}). */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.equals("/")) {
            throw new IllegalArgumentException("no parent: " + path);
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** ZooKeeper's on-disk spelling of a path: the root is {@code ""}. */
    static String toZk(String path) {
        return path.equals("/") ? "" : path;
    }
}
