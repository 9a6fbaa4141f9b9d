package io.zabd.bench.load;

import java.util.List;

/** Servers the driver did not start ({@code run --connect}); CPU is read for the pids given, if any. */
final class ExternalSystem implements SystemUnderTest {
    private final String connectString;
    private final List<Long> pids;

    ExternalSystem(String connectString, List<Long> pids) {
        this.connectString = connectString;
        this.pids = List.copyOf(pids);
    }

    @Override
    public String name() {
        return "external";
    }

    @Override
    public Topology topology() {
        return ZkLoadClient.servers(connectString).size() > 1 ? Topology.ENSEMBLE3 : Topology.STANDALONE;
    }

    @Override
    public void start() {}

    @Override
    public String connectString() {
        return connectString;
    }

    @Override
    public List<Long> pids() {
        return pids;
    }

    @Override
    public void stop() {}
}
