package io.zabd.bench.load;

import java.nio.ByteBuffer;

/**
 * The bytes the driver writes, chosen so that every read can be checked: node {@code i} of the
 * pre-created set always holds {@code forNode(i, size)} (every setData writes exactly that), so a getData
 * that returns anything else is an error. Layout: the node index as a 4-byte big-endian int, then
 * {@code (byte) (i * 31 + j)} at offset {@code j}.
 */
public final class Payloads {
    private Payloads() {}

    public static byte[] forNode(int node, int size) {
        byte[] data = new byte[size];
        for (int j = 0; j < size; j++) {
            data[j] = (byte) (node * 31 + j);
        }
        if (size >= Integer.BYTES) {
            ByteBuffer.wrap(data).putInt(0, node);
        }
        return data;
    }

    /** The payloads of the whole node set. */
    public static byte[][] forNodeSet(int nodeCount, int size) {
        byte[][] all = new byte[nodeCount][];
        for (int i = 0; i < nodeCount; i++) {
            all[i] = forNode(i, size);
        }
        return all;
    }
}
