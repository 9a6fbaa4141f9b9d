package io.zabd.server.client.proto;

import io.zabd.engine.jute.JuteReader;
import io.zabd.engine.jute.JuteWriter;
import java.util.ArrayList;
import java.util.List;

/** jute {@code vector<ustring>}: an int count (-1 = null, read here as empty) then the strings. */
final class Vectors {
    private Vectors() {}

    static void writeStrings(List<String> strings, JuteWriter w) {
        w.writeInt(strings.size());
        for (String s : strings) {
            w.writeString(s);
        }
    }

    static List<String> readStrings(JuteReader r, String what) {
        int n = r.readVectorCount(what, 4);
        if (n <= 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.readString(what));
        }
        return List.copyOf(out);
    }
}
