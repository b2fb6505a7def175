package io.mlctl.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;
import io.mlctl.cli.support.Printer;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The contexts file ({@code ~/.mlctl/config.yaml}, {@code $MLCTL_CONFIG}, or the {@code mlctl.config} system
 * property): named control planes with their tokens and the current one, like kubeconfig's contexts.
 * <pre>
 * current-context: prod
 * contexts:
 *   - {name: prod, server: https://mlctl.example.com, token: mlctl_...}
 * </pre>
 * It holds tokens, so it is written owner-only (0600, in a 0700 directory when that is created here).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CliConfig(@JsonProperty("current-context") String currentContext, List<Context> contexts) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Context(String name, String server, String token) {
    }

    public CliConfig {
        contexts = contexts == null ? List.of() : List.copyOf(contexts);
    }

    /** Where the contexts file is: {@code -Dmlctl.config}, else {@code MLCTL_CONFIG}, else {@code ~/.mlctl/config.yaml}. */
    public static Path path() {
        String p = System.getProperty("mlctl.config");
        if (p == null || p.isBlank()) {
            p = System.getenv("MLCTL_CONFIG");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p.trim());
        }
        return Path.of(System.getProperty("user.home"), ".mlctl", "config.yaml");
    }

    /** The file's contents; an empty configuration when it does not exist. */
    public static CliConfig load(Path file) {
        if (!Files.exists(file)) {
            return new CliConfig(null, List.of());
        }
        try {
            CliConfig c = yaml().readValue(file.toFile(), CliConfig.class);
            return c == null ? new CliConfig(null, List.of()) : c;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the contexts file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(e.toString()), e);
        }
    }

    public Optional<Context> context(String name) {
        return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** This configuration with the context added, or replaced when one of that name exists. */
    public CliConfig with(Context context) {
        List<Context> list = new ArrayList<>();
        boolean replaced = false;
        for (Context c : contexts) {
            if (c.name().equals(context.name())) {
                list.add(context);
                replaced = true;
            } else {
                list.add(c);
            }
        }
        if (!replaced) {
            list.add(context);
        }
        return new CliConfig(currentContext, list);
    }

    public CliConfig without(String name) {
        return new CliConfig(name.equals(currentContext) ? null : currentContext,
                contexts.stream().filter(c -> !c.name().equals(name)).toList());
    }

    public CliConfig withCurrent(String name) {
        return new CliConfig(name, contexts);
    }

    /**
     * Writes the file owner-only: a 0600 temporary file next to it, then renamed over it, so no reader ever sees a
     * half-written file and the token is never readable by others, even for a moment.
     */
    public void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            yaml().writeValue(tmp.toFile(), this);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getFile() + " is in the way", e);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper yaml() {
        return Printer.yamlMapper();
    }
}
