package io.zabd.bench.load;

/** One request a load client issues. */
public enum OpKind {
    CREATE,
    SET_DATA,
    GET_DATA
}
