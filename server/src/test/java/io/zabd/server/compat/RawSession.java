package io.zabd.server.compat;

import io.zabd.engine.jute.JuteReader;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.RequestHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A session over a raw socket with our own record codecs, for requests the official client never
 * sends as such (it answers some of them locally). Every read has a 10 s deadline.
 */
final class RawSession implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final DataInputStream in;
    final ConnectResponse connected;

    /** A reply: its header and the body bytes after it. */
    record Reply(ReplyHeader header, byte[] body) {}

    RawSession(InetSocketAddress address) throws IOException {
        socket.connect(address, TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        write(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false), null);
        connected = ConnectResponse.decode(new JuteReader(readFrame()));
    }

    void write(JuteRecord first, JuteRecord second) throws IOException {
        byte[] a = first.toBytes();
        byte[] b = second == null ? new byte[0] : second.toBytes();
        out.write(ByteBuffer.allocate(4 + a.length + b.length).putInt(a.length + b.length).put(a).put(b).array());
        out.flush();
    }

    Reply call(int xid, int op, JuteRecord body) throws IOException {
        write(new RequestHeader(xid, op), body);
        return next();
    }

    /** True once the server has closed the connection (EOF or reset) without sending more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.io.EOFException | java.net.SocketException e) {
            return true;
        }
    }

    /** The next frame the server sends (a reply or a notification). */
    Reply next() throws IOException {
        byte[] frame = readFrame();
        ReplyHeader h = ReplyHeader.decode(new JuteReader(frame));
        return new Reply(h, Arrays.copyOfRange(frame, ReplyHeader.ENCODED_BYTES, frame.length));
    }

    private byte[] readFrame() throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
