package io.zabd.server.admin.audit;

import java.time.Instant;

/**
 * One audit record as a single line of JSON, for {@code audit tail --json}:
 *
 * <pre>
 * {"zxid":"0x100000001","time":"2026-11-27T13:00:00.123Z","session":"0x11","client":"127.0.0.1:40011",
 *  "authIds":["ip:127.0.0.1"],"op":"create","path":"/a","result":0}
 * </pre>
 *
 * A null client or path is JSON null.
 */
public final class AuditJson {
    private AuditJson() {}

    public static String toJson(AuditEvent e) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"zxid\":\"0x").append(Long.toHexString(e.zxid())).append('"');
        b.append(",\"time\":\"").append(Instant.ofEpochMilli(e.timeMs())).append('"');
        b.append(",\"session\":\"0x").append(Long.toHexString(e.sessionId())).append('"');
        b.append(",\"client\":");
        string(b, e.clientAddress());
        b.append(",\"authIds\":[");
        for (int i = 0; i < e.authIds().size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, e.authIds().get(i));
        }
        b.append("],\"op\":");
        string(b, e.opName());
        b.append(",\"path\":");
        string(b, e.path());
        b.append(",\"result\":").append(e.resultCode()).append('}');
        return b.toString();
    }

    private static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }
}
