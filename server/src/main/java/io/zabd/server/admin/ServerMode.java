package io.zabd.server.admin;

/** The role a server plays, named as ZooKeeper prints it in {@code srvr} and {@code mntr}. */
public enum ServerMode {
    STANDALONE("standalone"),
    LEADER("leader"),
    FOLLOWER("follower"),
    OBSERVER("observer"),
    READ_ONLY("read-only");

    private final String zooKeeperName;

    ServerMode(String zooKeeperName) {
        this.zooKeeperName = zooKeeperName;
    }

    /** "standalone", "leader", "follower", "observer" or "read-only". */
    public String zooKeeperName() {
        return zooKeeperName;
    }

    public boolean isQuorum() {
        return this == LEADER || this == FOLLOWER || this == OBSERVER;
    }
}
