/** zabd server: ZooKeeper wire protocol, request pipeline, sessions, ZAB and administration. */
package io.zabd.server;
