package io.zabd.engine.tree;

/**
 * ZooKeeper's result codes (values of {@code KeeperException.Code} in ZooKeeper 3.9), the same numbers
 * in the tree's and prep's results, in {@code ErrorTxn.err}, on the wire in {@code ReplyHeader.err} and
 * in multi results. Codes at or below {@link #APIERROR} are "API errors": expected outcomes of a
 * client's request.
 */
public final class KeeperCode {
    public static final int OK = 0;
    public static final int SYSTEMERROR = -1;
    public static final int RUNTIMEINCONSISTENCY = -2;
    public static final int DATAINCONSISTENCY = -3;
    public static final int CONNECTIONLOSS = -4;
    public static final int MARSHALLINGERROR = -5;
    public static final int UNIMPLEMENTED = -6;
    public static final int OPERATIONTIMEOUT = -7;
    public static final int BADARGUMENTS = -8;
    public static final int UNKNOWNSESSION = -12;
    public static final int NEWCONFIGNOQUORUM = -13;
    public static final int RECONFIGINPROGRESS = -14;
    public static final int APIERROR = -100;
    public static final int NONODE = -101;
    public static final int NOAUTH = -102;
    public static final int BADVERSION = -103;
    public static final int NOCHILDRENFOREPHEMERALS = -108;
    public static final int NODEEXISTS = -110;
    public static final int NOTEMPTY = -111;
    public static final int SESSIONEXPIRED = -112;
    public static final int INVALIDCALLBACK = -113;
    public static final int INVALIDACL = -114;
    public static final int AUTHFAILED = -115;
    public static final int SESSIONMOVED = -118;
    public static final int NOTREADONLY = -119;
    public static final int EPHEMERALONLOCALSESSION = -120;
    public static final int NOWATCHER = -121;
    public static final int REQUESTTIMEOUT = -122;
    public static final int RECONFIGDISABLED = -123;
    public static final int SESSIONCLOSEDREQUIRESASLAUTH = -124;
    public static final int QUOTAEXCEEDED = -125;
    public static final int THROTTLEDOP = -127;

    private static final int[] ALL = {
        OK, SYSTEMERROR, RUNTIMEINCONSISTENCY, DATAINCONSISTENCY, CONNECTIONLOSS, MARSHALLINGERROR,
        UNIMPLEMENTED, OPERATIONTIMEOUT, BADARGUMENTS, UNKNOWNSESSION, NEWCONFIGNOQUORUM, RECONFIGINPROGRESS,
        APIERROR, NONODE, NOAUTH, BADVERSION, NOCHILDRENFOREPHEMERALS, NODEEXISTS, NOTEMPTY, SESSIONEXPIRED,
        INVALIDCALLBACK, INVALIDACL, AUTHFAILED, SESSIONMOVED, NOTREADONLY, EPHEMERALONLOCALSESSION, NOWATCHER,
        REQUESTTIMEOUT, RECONFIGDISABLED, SESSIONCLOSEDREQUIRESASLAUTH, QUOTAEXCEEDED, THROTTLEDOP,
    };

    private KeeperCode() {}

    /** Every code ZooKeeper 3.9 defines, in declaration order of this class. */
    public static int[] all() {
        return ALL.clone();
    }

    /** ZooKeeper's constant name for a code, or {@code UNKNOWN(N)}. */
    public static String name(int code) {
        return switch (code) {
            case OK -> "OK";
            case SYSTEMERROR -> "SYSTEMERROR";
            case RUNTIMEINCONSISTENCY -> "RUNTIMEINCONSISTENCY";
            case DATAINCONSISTENCY -> "DATAINCONSISTENCY";
            case CONNECTIONLOSS -> "CONNECTIONLOSS";
            case MARSHALLINGERROR -> "MARSHALLINGERROR";
            case UNIMPLEMENTED -> "UNIMPLEMENTED";
            case OPERATIONTIMEOUT -> "OPERATIONTIMEOUT";
            case BADARGUMENTS -> "BADARGUMENTS";
            case UNKNOWNSESSION -> "UNKNOWNSESSION";
            case NEWCONFIGNOQUORUM -> "NEWCONFIGNOQUORUM";
            case RECONFIGINPROGRESS -> "RECONFIGINPROGRESS";
            case APIERROR -> "APIERROR";
            case NONODE -> "NONODE";
            case NOAUTH -> "NOAUTH";
            case BADVERSION -> "BADVERSION";
            case NOCHILDRENFOREPHEMERALS -> "NOCHILDRENFOREPHEMERALS";
            case NODEEXISTS -> "NODEEXISTS";
            case NOTEMPTY -> "NOTEMPTY";
            case SESSIONEXPIRED -> "SESSIONEXPIRED";
            case INVALIDCALLBACK -> "INVALIDCALLBACK";
            case INVALIDACL -> "INVALIDACL";
            case AUTHFAILED -> "AUTHFAILED";
            case SESSIONMOVED -> "SESSIONMOVED";
            case NOTREADONLY -> "NOTREADONLY";
            case EPHEMERALONLOCALSESSION -> "EPHEMERALONLOCALSESSION";
            case NOWATCHER -> "NOWATCHER";
            case REQUESTTIMEOUT -> "REQUESTTIMEOUT";
            case RECONFIGDISABLED -> "RECONFIGDISABLED";
            case SESSIONCLOSEDREQUIRESASLAUTH -> "SESSIONCLOSEDREQUIRESASLAUTH";
            case QUOTAEXCEEDED -> "QUOTAEXCEEDED";
            case THROTTLEDOP -> "THROTTLEDOP";
            default -> "UNKNOWN(" + code + ")";
        };
    }
}
