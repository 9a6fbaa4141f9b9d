package io.zabd.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a tools command line in-process through picocli and captures what it printed. */
public final class Tools {
    /** Exit code, stdout and stderr of one run. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Tools() {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ZabdTools.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }
}
