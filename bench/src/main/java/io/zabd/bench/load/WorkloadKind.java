package io.zabd.bench.load;

/** The operations a load run issues. */
public enum WorkloadKind {
    /** create of a small node, at a unique or sequential path under a per-run parent. */
    CREATE("create"),
    /** setData of the node's own payload over a pre-created set of nodes. */
    SET_DATA("setData"),
    /** getData over the pre-created set, checking the bytes read back. */
    GET_DATA("getData"),
    /** getData and setData over the pre-created set, with a configurable read share. */
    MIXED("mixed");

    private final String cliName;

    WorkloadKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in tables. */
    public String cliName() {
        return cliName;
    }

    /** Whether the workload works over the pre-created node set (and needs it created first). */
    public boolean usesNodeSet() {
        return this != CREATE;
    }

    public static WorkloadKind parse(String name) {
        for (WorkloadKind kind : values()) {
            if (kind.cliName.equalsIgnoreCase(name) || kind.name().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "' (create, setData, getData, mixed)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
