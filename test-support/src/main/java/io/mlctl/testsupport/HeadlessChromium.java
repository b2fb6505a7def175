package io.mlctl.testsupport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code chromium} in headless mode, as a test opens a page: the DOM after rendering ({@code --dump-dom})
 * and a screenshot. Shared by every module that renders HTML reports. Each call gets a fresh profile directory; the flags keep it off the network.
 */
public final class HeadlessChromium {
    private static final Path BINARY = Path.of(System.getenv().getOrDefault("MLCTL_CHROMIUM", "/usr/bin/chromium"));

    private HeadlessChromium() {
    }

    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(BINARY), "chromium not installed at " + BINARY + " (apt-get install chromium)");
    }

    public static String dumpDom(URI page) {
        return new String(run(page, "--dump-dom"), StandardCharsets.UTF_8);
    }

    public static BufferedImage screenshot(URI page, int width, int height) {
        try {
            Path dir = Files.createTempDirectory("mlctl-shot");
            Path png = dir.resolve("page.png");
            run(page, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
            BufferedImage img = ImageIO.read(png.toFile());
            if (img == null) {
                throw new IllegalStateException("chromium wrote no screenshot for " + page);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] run(URI page, String... extra) {
        try {
            Path profile = Files.createTempDirectory("mlctl-chromium");
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile));
            cmd.addAll(List.of(extra));
            cmd.add(page.toString());
            Path out = Files.createTempFile("mlctl-chromium", ".out");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within 90 s for " + page);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("chromium exited with " + p.exitValue() + " for " + page);
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
