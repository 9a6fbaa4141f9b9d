package io.zabd.bench.load;

/** Makes the systems under test by name. */
public final class Systems {
    public static final String ZOOKEEPER = ZooKeeperSystem.NAME;
    public static final String ZABD = ZabdSystem.NAME;

    private final ServerLaunch launch;
    private final ChildProcesses children;

    public Systems(ServerLaunch launch, ChildProcesses children) {
        this.launch = launch;
        this.children = children;
    }

    /** A new, not yet started, system. */
    public SystemUnderTest create(String name, Topology topology) {
        switch (name) {
            case ZooKeeperSystem.NAME:
                return new ZooKeeperSystem(topology, launch, children);
            case ZabdSystem.NAME:
                return new ZabdSystem(topology, launch, children);
            default:
                throw new IllegalArgumentException("unknown system '" + name + "' (zookeeper, zabd)");
        }
    }
}
