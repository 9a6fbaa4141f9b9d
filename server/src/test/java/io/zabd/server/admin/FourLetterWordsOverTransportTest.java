package io.zabd.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zabd.server.client.proto.Response;
import io.zabd.server.compat.Clients;
import io.zabd.server.config.FourLetterWhitelist;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.net.ClientTransport;
import io.zabd.server.net.FourLetterWords;
import io.zabd.server.net.RecordingSink;
import io.zabd.server.net.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Goal: over a real client port the commands honour the transport's whitelist, every word is answered
 * with "*", and a server whose owner thread never answers does not hang the connection or the admin
 * thread: the connection is closed after the owner timeout and later words are still answered.
 */
class FourLetterWordsOverTransportTest {
    private static final long OWNER_TIMEOUT_MS = 200;

    @TempDir
    Path dir;
    private RecordingSink sink;
    private FourLetterCommands commands;
    private ClientTransport transport;

    private InetSocketAddress start(String whitelist, ServerState state) throws Exception {
        ServerConfig config = ZooCfgParser.parseText("tickTime=2000\ndataDir=" + dir + "\nclientPort=2181\n");
        FourLetterWhitelist wl = whitelist == null ? FourLetterWhitelist.defaults()
                : FourLetterWhitelist.parse(whitelist, new ArrayList<>());
        TransportConfig tc = new TransportConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0, 0,
                config.juteMaxBufferBytes(), wl, 1);
        sink = new RecordingSink((h, b) -> new RecordingSink.Reply(0, Response.Empty.INSTANCE));
        InetSocketAddress[] bound = new InetSocketAddress[1];
        commands = new FourLetterCommands(state, config, () -> bound[0].getPort(), OWNER_TIMEOUT_MS);
        transport = new ClientTransport(tc, sink, commands);
        bound[0] = transport.start();
        return bound[0];
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (commands != null) {
            commands.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void theDefaultWhitelistAnswersOnlySrvr() throws Exception {
        InetSocketAddress address = start(null, new FakeServerState());
        assertTrue(Clients.fourLetterWord(address, "srvr").startsWith("Zookeeper version: " + FakeServerState.VERSION));
        assertEquals(FourLetterWords.notWhitelistedReply("mntr"), Clients.fourLetterWord(address, "mntr"));
        assertEquals(FourLetterWords.notWhitelistedReply("ruok"), Clients.fourLetterWord(address, "ruok"));
    }

    @Test
    void everyWordIsAnsweredWithTheWildcard() throws Exception {
        InetSocketAddress address = start("*", new FakeServerState());
        for (String word : FourLetterWhitelist.KNOWN) {
            String reply = Clients.fourLetterWord(address, word);
            if (word.equals("stmk")) {
                assertEquals(FourLetterWords.notImplementedReply("stmk"), reply);
            } else if (!word.equals("hash")) {
                assertTrue(!reply.isEmpty() && !reply.contains("not executed"), word + ": " + reply);
            }
        }
        assertEquals("imok", Clients.fourLetterWord(address, "ruok"));
    }

    @Test
    void anOwnerThatNeverAnswersClosesTheConnectionAfterTheTimeout() throws Exception {
        FakeServerState stuck = new FakeServerState() {
            @Override
            public CompletionStage<WatchReport> watches() {
                return new CompletableFuture<>();
            }
        };
        InetSocketAddress address = start("*", stuck);
        long started = System.nanoTime();
        assertEquals("", Clients.fourLetterWord(address, "wchc"), "closed without a reply");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMs >= OWNER_TIMEOUT_MS, "waited for the owner: " + elapsedMs + " ms");
        assertEquals("imok", Clients.fourLetterWord(address, "ruok"), "the admin thread is free again");
        assertTrue(Clients.fourLetterWord(address, "wchs").isEmpty());
    }
}
