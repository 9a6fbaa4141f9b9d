package io.zabd.server.client.handler;

/**
 * ZooKeeper's node map holds the root under "/" and under "" (the parent name of top-level nodes), so
 * exists, getData, getChildren and getACL of "" answer the root. Watches stay on the path as given
 * (a watch on "" never fires there either: triggers name the root "/").
 */
final class RootAlias {
    private RootAlias() {}

    static String node(String path) {
        return path.isEmpty() ? "/" : path;
    }
}
