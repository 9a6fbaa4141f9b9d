package io.zabd.server.admin.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.engine.txn.OpCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Goal: an audit record prints as one line of valid JSON, with escapes and nulls where due. */
class AuditJsonTest {
    @Test
    void rendersOneLine() {
        AuditEvent e = new AuditEvent(0x100000001L, 1_795_786_301_211L, 0x11, "127.0.0.1:40011",
                List.of("ip:127.0.0.1", "digest:al\"ice"), OpCode.CREATE, "/a\nb", -110);
        assertEquals("{\"zxid\":\"0x100000001\",\"time\":\"2026-11-27T13:31:41.211Z\",\"session\":\"0x11\","
                + "\"client\":\"127.0.0.1:40011\",\"authIds\":[\"ip:127.0.0.1\",\"digest:al\\\"ice\"],"
                + "\"op\":\"" + OpCode.name(OpCode.CREATE) + "\",\"path\":\"/a\\nb\",\"result\":-110}", AuditJson.toJson(e));
        AuditEvent close = new AuditEvent(2, 0, 0x12, null, List.of(), OpCode.CLOSE_SESSION, null, 0);
        assertEquals("{\"zxid\":\"0x2\",\"time\":\"1970-01-01T00:00:00Z\",\"session\":\"0x12\",\"client\":null,"
                + "\"authIds\":[],\"op\":\"" + OpCode.name(OpCode.CLOSE_SESSION) + "\",\"path\":null,\"result\":0}",
                AuditJson.toJson(close));
    }
}
