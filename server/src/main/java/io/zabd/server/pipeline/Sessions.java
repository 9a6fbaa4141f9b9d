package io.zabd.server.pipeline;

import io.zabd.engine.tree.ApplyResult;
import io.zabd.engine.tree.prep.AuthId;
import io.zabd.engine.tree.prep.Caller;
import io.zabd.engine.tree.prep.Permissions;
import io.zabd.engine.tree.prep.WriteRequest;
import io.zabd.server.client.Cnxn;
import io.zabd.server.client.proto.ConnectRequest;
import io.zabd.server.client.proto.ConnectResponse;
import io.zabd.engine.tree.KeeperCode;
import io.zabd.server.client.proto.ReplyHeader;
import io.zabd.server.client.proto.Request;
import io.zabd.server.client.proto.RequestHeader;
import io.zabd.server.client.proto.Response;
import io.zabd.server.session.SessionIds;
import io.zabd.server.session.SessionPasswords;
import io.zabd.server.session.SessionTracker;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session handling on the state-machine agent (ZooKeeper's processConnectRequest, reopenSession,
 * processAuth and the session tracker's expiry): create (a createSession txn, answered once durable),
 * resume on another connection (password check, the session moves and its old connection is closed),
 * refusal of an expired or unknown session (ConnectResponse timeout 0, session 0, then close),
 * closeSession and expiry (a closeSession txn deletes the ephemerals), and auth.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final int PROTOCOL_VERSION = 0;
    private static final String DIGEST = "digest";

    private final StateMachine machine;
    private final PipelineConfig config;
    private final SessionTracker tracker;
    private final SessionPasswords passwords;
    private final SessionIds ids;
    private final Map<Long, Cnxn> bySession = new HashMap<>();

    Sessions(StateMachine machine, PipelineConfig config, SessionTracker tracker, SessionPasswords passwords,
            long nowMs) {
        this.machine = machine;
        this.config = config;
        this.tracker = tracker;
        this.passwords = passwords;
        this.ids = new SessionIds(config.serverId(), nowMs);
        // Sessions recovered from the snapshot and log get a fresh full timeout, as ZooKeeper does.
        for (Map.Entry<Long, Integer> s : machine.tree().sessions().entrySet()) {
            tracker.add(s.getKey(), s.getValue(), nowMs);
        }
        if (tracker.size() > 0) {
            LOG.info("Recovered {} sessions; each expires after its full timeout unless it reconnects", tracker.size());
        }
    }

    // ------------------------------------------------------------------ connect

    void onConnect(Cnxn cnxn, ConnectRequest request, long nowMs) {
        long lastZxid = machine.lastProcessedZxid();
        if (request.lastZxidSeen() > lastZxid) {
            LOG.info("Refusing session request for client {} as it has seen zxid 0x{} our last zxid is 0x{}"
                    + " client must try another server", cnxn.connection().remoteAddress(),
                    Long.toHexString(request.lastZxidSeen()), Long.toHexString(lastZxid));
            cnxn.close();
            return;
        }
        int timeout = SessionTracker.negotiate(request.timeOutMs(), config.minSessionTimeoutMs(),
                config.maxSessionTimeoutMs());
        if (request.sessionId() == 0) {
            createSession(cnxn, timeout, nowMs);
        } else {
            resumeSession(cnxn, request, timeout, nowMs);
        }
    }

    private void createSession(Cnxn cnxn, int timeout, long nowMs) {
        long id;
        do {
            id = ids.next();
        } while (tracker.contains(id) || machine.tree().sessions().containsKey(id));
        tracker.add(id, timeout, nowMs);
        cnxn.bindSession(id, timeout);
        bySession.put(id, cnxn);
        LOG.debug("Creating session 0x{} with timeout {} ms for {}", Long.toHexString(id), timeout, cnxn.connection());
        machine.submit(new WriteRequest.CreateSession(timeout), Caller.anonymous(id, 0), InFlight.Kind.CREATE_SESSION,
                cnxn, 0, null, 0);
    }

    private void resumeSession(Cnxn cnxn, ConnectRequest request, int timeout, long nowMs) {
        long id = request.sessionId();
        boolean valid = passwords.check(id, request.passwd()) && tracker.touch(id, timeout, nowMs);
        if (!valid) {
            LOG.info("Invalid session 0x{} for client {}, probably expired", Long.toHexString(id),
                    cnxn.connection().remoteAddress());
            cnxn.connection().sendConnectResponse(new ConnectResponse(PROTOCOL_VERSION, 0, 0,
                    new byte[SessionPasswords.PASSWORD_BYTES], false));
            cnxn.close();
            return;
        }
        Cnxn previous = bySession.put(id, cnxn);
        if (previous != null && previous != cnxn) {
            LOG.debug("Session 0x{} moved from {} to {}", Long.toHexString(id), previous.connection(), cnxn.connection());
            machine.watches().removeWatcher(previous);
            previous.close();
        }
        cnxn.bindSession(id, timeout);
        if (machine.ensemble != null) {
            machine.ensemble.onSessionResumed(id);
        }
        establish(cnxn);
    }

    private void establish(Cnxn cnxn) {
        cnxn.connection().sendConnectResponse(new ConnectResponse(PROTOCOL_VERSION, cnxn.timeoutMs(), cnxn.sessionId(),
                passwords.passwordOf(cnxn.sessionId()), false));
        cnxn.markEstablished();
        cnxn.markWritten();
        cnxn.flushIfNeeded();
    }

    /** The createSession txn is durable and applied: answer the connect. */
    void onSessionCreated(Cnxn cnxn, ApplyResult result) {
        if (cnxn.closed()) {
            return;
        }
        if (result.err() != KeeperCode.OK) {
            LOG.warn("createSession for 0x{} failed with {}", Long.toHexString(cnxn.sessionId()), result.err());
            cnxn.close();
            return;
        }
        establish(cnxn);
    }

    // ------------------------------------------------------------------ requests

    void touch(Cnxn cnxn, long nowMs) {
        if (cnxn.sessionId() != 0 && cnxn.touchDue(nowMs)) {
            tracker.touch(cnxn.sessionId(), nowMs);
        }
    }

    /**
     * auth: digest adds {@code digest:user:hash} (and {@code super} when it is the superDigest), ip adds
     * the peer address; any other scheme fails: AUTHFAILED, then the connection closes. The ids take
     * effect at once (later requests are prepared with them); the reply keeps its place in the FIFO.
     */
    void onAuth(Cnxn cnxn, RequestHeader header, Request.Auth auth) {
        String scheme = auth.scheme();
        int err = KeeperCode.OK;
        if (DIGEST.equals(scheme) && auth.auth() != null) {
            String id = Permissions.digestId(new String(auth.auth(), StandardCharsets.UTF_8));
            if (id.equals(config.superDigest())) {
                cnxn.addAuth(new AuthId(Cnxn.SUPER, ""));
            }
            cnxn.addAuth(new AuthId(DIGEST, id));
        } else if (Cnxn.IP.equals(scheme) && cnxn.peerIp() != null) {
            cnxn.addAuth(new AuthId(Cnxn.IP, cnxn.peerIp()));
        } else {
            LOG.warn("Authentication failed for scheme {} from {}", scheme, cnxn.connection().remoteAddress());
            err = KeeperCode.AUTHFAILED;
        }
        cnxn.fifo().add(new Deferred.Answer(new ReplyHeader(header.xid(), 0, err), Response.Empty.INSTANCE,
                err != KeeperCode.OK));
        machine.drainFifo(cnxn);
    }

    /** closeSession from the client: a closeSession txn; the reply and the close follow its apply. */
    void onCloseSession(Cnxn cnxn, RequestHeader header) {
        long id = cnxn.sessionId();
        tracker.setClosing(id);
        machine.submit(new WriteRequest.CloseSession(), Caller.anonymous(id, header.xid()), InFlight.Kind.CLOSE_SESSION,
                cnxn, header.xid(), null, 0);
    }

    /** Expires every session whose time ran out: a closeSession txn each. Returns how many. */
    int expire(long nowMs) {
        List<Long> expired = tracker.expire(nowMs);
        for (Long id : expired) {
            LOG.info("Expiring session 0x{}, timeout of {} ms exceeded", Long.toHexString(id), tracker.timeoutOf(id));
            machine.submit(new WriteRequest.CloseSession(), Caller.anonymous(id, 0), InFlight.Kind.EXPIRE_SESSION,
                    null, 0, null, 0);
        }
        return expired.size();
    }

    /** A closeSession txn (client close or expiry) was applied: forget the session, close its connection. */
    void onSessionClosed(long sessionId) {
        tracker.remove(sessionId);
        Cnxn cnxn = bySession.remove(sessionId);
        if (cnxn != null) {
            machine.flushWritten();
            machine.watches().removeWatcher(cnxn);
            cnxn.close();
        }
    }

    void onDisconnect(Cnxn cnxn) {
        long id = cnxn.sessionId();
        if (id != 0 && bySession.get(id) == cnxn) {
            bySession.remove(id);
        }
    }

    SessionTracker tracker() {
        return tracker;
    }
}
