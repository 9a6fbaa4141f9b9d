package io.zabd.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zabd.engine.txn.OpCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Goal: the counters the core keeps per connection render as ZooKeeper's cons line (lop
 * abbreviations, latency min/avg/max in whole ms) and crst resets them to ZooKeeper's initial values.
 */
class ConnectionCountersTest {
    private static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

    @Test
    void countersRenderAsACommandLineAndReset() {
        ConnectionCounters c = new ConnectionCounters();
        c.packetReceived();
        c.packetReceived();
        c.packetSent();
        c.replied(OpCode.CREATE2, 1, 0x10, 4, 1000);
        c.replied(OpCode.GET_DATA, 2, 0x10, 1, 1005);
        assertEquals(" /127.0.0.1:40000[1](queued=0,recved=2,sent=1,sid=0x42,lop=GETD,est=77,to=30000,lcxid=0x2,"
                + "lzxid=0x10,lresp=1005,llat=1,minlat=1,avglat=2,maxlat=4)\n\n",
                FourLetterFormat.cons(List.of(c.info(PEER, 1, 0, 0x42, 77, 30_000))));
        c.reset();
        assertEquals(" /127.0.0.1:40000[1](queued=0,recved=0,sent=0,sid=0x42,lop=NA,est=77,to=30000,"
                + "lzxid=0xffffffffffffffff,lresp=0,llat=0,minlat=0,avglat=0,maxlat=0)\n\n",
                FourLetterFormat.cons(List.of(c.info(PEER, 1, 0, 0x42, 77, 30_000))));
        assertEquals(" /127.0.0.1:40000[0](queued=3,recved=0,sent=0)\n\n",
                FourLetterFormat.cons(List.of(c.info(PEER, 0, 3, 0, 0, 0))));
    }

    @Test
    void lastOperationUsesZooKeepersAbbreviations() {
        assertEquals("PING", LastOperation.of(OpCode.PING));
        assertEquals("SESS", LastOperation.of(OpCode.CREATE_SESSION));
        assertEquals("CREA", LastOperation.of(OpCode.CREATE_TTL));
        assertEquals("GETC", LastOperation.of(OpCode.GET_CHILDREN2));
        assertEquals("GETACN", LastOperation.of(OpCode.GET_ALL_CHILDREN_NUMBER));
        assertEquals("HOMI", LastOperation.of(OpCode.WHO_AM_I));
        assertEquals("NA", LastOperation.of(OpCode.AUTH));
    }
}
