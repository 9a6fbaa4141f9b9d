package io.zabd.server.client;

import io.zabd.server.client.proto.Request;

/**
 * One client op answered from the applied tree without a transaction (reads, watch management,
 * ping, sync, whoAmI). Runs on the state-machine agent after every earlier write of the connection
 * was applied.
 */
@FunctionalInterface
public interface ReadHandler {
    Reply read(ServerContext ctx, Cnxn cnxn, Request body);
}
