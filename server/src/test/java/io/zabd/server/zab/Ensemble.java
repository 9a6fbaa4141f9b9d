package io.zabd.server.zab;

import io.zabd.server.zab.ZabMessage.QuorumPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A scripted ensemble for golden conversation tests: messages are delivered in send order, and
 * durability and epoch persistence happen at once unless a test holds them for a peer.
 */
final class Ensemble {
    record Envelope(long from, long to, ZabMessage message) {}

    final class Member {
        final long id;
        final ZabConfig config;
        final TestLog log;
        final ZabPeer peer;
        boolean holdDurable;
        boolean holdPersist;
        long lastIssuedSeq;
        final List<EpochWrite> unpersisted = new ArrayList<>();
        final List<EpochWrite> epochWrites = new ArrayList<>();
        final List<Ready.StateChange> changes = new ArrayList<>();
        final List<Envelope> sent = new ArrayList<>();
        long appliedTo = -1;

        Member(long id, ZabConfig config, TestLog log, long currentEpoch) {
            this.id = id;
            this.config = config;
            this.log = log;
            this.peer = new ZabPeer(config, 1, log, currentEpoch, -1, currentEpoch, log.baseZxid());
        }

        void makeDurable() {
            peer.onDurable(lastIssuedSeq);
            drain(this);
        }

        void persistAll() {
            List<EpochWrite> writes = new ArrayList<>(unpersisted);
            unpersisted.clear();
            for (EpochWrite w : writes) {
                peer.onPersisted(w.kind(), w.epoch());
            }
            drain(this);
        }

        boolean sentTo(long to, Predicate<ZabMessage.Body> what) {
            return sent.stream().anyMatch(e -> e.to() == to && e.message() instanceof QuorumPacket p && what.test(p.body()));
        }

        String lastReason() {
            return changes.isEmpty() ? "" : changes.get(changes.size() - 1).reason();
        }
    }

    final Map<Long, Member> members = new LinkedHashMap<>();
    final ArrayDeque<Envelope> inflight = new ArrayDeque<>();
    final java.util.Set<Long> isolated = new java.util.HashSet<>();

    /** Voters with their logs and currentEpochs (acceptedEpoch = currentEpoch), plus observers. */
    Ensemble(Map<Long, TestLog> voters, Map<Long, Long> currentEpochs, List<Long> observers,
             Consumer<ZabConfig.Builder> tune) {
        List<Long> voterIds = new ArrayList<>(voters.keySet());
        Map<Long, TestLog> all = new LinkedHashMap<>(voters);
        for (long o : observers) {
            all.put(o, new TestLog());
        }
        for (Map.Entry<Long, TestLog> e : all.entrySet()) {
            ZabConfig.Builder b = ZabConfig.builder(e.getKey(), voterIds, observers);
            tune.accept(b);
            Member m = new Member(e.getKey(), b.build(), e.getValue(), currentEpochs.getOrDefault(e.getKey(), 0L));
            members.put(e.getKey(), m);
        }
        for (Member m : members.values()) {
            drain(m);
        }
    }

    Member member(long id) {
        return members.get(id);
    }

    void drain(Member m) {
        while (m.peer.hasReady()) {
            Ready r = m.peer.ready();
            for (LogOp op : r.logOps()) {
                m.log.execute(op);
                m.lastIssuedSeq = op.seq();
            }
            m.unpersisted.addAll(r.epochWrites());
            m.epochWrites.addAll(r.epochWrites());
            if (r.applyToZxid() >= 0) {
                m.appliedTo = r.applyToZxid();
            }
            for (Ready.Outbound o : r.messages()) {
                Envelope e = new Envelope(m.id, o.to(), o.message());
                m.sent.add(e);
                if (!isolated.contains(m.id) && !isolated.contains(o.to())) {
                    inflight.addLast(e);
                }
            }
            m.changes.addAll(r.stateChanges());
            if (!m.holdDurable && !r.logOps().isEmpty()) {
                m.peer.onDurable(m.lastIssuedSeq);
            }
            if (!m.holdPersist && !m.unpersisted.isEmpty()) {
                List<EpochWrite> writes = new ArrayList<>(m.unpersisted);
                m.unpersisted.clear();
                for (EpochWrite w : writes) {
                    m.peer.onPersisted(w.kind(), w.epoch());
                }
            }
        }
    }

    /** Delivers every message in flight, and every message that causes, in order. */
    void deliverAll() {
        int guard = 0;
        while (!inflight.isEmpty()) {
            if (++guard > 100_000) {
                throw new AssertionError("message storm");
            }
            Envelope e = inflight.pollFirst();
            if (isolated.contains(e.from()) || isolated.contains(e.to())) {
                continue;
            }
            Member to = members.get(e.to());
            to.peer.step(e.from(), e.message());
            drain(to);
        }
    }

    void tick(int ticks) {
        for (int i = 0; i < ticks; i++) {
            for (Member m : members.values()) {
                m.peer.tick();
                drain(m);
            }
            deliverAll();
        }
    }

    /** Ticks until every member is established (or fails after {@code maxTicks}). */
    void tickUntilEstablished(int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            if (members.values().stream().allMatch(m -> m.peer.established())) {
                return;
            }
            tick(1);
        }
        StringBuilder sb = new StringBuilder("not established after " + maxTicks + " ticks:");
        for (Member m : members.values()) {
            sb.append(' ').append(m.id).append('=').append(m.peer.state()).append('/').append(m.peer.phase());
        }
        throw new AssertionError(sb.toString());
    }

    Member leader() {
        return members.values().stream().filter(m -> m.peer.state() == ServerState.LEADING).findFirst().orElseThrow();
    }
}
