package io.mlctl.cli.drift;

import io.mlctl.cli.support.CliException;
import io.mlctl.cli.support.ExitCodes;

import java.nio.file.Path;

/** A data or schema file that cannot be used, with the place and the reason on one line. */
final class DataFileException extends CliException {
    DataFileException(Path file, long line, String reason) {
        super(ExitCodes.FAILED, file + (line > 0 ? ":" + line : "") + ": " + reason);
    }

    DataFileException(Path file, String reason) {
        this(file, 0, reason);
    }
}
