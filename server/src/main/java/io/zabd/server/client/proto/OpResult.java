package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteWriter;
import io.zabd.engine.txn.OpCode;
import java.util.List;

/** One result of a multi or multiRead response; see {@link MultiCodec} for the framing. */
public sealed interface OpResult {
    /** The op code written in this result's MultiHeader. */
    int type();

    /** Writes the record that follows the MultiHeader (nothing for delete and check). */
    void encode(JuteWriter w);

    /** A create result: with a stat it is sent as create2 (Create2Response), without as create. */
    record Create(String path, Stat stat) implements OpResult {
        @Override
        public int type() {
            return stat == null ? OpCode.CREATE : OpCode.CREATE2;
        }

        @Override
        public void encode(JuteWriter w) {
            w.writeString(path);
            if (stat != null) {
                stat.encode(w);
            }
        }
    }

    record Delete() implements OpResult {
        public static final Delete INSTANCE = new Delete();

        @Override
        public int type() {
            return OpCode.DELETE;
        }

        @Override
        public void encode(JuteWriter w) {
            // no body
        }
    }

    record Check() implements OpResult {
        public static final Check INSTANCE = new Check();

        @Override
        public int type() {
            return OpCode.CHECK;
        }

        @Override
        public void encode(JuteWriter w) {
            // no body
        }
    }

    record SetData(Stat stat) implements OpResult {
        @Override
        public int type() {
            return OpCode.SET_DATA;
        }

        @Override
        public void encode(JuteWriter w) {
            stat.encode(w);
        }
    }

    record GetChildren(List<String> children) implements OpResult {
        @Override
        public int type() {
            return OpCode.GET_CHILDREN;
        }

        @Override
        public void encode(JuteWriter w) {
            Vectors.writeStrings(children, w);
        }
    }

    record GetData(byte[] data, Stat stat) implements OpResult {
        @Override
        public int type() {
            return OpCode.GET_DATA;
        }

        @Override
        public void encode(JuteWriter w) {
            w.writeBuffer(data);
            stat.encode(w);
        }
    }

    /** ErrorResult: header type -1 and err = code, then ErrorResponse{int err}. */
    record Error(int err) implements OpResult {
        @Override
        public int type() {
            return OpCode.ERROR;
        }

        @Override
        public void encode(JuteWriter w) {
            w.writeInt(err);
        }
    }
}
