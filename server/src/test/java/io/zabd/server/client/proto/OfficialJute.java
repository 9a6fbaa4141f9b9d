package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;

/** Encodes and decodes with the official client's jute classes, for byte-level cross-checks. */
final class OfficialJute {
    private OfficialJute() {}

    static byte[] bytes(Record... records) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryOutputArchive oa = BinaryOutputArchive.getArchive(out);
            for (Record r : records) {
                r.serialize(oa, "r");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T extends Record> T parse(T record, byte[] bytes) {
        try {
            record.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes)), "r");
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JuteReader reader(byte[] bytes) {
        return new JuteReader(bytes);
    }
}
