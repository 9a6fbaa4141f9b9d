package io.zabd.engine.tree.prep;

/** An authenticated identity {@code scheme:id}, ZooKeeper's {@code Id}; e.g. {@code digest:user:base64(sha1(user:pw))}. */
public record AuthId(String scheme, String id) {}
