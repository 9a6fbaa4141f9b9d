/**
 * The deterministic ZAB core: fast leader election, discovery, synchronisation (DIFF / TRUNC / SNAP,
 * NEWLEADER, UPTODATE) and broadcast (PROPOSAL / ACK / COMMIT, INFORM for observers).
 *
 * <p>{@link io.zabd.server.zab.ZabPeer} is a pure state machine per peer: no threads, clocks or I/O.
 * Inputs are messages ({@code step}), ticks, "durable" notices from the peer's log writer and
 * "persisted" notices from its epoch store; outputs are collected in a {@link io.zabd.server.zab.Ready}
 * batch whose ordering contract is documented there and in {@code src/docs/zab.md}.
 */
package io.zabd.server.zab;
