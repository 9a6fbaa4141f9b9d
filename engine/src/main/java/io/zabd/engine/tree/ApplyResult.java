package io.zabd.engine.tree;

import java.util.List;

/**
 * What applying one transaction did, as ZooKeeper's {@code ProcessTxnResult}: the error code
 * ({@link KeeperCode}; a failed multi carries the first non-OK sub-result), the path (with any
 * sequential suffix), the resulting Stat where ZooKeeper returns one (create2/createTTL/
 * createContainer, setData, setACL; null otherwise), the sub-results of a multi (null otherwise) and
 * the watch triggers in the order they happened (a multi's are all on the top-level result).
 */
public record ApplyResult(long sessionId, int cxid, long zxid, int type, int err, String path, Stat stat,
        List<ApplyResult> multiResults, List<WatchTrigger> triggers) {}
