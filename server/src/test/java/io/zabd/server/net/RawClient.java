package io.zabd.server.net;

import io.zabd.engine.jute.JuteReader;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.server.client.proto.JuteRecord;
import io.zabd.server.client.proto.ReplyHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;

/** A blocking socket speaking raw frames, for transport tests; every read has a 10 s deadline. */
final class RawClient implements AutoCloseable {
    private static final int TIMEOUT_MS = 10_000;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    static byte[] frame(JuteRecord... records) {
        int length = 0;
        byte[][] parts = new byte[records.length][];
        for (int i = 0; i < records.length; i++) {
            parts[i] = records[i].toBytes();
            length += parts[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + length).putInt(length);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a ConnectRequest and returns the server's ConnectResponse. */
    ConnectResponse handshake() throws IOException {
        write(frame(new ConnectRequest(0, 0, 30_000, 0, new byte[16], false)));
        return ConnectResponse.decode(new JuteReader(readFrame()));
    }

    byte[] readFrame() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    ReplyHeader readReplyHeader() throws IOException {
        return ReplyHeader.decode(new JuteReader(readFrame()));
    }

    /** Everything until the server closes the connection. */
    byte[] readAll() throws IOException {
        return in.readAllBytes();
    }

    /** True when the server closed the connection (EOF or reset) before sending anything more. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
