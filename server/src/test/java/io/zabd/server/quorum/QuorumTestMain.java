package io.zabd.server.quorum;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.txn.Acl;
import io.zabd.engine.txn.OpCode;
import io.zabd.engine.txn.Txn;
import io.zabd.engine.txn.TxnBody;
import io.zabd.engine.txn.TxnHeader;
import io.zabd.engine.txn.Zxid;
import io.zabd.server.config.ServerConfig;
import io.zabd.server.config.ZooCfgParser;
import io.zabd.server.zab.SubmitResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test-only server process: starts a {@link QuorumPeerRuntime} from a zoo.cfg and takes line
 * commands on stdin (answers on stdout, one line each, prefixed so a test can wait for them):
 *
 * <pre>
 * write N TAG     submit N creates of /TAG-0 .. /TAG-(N-1) (any member: followers forward);
 *                 prints "SUBMITTED TAG accepted=K" then "ACK /TAG-i zxid" as each commits here
 * status          "STATUS state=.. leader=.. epoch=.. established=.. applied=.. last=.. digest=.. elections=..
 *                 lastElectionMs=.. sync=.. synced=.."
 * exists P1 P2..  "EXISTS present=K missing=P,P,.."
 * </pre>
 */
public final class QuorumTestMain {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private QuorumTestMain() {}

    public static void main(String[] args) throws Exception {
        ServerConfig cfg = ZooCfgParser.parse(Path.of(args[0]));
        long session = cfg.myid() << 56 | (System.currentTimeMillis() & 0xFFFFFFFFFFL);
        Map<Integer, String> pending = new ConcurrentHashMap<>();
        QuorumListener listener = new QuorumListener() {
            @Override
            public void onCommitted(Txn txn, ApplyResult result) {
                if (txn.header().sessionId() == session) {
                    String path = pending.remove(txn.header().cxid());
                    if (path != null) {
                        say("ACK " + path + " " + Zxid.toHex(txn.zxid()));
                    }
                }
            }

            @Override
            public void onFatal(Throwable cause) {
                say("FATAL " + cause);
                Runtime.getRuntime().halt(3);
            }
        };
        QuorumPeerRuntime rt = QuorumPeerRuntime.start(cfg, QuorumRuntimeConfig.defaults().withSyncDiffMaxTxns(
                Integer.parseInt(args.length > 1 ? args[1] : "100000")), PeerTransport.Limits.defaults(
                cfg.juteMaxBufferBytes()), listener);
        say("STARTED " + cfg.myid());
        int cxid = 0;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            switch (w[0]) {
                case "write" -> {
                    int n = Integer.parseInt(w[1]);
                    int accepted = 0;
                    for (int i = 0; i < n; i++) {
                        String path = "/" + w[2] + "-" + i;
                        int id = ++cxid;
                        pending.put(id, path);
                        Txn txn = new Txn(new TxnHeader(session, id, 0, 1_000_000L + id, OpCode.CREATE),
                                new TxnBody.Create(path, path.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, -1));
                        SubmitResult r = submit(rt, txn);
                        if (r != null && r.accepted()) {
                            accepted++;
                        } else {
                            pending.remove(id);
                        }
                    }
                    say("SUBMITTED " + w[2] + " accepted=" + accepted);
                }
                case "status" -> say(statusLine(rt.status()));
                case "exists" -> exists(rt, w);
                case "quit" -> {
                    rt.close();
                    say("BYE");
                    return;
                }
                default -> say("UNKNOWN " + line);
            }
        }
        rt.close();
    }

    private static SubmitResult submit(QuorumPeerRuntime rt, Txn txn) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            SubmitResult[] box = new SubmitResult[1];
            CountDownLatch done = new CountDownLatch(1);
            if (rt.submit(txn, r -> {
                box[0] = r;
                done.countDown();
            }) && done.await(5, TimeUnit.SECONDS) && box[0].status() != SubmitResult.Status.BUSY) {
                return box[0];
            }
            Thread.sleep(5); // back-pressure from the leader: retry shortly
        }
        return null;
    }

    private static void exists(QuorumPeerRuntime rt, String[] w) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        int[] present = new int[1];
        CountDownLatch done = new CountDownLatch(1);
        rt.execute(() -> {
            // the task runs on the runtime thread, which owns the tree
            for (int i = 1; i < w.length; i++) {
                if (rt.tree().exists(w[i]) != null) {
                    present[0]++;
                } else {
                    missing.add(w[i]);
                }
            }
            done.countDown();
        });
        done.await(10, TimeUnit.SECONDS);
        say("EXISTS present=" + present[0] + " missing=" + String.join(",", missing));
    }

    static String statusLine(RuntimeStatus s) {
        return "STATUS state=" + s.state() + " leader=" + s.leaderId() + " epoch=" + s.epoch() + " established="
                + s.established() + " applied=" + Zxid.toHex(s.appliedZxid()) + " last=" + Zxid.toHex(s.lastLoggedZxid())
                + " durable=" + Zxid.toHex(s.durableZxid())
                + " digest=" + Long.toHexString(s.digest()) + " elections=" + s.elections() + " lastElectionMs="
                + s.lastElectionMs() + " sync=" + s.lastSyncMode() + " synced=" + s.syncedFollowers().size();
    }

    private static synchronized void say(String line) {
        OUT.println(line);
    }
}
