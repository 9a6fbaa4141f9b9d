package io.zabd.server.admin;

import io.zabd.engine.txn.OpCode;

/** The abbreviation ZooKeeper prints as {@code lop=} in cons for the last request of a connection. */
public final class LastOperation {
    /** Before any request. */
    public static final String NONE = "NA";

    private LastOperation() {}

    public static String of(int op) {
        switch (op) {
            case OpCode.PING: return "PING";
            case OpCode.CREATE_SESSION: return "SESS";
            case OpCode.CLOSE_SESSION: return "CLOS";
            case OpCode.MULTI: return "MULT";
            case OpCode.MULTI_READ: return "MLTR";
            case OpCode.CREATE:
            case OpCode.CREATE2:
            case OpCode.CREATE_TTL:
            case OpCode.CREATE_CONTAINER: return "CREA";
            case OpCode.DELETE:
            case OpCode.DELETE_CONTAINER: return "DELE";
            case OpCode.SET_DATA: return "SETD";
            case OpCode.RECONFIG: return "RECO";
            case OpCode.SET_ACL: return "SETA";
            case OpCode.CHECK: return "CHEC";
            case OpCode.SYNC: return "SYNC";
            case OpCode.EXISTS: return "EXIS";
            case OpCode.GET_DATA: return "GETD";
            case OpCode.SET_WATCHES:
            case OpCode.SET_WATCHES2: return "SETW";
            case OpCode.ADD_WATCH: return "ADDW";
            case OpCode.GET_ACL: return "GETA";
            case OpCode.GET_CHILDREN:
            case OpCode.GET_CHILDREN2: return "GETC";
            case OpCode.GET_ALL_CHILDREN_NUMBER: return "GETACN";
            case OpCode.GET_EPHEMERALS: return "GETE";
            case OpCode.CHECK_WATCHES: return "CHKW";
            case OpCode.REMOVE_WATCHES: return "REMW";
            case OpCode.WHO_AM_I: return "HOMI";
            default: return NONE;
        }
    }
}
