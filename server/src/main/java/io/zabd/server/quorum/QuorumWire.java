package io.zabd.server.quorum;

import io.netty.buffer.ByteBuf;
import io.zabd.server.zab.ServerState;
import io.zabd.server.zab.ZabMessage;
import io.zabd.server.zab.ZabMessage.Ack;
import io.zabd.server.zab.ZabMessage.AckEpoch;
import io.zabd.server.zab.ZabMessage.Body;
import io.zabd.server.zab.ZabMessage.Commit;
import io.zabd.server.zab.ZabMessage.Diff;
import io.zabd.server.zab.ZabMessage.FollowerInfo;
import io.zabd.server.zab.ZabMessage.Inform;
import io.zabd.server.zab.ZabMessage.LeaderInfo;
import io.zabd.server.zab.ZabMessage.NewLeader;
import io.zabd.server.zab.ZabMessage.Notification;
import io.zabd.server.zab.ZabMessage.ObserverInfo;
import io.zabd.server.zab.ZabMessage.Ping;
import io.zabd.server.zab.ZabMessage.Proposal;
import io.zabd.server.zab.ZabMessage.QuorumPacket;
import io.zabd.server.zab.ZabMessage.Request;
import io.zabd.server.zab.ZabMessage.Snap;
import io.zabd.server.zab.ZabMessage.Trunc;
import io.zabd.server.zab.ZabMessage.UpToDate;
import java.nio.charset.StandardCharsets;

/**
 * The peer-to-peer wire format. Every frame is {@code int length} (big-endian, the bytes that
 * follow, at most {@code frameBytesMax}) then {@code byte frameType} then the payload. All integers
 * are big-endian; {@code bytes} is {@code int n} followed by n bytes.
 *
 * <pre>
 * frameType  name          payload
 * 1          HELLO         int magic 0x5A414244 ("ZABD"), int version 1, long serverId, byte port (1 election, 2 quorum)
 * 2          NOTIFICATION  long leader, long zxid, long electionEpoch, long peerEpoch, byte state
 *                          (0 LOOKING, 1 FOLLOWING, 2 LEADING, 3 OBSERVING)
 * 3          PACKET        long connId, long seq, byte bodyType, body:
 *              1 FOLLOWERINFO  long acceptedEpoch, long acceptedEpochLeader, long lastZxid
 *              2 OBSERVERINFO  long acceptedEpoch, long acceptedEpochLeader, long lastZxid
 *              3 LEADERINFO    long newEpoch
 *              4 ACKEPOCH      long currentEpoch, long lastZxid
 *              5 DIFF          long committedZxid
 *              6 TRUNC         long truncZxid, long committedZxid
 *              7 SNAP          long snapshotZxid, long committedZxid   (followed by SNAP_ENTRY frames)
 *              8 PROPOSAL      long zxid, bytes txn
 *              9 COMMIT        long zxid
 *             10 NEWLEADER     long epoch, long lastZxid
 *             11 ACK           long zxid
 *             12 UPTODATE      long committedZxid
 *             13 PING          (nothing)
 *             14 INFORM        long zxid, bytes txn
 *             15 REQUEST       bytes txn
 * 4          SNAP_ENTRY    byte kind, then: 1 ACL long ref, bytes aclValue | 2 SESSION long id, int timeoutMs
 *                          | 3 NODE bytes path (UTF-8), bytes nodeValue | 4 END long zxid, long digest
 *                          (aclValue and nodeValue are the snapshot store's value encodings, SnapshotCodec)
 * </pre>
 *
 * Anything else (unknown type, short payload, trailing bytes, negative lengths) is a
 * {@link WireException}: the link is closed with the reason logged.
 */
public final class QuorumWire {
    public static final int MAGIC = 0x5A414244;
    public static final int VERSION = 1;

    public static final byte HELLO = 1;
    public static final byte NOTIFICATION = 2;
    public static final byte PACKET = 3;
    public static final byte SNAP_ENTRY = 4;

    public static final byte PORT_ELECTION = 1;
    public static final byte PORT_QUORUM = 2;

    public static final byte ENTRY_ACL = 1;
    public static final byte ENTRY_SESSION = 2;
    public static final byte ENTRY_NODE = 3;
    public static final byte ENTRY_END = 4;

    private static final ServerState[] STATES = ServerState.values();

    private QuorumWire() {}

    /** Malformed input from a peer. */
    public static final class WireException extends RuntimeException {
        public WireException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- encoding (into a frame body)

    public static void writeHello(ByteBuf out, long serverId, byte port) {
        out.writeByte(HELLO).writeInt(MAGIC).writeInt(VERSION).writeLong(serverId).writeByte(port);
    }

    /** Bytes to allocate for a frame carrying {@code message} (length field included), so it rarely grows. */
    public static int encodedSizeHint(ZabMessage message) {
        if (message instanceof QuorumPacket p) {
            Body b = p.body();
            if (b instanceof Proposal prop) {
                return 48 + prop.txn().length;
            } else if (b instanceof Inform inf) {
                return 48 + inf.txn().length;
            } else if (b instanceof Request req) {
                return 40 + req.txn().length;
            }
        }
        return 64;
    }

