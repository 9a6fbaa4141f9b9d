package io.zabd.server.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session passwords: 16 bytes, {@code HMAC-SHA256(secret, sessionId)} truncated. They look random to
 * clients and need no table: like ZooKeeper (which derives them from the session id and a fixed
 * constant) a password can be checked for any session, including sessions recovered after a restart.
 * Unlike ZooKeeper the key is a random 32-byte secret created once per data directory
 * ({@code dataDir/session.secret}), so passwords cannot be computed from the id alone.
 */
public final class SessionPasswords {
    public static final int PASSWORD_BYTES = 16;
    static final String SECRET_FILE = "session.secret";
    private static final int SECRET_BYTES = 32;
    private static final String MAC = "HmacSHA256";

    private final byte[] secret;

    SessionPasswords(byte[] secret) {
        this.secret = secret.clone();
    }

    /** Reads the secret from {@code dataDir}, creating it (atomically, fsync'd) on first use. */
    public static SessionPasswords open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (Files.exists(file)) {
            byte[] secret = Files.readAllBytes(file);
            if (secret.length != SECRET_BYTES) {
                throw new IOException(file + " holds " + secret.length + " bytes, expected " + SECRET_BYTES
                        + "; delete it to make a new one (open sessions will not resume)");
            }
            return new SessionPasswords(secret);
        }
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(SECRET_FILE + ".tmp");
        Files.write(tmp, secret);
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return new SessionPasswords(secret);
    }

    /**
     * Ensemble mode: every member must check the passwords of sessions created by the others, so the
     * secret is derived from material all members share (the server list). Weaker than a random
     * secret: anyone who knows the configuration can compute passwords (like ZooKeeper, whose
     * passwords derive from the id and a constant).
     */
    public static SessionPasswords derived(String sharedMaterial) {
        try {
            byte[] secret = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("zabd-session-secret:" + sharedMaterial).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new SessionPasswords(secret);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }

    /** The password of {@code sessionId}. */
    public byte[] passwordOf(long sessionId) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(secret, MAC));
            byte[] id = new byte[8];
            for (int i = 0; i < 8; i++) {
                id[i] = (byte) (sessionId >>> (56 - 8 * i));
            }
            return Arrays.copyOf(mac.doFinal(id), PASSWORD_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(MAC + " is required of every Java platform", e);
        }
    }

    /** Whether {@code passwd} is the password of {@code sessionId} (constant time). */
    public boolean check(long sessionId, byte[] passwd) {
        return sessionId != 0 && passwd != null && MessageDigest.isEqual(passwordOf(sessionId), passwd);
    }
}
