package io.zabd.engine.tree;

/**
 * ZooKeeper's {@code KeeperException.Code} values that the tree and prep produce. Same numbers as
 * on the wire ({@code ReplyHeader.err}, {@code ErrorTxn.err}, multi error results).
 */
public final class KeeperCode {
    public static final int OK = 0;
    public static final int SYSTEMERROR = -1;
    public static final int RUNTIMEINCONSISTENCY = -2;
    public static final int MARSHALLINGERROR = -5;
    public static final int UNIMPLEMENTED = -6;
    public static final int BADARGUMENTS = -8;
    /** Codes at or below this one are "API errors": expected outcomes of a client's request. */
    public static final int APIERROR = -100;
    public static final int NONODE = -101;
    public static final int NOAUTH = -102;
    public static final int BADVERSION = -103;
    public static final int NOCHILDRENFOREPHEMERALS = -108;
    public static final int NODEEXISTS = -110;
    public static final int NOTEMPTY = -111;
    public static final int SESSIONEXPIRED = -112;
    public static final int INVALIDACL = -114;
    public static final int QUOTAEXCEEDED = -125;

    private KeeperCode() {}

    /** ZooKeeper's name of a code, as its logs and tools print it. */
    public static String name(int code) {
        return switch (code) {
            case OK -> "OK";
            case SYSTEMERROR -> "SYSTEMERROR";
            case RUNTIMEINCONSISTENCY -> "RUNTIMEINCONSISTENCY";
            case MARSHALLINGERROR -> "MARSHALLINGERROR";
            case UNIMPLEMENTED -> "UNIMPLEMENTED";
            case BADARGUMENTS -> "BADARGUMENTS";
            case APIERROR -> "APIERROR";
            case NONODE -> "NONODE";
            case NOAUTH -> "NOAUTH";
            case BADVERSION -> "BADVERSION";
            case NOCHILDRENFOREPHEMERALS -> "NOCHILDRENFOREPHEMERALS";
            case NODEEXISTS -> "NODEEXISTS";
            case NOTEMPTY -> "NOTEMPTY";
            case SESSIONEXPIRED -> "SESSIONEXPIRED";
            case INVALIDACL -> "INVALIDACL";
            case QUOTAEXCEEDED -> "QUOTAEXCEEDED";
            default -> "code(" + code + ")";
        };
    }
}
