package io.mlctl.logger;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: help, and bad input refused with exit 64 and one plain line, before anything listens. */
class LoggerMainTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = new CommandLine(new LoggerMain(new PrintStream(out, true, StandardCharsets.UTF_8)));
            cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err + captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
        }
    }

    private static String[] valid(String... extra) {
        String[] base = {"--upstream", "http://127.0.0.1:9", "--listen", "0", "--protocol", "oip", "--model", "m",
            "--version", "1", "--admin-port", "0"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void helpListsTheFlags() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String flag : new String[] {"--upstream", "--listen", "--protocol", "--model", "--version", "--sample-rate",
            "--batch-size", "--flush-interval", "--queue-capacity", "--admin-port", "--server", "--token",
            "--logging-cpu-budget"}) {
            assertTrue(r.out().contains(flag), flag + " in " + r.out());
        }
        assertTrue(r.out().contains("MLCTL_SERVER"), r.out());
    }

    @Test
    void badInputIsAUsageError() {
        String[][] cases = {
            valid("--sample-rate", "1.5"),
            valid("--batch-size", "0"),
            valid("--logging-cpu-budget", "0"),
            valid("--logging-cpu-budget", "1.5"),
            valid("--logging-cpu-budget", "NaN"),
            valid("--flush-interval", "soon"),
            {"--upstream", "https://x:1", "--listen", "0", "--protocol", "oip", "--model", "m", "--version", "1"},
            {"--upstream", "http://x:1/base", "--listen", "0", "--protocol", "oip", "--model", "m", "--version", "1"},
            {"--upstream", "http://x:1", "--listen", "0", "--protocol", "grpc", "--model", "m", "--version", "1"},
            {"--upstream", "http://x:1", "--listen", "port", "--protocol", "oip", "--model", "m", "--version", "1"},
            {"--upstream", "http://x:1", "--protocol", "oip", "--model", "m", "--version", "1"},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(64, r.code(), String.join(" ", c) + ": " + r.err());
            assertFalse(r.err().isBlank(), "says why: " + String.join(" ", c));
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void samplingDependsOnTheRequestIdAloneAndKeepsItsRate() {
        int kept = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            String id = RequestIds.generate();
            boolean a = RequestIds.sampled(id, 0.25);
            assertEquals(a, RequestIds.sampled(new String(id.toCharArray()), 0.25), "same id, same decision");
            if (a) {
                kept++;
            }
        }
        assertEquals(0.25, kept / (double) n, 0.01);
        // sequential ids (a client's counter) spread evenly too
        kept = 0;
        for (int i = 0; i < n; i++) {
            kept += RequestIds.sampled("req-" + i, 0.1) ? 1 : 0;
        }
        assertEquals(0.1, kept / (double) n, 0.01);
        assertTrue(RequestIds.sampled("x", 1.0));
        assertFalse(RequestIds.sampled("x", 0.0));
    }
}
