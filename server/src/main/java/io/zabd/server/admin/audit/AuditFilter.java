package io.zabd.server.admin.audit;

/**
 * Which audit records a reader returns; a null field matches everything.
 *
 * @param fromTimeMs  records with {@code timeMs >= fromTimeMs} (0 = from the start)
 * @param op          the op code
 * @param pathPrefix  records whose path starts with it
 * @param sessionId   the session
 * @param resultCode  the result code (0 = OK)
 */
public record AuditFilter(long fromTimeMs, Integer op, String pathPrefix, Long sessionId, Integer resultCode) {
    public static final AuditFilter ALL = new AuditFilter(0, null, null, null, null);

    public AuditFilter withFromTime(long timeMs) {
        return new AuditFilter(timeMs, op, pathPrefix, sessionId, resultCode);
    }

    public AuditFilter withOp(int code) {
        return new AuditFilter(fromTimeMs, code, pathPrefix, sessionId, resultCode);
    }

    public AuditFilter withPathPrefix(String prefix) {
        return new AuditFilter(fromTimeMs, op, prefix, sessionId, resultCode);
    }

    public AuditFilter withSession(long id) {
        return new AuditFilter(fromTimeMs, op, pathPrefix, id, resultCode);
    }

    public AuditFilter withResult(int code) {
        return new AuditFilter(fromTimeMs, op, pathPrefix, sessionId, code);
    }

    public boolean matches(AuditEvent e) {
        return e.timeMs() >= fromTimeMs
                && (op == null || e.op() == op)
                && (pathPrefix == null || (e.path() != null && e.path().startsWith(pathPrefix)))
                && (sessionId == null || e.sessionId() == sessionId)
                && (resultCode == null || e.resultCode() == resultCode);
    }
}
