package io.zabd.engine.tree;

/**
 * A watch event a change caused: ZooKeeper's EventType and the path it fires on. The server
 * delivers it to data/exist watches ({@link #NODE_CREATED}, {@link #NODE_DELETED},
 * {@link #NODE_DATA_CHANGED}) or child watches ({@link #NODE_CHILDREN_CHANGED}, and
 * {@link #NODE_DELETED} also fires the child watches of the deleted path, as ZooKeeper does).
 */
public record WatchTrigger(int eventType, String path) {
    public static final int NODE_CREATED = 1;
    public static final int NODE_DELETED = 2;
    public static final int NODE_DATA_CHANGED = 3;
    public static final int NODE_CHILDREN_CHANGED = 4;
}
