package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.TxnCodec;
import java.util.List;

/**
 * The body of a reply, after its {@link ReplyHeader}. Layouts, all jute-encoded:
 *
 * <pre>
 * Path            {ustring path}             CreateResponse (create), SyncResponse (sync)
 * Create2         Create2Response{ustring path; Stat stat}   create2, createContainer, createTTL
 * StatOnly        {Stat stat}                ExistsResponse, SetDataResponse, SetACLResponse
 * GetData         GetDataResponse{buffer data; Stat stat}   getData, reconfig (the new config)
 * GetAcl          GetACLResponse{vector&lt;ACL&gt; acl; Stat stat}
 * Children        {vector&lt;ustring&gt;}         GetChildrenResponse, GetEphemeralsResponse
 * Children2       GetChildren2Response{vector&lt;ustring&gt; children; Stat stat}
 * Count           GetAllChildrenNumberResponse{int totalNumber}
 * Error           ErrorResponse{int err}     (addWatch and removeWatches answer with one)
 * WhoAmI          WhoAmIResponse{vector&lt;ClientInfo{ustring authScheme; ustring user}&gt;}
 * Sasl            SetSASLResponse{buffer token}
 * Multi           see {@link MultiCodec}
 * Empty           no body
 * </pre>
 *
 * Which body follows a header is decided by the request's op code and, for most ops, a non-zero
 * err in the header means no body at all (see {@link ResponseCodec}).
 */
public sealed interface Response extends JuteRecord {

    record Path(String path) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path);
        }
    }

    record Create2(String path, Stat stat) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeString(path);
            stat.encode(w);
        }
    }

    record StatOnly(Stat stat) implements Response {
        @Override
        public void encode(JuteWriter w) {
            stat.encode(w);
        }
    }

    record GetData(byte[] data, Stat stat) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeBuffer(data);
            stat.encode(w);
        }
    }

    record GetAcl(List<Acl> acl, Stat stat) implements Response {
        @Override
        public void encode(JuteWriter w) {
            TxnCodec.writeAcls(acl, w);
            stat.encode(w);
        }
    }

    record Children(List<String> children) implements Response {
        @Override
        public void encode(JuteWriter w) {
            Vectors.writeStrings(children, w);
        }
    }

    record Children2(List<String> children, Stat stat) implements Response {
        @Override
        public void encode(JuteWriter w) {
            Vectors.writeStrings(children, w);
            stat.encode(w);
        }
    }

    record Count(int totalNumber) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeInt(totalNumber);
        }
    }

    record Error(int err) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeInt(err);
        }
    }

    /** One authenticated identity of the connection, as whoAmI reports it. */
    record ClientInfo(String authScheme, String user) {}

    record WhoAmI(List<ClientInfo> clientInfo) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeInt(clientInfo.size());
            for (ClientInfo c : clientInfo) {
                w.writeString(c.authScheme()).writeString(c.user());
            }
        }

        static WhoAmI decode(JuteReader r) {
            int n = r.readVectorCount("WhoAmIResponse.clientInfo", 8);
            ClientInfo[] out = new ClientInfo[Math.max(n, 0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = new ClientInfo(r.readString("ClientInfo.authScheme"), r.readString("ClientInfo.user"));
            }
            return new WhoAmI(List.of(out));
        }
    }

    record Sasl(byte[] token) implements Response {
        @Override
        public void encode(JuteWriter w) {
            w.writeBuffer(token);
        }
    }

    record Multi(List<OpResult> results) implements Response {
        @Override
        public void encode(JuteWriter w) {
            MultiCodec.encodeResults(results, w);
        }
    }

    record Empty() implements Response {
        public static final Empty INSTANCE = new Empty();

        @Override
        public void encode(JuteWriter w) {
            // nothing follows the header
        }
    }
}
