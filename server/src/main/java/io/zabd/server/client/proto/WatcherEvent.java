package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;

/**
 * {@code WatcherEvent{int type; int state; ustring path}}, sent after a ReplyHeader with xid -1.
 * type is ZooKeeper's EventType (NodeCreated 1 ... PersistentWatchRemoved 7), state its KeeperState
 * (SyncConnected 3).
 */
public record WatcherEvent(int type, int state, String path) implements JuteRecord {
    public static final int STATE_SYNC_CONNECTED = 3;

    @Override
    public void encode(JuteWriter w) {
        w.writeInt(type).writeInt(state).writeString(path);
    }

    public static WatcherEvent decode(JuteReader r) {
        return new WatcherEvent(r.readInt("WatcherEvent.type"), r.readInt("WatcherEvent.state"),
                r.readString("WatcherEvent.path"));
    }
}
