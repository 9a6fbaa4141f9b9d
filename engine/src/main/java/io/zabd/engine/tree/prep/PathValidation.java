package io.zabd.engine.tree.prep;

/**
 * ZooKeeper's {@code PathUtils.validatePath}: absolute, no trailing '/', no empty component, no "."
 * or ".." component, no NUL, no control characters (U+0001..U+001F, U+007F..U+009F), no
 * U+D800..U+F8FF (surrogates and private use), no U+FFF0..U+FFFF.
 */
public final class PathValidation {
    private PathValidation() {}

    /** Null if {@code path} is valid, else the reason. */
    public static String invalidReason(String path) {
        if (path == null) {
            return "Path cannot be null";
        }
        if (path.isEmpty()) {
            return "Path length must be > 0";
        }
        if (path.charAt(0) != '/') {
            return "Path must start with / character";
        }
        if (path.length() == 1) {
            return null;
        }
        if (path.charAt(path.length() - 1) == '/') {
            return "Path must not end with / character";
        }
        char last = '/';
        for (int i = 1; i < path.length(); last = path.charAt(i), i++) {
            char c = path.charAt(i);
            boolean nextIsEnd = i + 1 == path.length() || path.charAt(i + 1) == '/';
            if (c == 0) {
                return "null character not allowed @" + i;
            } else if (c == '/' && last == '/') {
                return "empty node name specified @" + i;
            } else if (c == '.' && last == '.') {
                if (path.charAt(i - 2) == '/' && nextIsEnd) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c == '.') {
                if (path.charAt(i - 1) == '/' && nextIsEnd) {
                    return "relative paths not allowed @" + i;
                }
            } else if (c > '\u0000' && c <= '\u001f' || c >= '\u007f' && c <= '\u009F'
                    || c >= '\ud800' && c <= '\uf8ff' || c >= '\ufff0') {
                return "invalid character @" + i;
            }
        }
        return null;
    }

    public static boolean isValid(String path) {
        return invalidReason(path) == null;
    }
}