    public static void writeMessage(ByteBuf out, ZabMessage message) {
        if (message instanceof Notification n) {
            out.writeByte(NOTIFICATION).writeLong(n.leader()).writeLong(n.zxid()).writeLong(n.electionEpoch())
                    .writeLong(n.peerEpoch()).writeByte(n.state().ordinal());
            return;
        }
        QuorumPacket p = (QuorumPacket) message;
        out.writeByte(PACKET).writeLong(p.connId()).writeLong(p.seq());
        writeBody(out, p.body());
    }

    private static void writeBody(ByteBuf out, Body b) {
        if (b instanceof FollowerInfo f) {
            out.writeByte(1).writeLong(f.acceptedEpoch()).writeLong(f.acceptedEpochLeader()).writeLong(f.lastZxid());
        } else if (b instanceof ObserverInfo f) {
            out.writeByte(2).writeLong(f.acceptedEpoch()).writeLong(f.acceptedEpochLeader()).writeLong(f.lastZxid());
        } else if (b instanceof LeaderInfo l) {
            out.writeByte(3).writeLong(l.newEpoch());
        } else if (b instanceof AckEpoch a) {
            out.writeByte(4).writeLong(a.currentEpoch()).writeLong(a.lastZxid());
        } else if (b instanceof Diff d) {
            out.writeByte(5).writeLong(d.committedZxid());
        } else if (b instanceof Trunc t) {
            out.writeByte(6).writeLong(t.truncZxid()).writeLong(t.committedZxid());
        } else if (b instanceof Snap s) {
            out.writeByte(7).writeLong(s.snapshotZxid()).writeLong(s.committedZxid());
        } else if (b instanceof Proposal p) {
            out.writeByte(8).writeLong(p.zxid());
            writeBytes(out, p.txn());
        } else if (b instanceof Commit c) {
            out.writeByte(9).writeLong(c.zxid());
        } else if (b instanceof NewLeader n) {
            out.writeByte(10).writeLong(n.epoch()).writeLong(n.lastZxid());
        } else if (b instanceof Ack a) {
            out.writeByte(11).writeLong(a.zxid());
        } else if (b instanceof UpToDate u) {
            out.writeByte(12).writeLong(u.committedZxid());
        } else if (b instanceof Ping) {
            out.writeByte(13);
        } else if (b instanceof Inform i) {
            out.writeByte(14).writeLong(i.zxid());
            writeBytes(out, i.txn());
        } else if (b instanceof ZabMessage.Sync s) {
            out.writeByte(16);
            writeBytes(out, s.payload());
        } else {
            out.writeByte(15);
            writeBytes(out, ((Request) b).txn());
        }
    }

    public static void writeBytes(ByteBuf out, byte[] b) {
        out.writeInt(b.length).writeBytes(b);
    }

    public static void writeString(ByteBuf out, String s) {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes a NOTIFICATION or PACKET frame body (after its type byte); the whole body must be used. */
    public static ZabMessage readMessage(byte type, ByteBuf in) {
        ZabMessage m;
        if (type == NOTIFICATION) {
            long leader = in8(in);
            long zxid = in8(in);
            long electionEpoch = in8(in);
            long peerEpoch = in8(in);
            int state = in1(in);
            if (state < 0 || state >= STATES.length) {
                throw new WireException("notification with unknown state " + state);
            }
            m = new Notification(leader, zxid, electionEpoch, peerEpoch, STATES[state]);
        } else if (type == PACKET) {
            long connId = in8(in);
            long seq = in8(in);
            m = new QuorumPacket(connId, seq, readBody(in));
        } else {
            throw new WireException("not a message frame: type " + type);
        }
        expectEnd(in);
        return m;
    }

    private static Body readBody(ByteBuf in) {
        int t = in1(in);
        switch (t) {
            case 1: return new FollowerInfo(in8(in), in8(in), in8(in));
            case 2: return new ObserverInfo(in8(in), in8(in), in8(in));
            case 3: return new LeaderInfo(in8(in));
            case 4: return new AckEpoch(in8(in), in8(in));
            case 5: return new Diff(in8(in));
            case 6: return new Trunc(in8(in), in8(in));
            case 7: return new Snap(in8(in), in8(in));
            case 8: return new Proposal(in8(in), readBytes(in));
            case 9: return new Commit(in8(in));
            case 10: return new NewLeader(in8(in), in8(in));
            case 11: return new Ack(in8(in));
            case 12: return new UpToDate(in8(in));
            case 13: return new Ping();
            case 14: return new Inform(in8(in), readBytes(in));
            case 15: return new Request(readBytes(in));
            case 16: return new ZabMessage.Sync(readBytes(in));
            default: throw new WireException("unknown packet body type " + t);
        }
    }

    public static byte[] readBytes(ByteBuf in) {
        int n = in4(in);
        if (n < 0 || n > in.readableBytes()) {
            throw new WireException("byte field of " + n + " bytes with " + in.readableBytes() + " left in the frame");
        }
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    public static String readString(ByteBuf in) {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    public static long in8(ByteBuf in) {
        need(in, 8);
        return in.readLong();
    }

    public static int in4(ByteBuf in) {
        need(in, 4);
        return in.readInt();
    }

    public static int in1(ByteBuf in) {
        need(in, 1);
        return in.readByte();
    }

    private static void need(ByteBuf in, int n) {
        if (in.readableBytes() < n) {
            throw new WireException("frame ends early: " + n + " bytes needed, " + in.readableBytes() + " left");
        }
    }

    public static void expectEnd(ByteBuf in) {
        if (in.isReadable()) {
            throw new WireException(in.readableBytes() + " trailing bytes in frame");
        }
    }
}
