package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import java.util.Arrays;

/**
 * The server's answer to a ConnectRequest:
 *
 * <pre>
 * int protocolVersion; int timeOut; long sessionId; buffer passwd; boolean readOnly
 * </pre>
 *
 * A timeOut of 0 (and sessionId 0) tells the client its session is expired. The readOnly byte is
 * always written; a decoder tolerates its absence (servers before 3.4).
 */
public record ConnectResponse(int protocolVersion, int timeOutMs, long sessionId, byte[] passwd, boolean readOnly)
        implements JuteRecord {

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(protocolVersion).writeInt(timeOutMs).writeLong(sessionId).writeBuffer(passwd).writeBool(readOnly);
    }

    public static ConnectResponse decode(JuteReader r) {
        int protocolVersion = r.readInt("ConnectResponse.protocolVersion");
        int timeOut = r.readInt("ConnectResponse.timeOut");
        long sessionId = r.readLong("ConnectResponse.sessionId");
        byte[] passwd = r.readBuffer("ConnectResponse.passwd");
        boolean readOnly = r.hasRemaining() && r.readBool("ConnectResponse.readOnly");
        r.expectEnd("ConnectResponse");
        return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectResponse c && c.protocolVersion == protocolVersion && c.timeOutMs == timeOutMs
                && c.sessionId == sessionId && Arrays.equals(c.passwd, passwd) && c.readOnly == readOnly;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sessionId) * 31 + Arrays.hashCode(passwd);
    }

    @Override
    public String toString() {
        return "ConnectResponse[protocolVersion=" + protocolVersion + ", timeOutMs=" + timeOutMs + ", sessionId=0x"
                + Long.toHexString(sessionId) + ", passwd=" + (passwd == null ? "null" : passwd.length + " bytes")
                + ", readOnly=" + readOnly + "]";
    }
}
