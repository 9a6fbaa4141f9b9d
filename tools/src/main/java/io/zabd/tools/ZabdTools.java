package io.zabd.tools;

/** Entry point of {@code zabd-tools.jar}. The commands arrive with the offline-tools issue. */
public final class ZabdTools {
    private ZabdTools() {}

    public static void main(String[] args) {
        System.err.println("zabd tools: not built yet (see issue 6)");
        System.exit(2);
    }
}
