package io.zabd.tools;

import picocli.CommandLine;

/** Parses a zxid option: {@code 0x}-prefixed hex (as ZooKeeper prints zxids) or decimal. */
final class ZxidArg implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String v = value.trim();
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a zxid: '" + value + "' (use 0x-prefixed hex or decimal)");
        }
    }
}
