/** Offline tools over zabd (and Apache ZooKeeper) data directories. */
package io.zabd.tools;
