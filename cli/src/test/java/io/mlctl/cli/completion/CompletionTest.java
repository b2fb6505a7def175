package io.mlctl.cli.completion;

import io.mlctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mlctl completion bash} sourced into a real bash, which then completes commands, options and values. */
class CompletionTest {
    @TempDir
    Path dir;

    private static String script(String shell) {
        CliRun run = CliRun.run("completion", shell);
        assertEquals(0, run.exit(), run.err());
        return run.out();
    }

    /** What bash offers for the words typed so far (the last one being completed). */
    private List<String> complete(Path script, String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_mlctl 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void bashCompletesCommandsSubcommandsOptionsAndValues() throws Exception {
        Path script = Files.writeString(dir.resolve("mlctl.bash"), script("bash"));
        assertEquals(List.of("models"), complete(script, "mlctl", "mod"));
        assertTrue(complete(script, "mlctl", "con").contains("config"));
        assertEquals(List.of("list"), complete(script, "mlctl", "models", "l"));
        List<String> contexts = complete(script, "mlctl", "config", "");
        assertTrue(contexts.containsAll(List.of("set-context", "use-context", "get-contexts", "current-context",
                "delete-context")), contexts.toString());
        assertTrue(complete(script, "mlctl", "models", "list", "--o").containsAll(List.of("--output", "--owner")));
        assertEquals(List.of("table", "json", "yaml"), complete(script, "mlctl", "models", "list", "-o", ""));
    }

    @Test
    void zshGetsTheSameScriptWhichTurnsOnBashcompinit() {
        String zsh = script("zsh");
        assertEquals(script("bash"), zsh);
        assertTrue(zsh.contains("bashcompinit"), "zsh runs it through its bash-completion emulation");
    }
}
