package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import java.util.Arrays;

/**
 * The first frame of a client connection:
 *
 * <pre>
 * int protocolVersion; long lastZxidSeen; int timeOut; long sessionId; buffer passwd; [boolean readOnly]
 * </pre>
 *
 * The trailing readOnly byte is absent from old clients (before 3.4); it then reads as false. Any
 * byte after readOnly is malformed input.
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOutMs, long sessionId, byte[] passwd,
        boolean readOnly) implements JuteRecord {

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOutMs).writeLong(sessionId)
                .writeBuffer(passwd).writeBool(readOnly);
    }

    /** Decodes the whole remaining input as a ConnectRequest. */
    public static ConnectRequest decode(JuteReader r) {
        int protocolVersion = r.readInt("ConnectRequest.protocolVersion");
        long lastZxidSeen = r.readLong("ConnectRequest.lastZxidSeen");
        int timeOut = r.readInt("ConnectRequest.timeOut");
        long sessionId = r.readLong("ConnectRequest.sessionId");
        byte[] passwd = r.readBuffer("ConnectRequest.passwd");
        boolean readOnly = r.hasRemaining() && r.readBool("ConnectRequest.readOnly");
        r.expectEnd("ConnectRequest");
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectRequest c && c.protocolVersion == protocolVersion && c.lastZxidSeen == lastZxidSeen
                && c.timeOutMs == timeOutMs && c.sessionId == sessionId && Arrays.equals(c.passwd, passwd)
                && c.readOnly == readOnly;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sessionId) * 31 + Arrays.hashCode(passwd);
    }

    @Override
    public String toString() {
        return "ConnectRequest[protocolVersion=" + protocolVersion + ", lastZxidSeen=0x" + Long.toHexString(lastZxidSeen)
                + ", timeOutMs=" + timeOutMs + ", sessionId=0x" + Long.toHexString(sessionId) + ", passwd="
                + (passwd == null ? "null" : passwd.length + " bytes") + ", readOnly=" + readOnly + "]";
    }
}
