package io.zabd.bench.load;

/** How many servers a system under test runs, all on 127.0.0.1. */
public enum Topology {
    STANDALONE("standalone", 1),
    ENSEMBLE3("ensemble3", 3);

    private final String cliName;
    private final int members;

    Topology(String cliName, int members) {
        this.cliName = cliName;
        this.members = members;
    }

    public String cliName() {
        return cliName;
    }

    public int members() {
        return members;
    }

    public static Topology parse(String name) {
        for (Topology t : values()) {
            if (t.cliName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topology '" + name + "' (standalone, ensemble3)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
