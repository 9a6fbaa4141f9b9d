package io.zabd.engine.tree.prep;

/**
 * The ip scheme as ZooKeeper's IPAuthenticationProvider: an ACL id {@code addr[/bits]} (IPv4
 * dotted quad or IPv6 with optional "::") matches a peer address when the first {@code bits} bits
 * agree (all bits if none given). Pure string parsing, never a name lookup.
 */
final class IpMatch {
    private IpMatch() {}

    static boolean isValid(String id) {
        String[] parts = id.split("/", 2);
        byte[] addr = toBytes(parts[0]);
        if (addr == null) {
            return false;
        }
        return parts.length < 2 || bits(parts[1], addr.length) >= 0;
    }

    static boolean matches(String peer, String aclExpr) {
        String[] parts = aclExpr.split("/", 2);
        byte[] aclAddr = toBytes(parts[0]);
        if (aclAddr == null) {
            return false;
        }
        int bits = aclAddr.length * 8;
        if (parts.length == 2) {
            bits = bits(parts[1], aclAddr.length);
            if (bits < 0) {
                return false;
            }
        }
        byte[] remote = toBytes(peer);
        if (remote == null || remote.length != aclAddr.length) {
            return false;
        }
        mask(aclAddr, bits);
        mask(remote, bits);
        for (int i = 0; i < remote.length; i++) {
            if (remote[i] != aclAddr[i]) {
                return false;
            }
        }
        return true;
    }

    private static int bits(String text, int addrBytes) {
        try {
            int bits = Integer.parseInt(text);
            return bits < 0 || bits > addrBytes * 8 ? -1 : bits;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void mask(byte[] b, int bits) {
        int start = bits / 8;
        int startMask = ~((1 << (8 - (bits % 8))) - 1);
        while (start < b.length) {
            b[start] &= (byte) startMask;
            startMask = 0;
            start++;
        }
    }

    static byte[] toBytes(String addr) {
        if (addr.indexOf(':') >= 0) {
            return v6(addr);
        }
        if (addr.indexOf('.') >= 0) {
            return v4(addr);
        }
        return null;
    }

    private static byte[] v4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b;
    }

    private static byte[] v6(String addr) {
        String[] halves = addr.split("::", -1);
        String[] first;
        String[] second = new String[0];
        if (halves.length == 1) {
            first = halves[0].split(":", -1);
            if (first.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            first = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            second = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            if (first.length + second.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] out = new byte[16];
        return segments(out, 0, first) && segments(out, 16 - second.length * 2, second) ? out : null;
    }

    private static boolean segments(byte[] out, int at, String[] segments) {
        int i = at;
        for (String s : segments) {
            if (s.isEmpty() || s.length() > 4) {
                return false;
            }
            try {
                int v = Integer.parseInt(s, 16);
                out[i++] = (byte) (v >> 8);
                out[i++] = (byte) v;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
