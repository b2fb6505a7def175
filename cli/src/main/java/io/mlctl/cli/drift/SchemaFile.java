package io.mlctl.cli.drift;

import io.mlctl.api.registry.FeatureSchema;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.Feature;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.drift.profile.FeatureType;
import io.mlctl.schemadrift.SchemaDriftConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature schema of {@code drift compare --schema}: the same document {@code mlctl schemas push} stores, read by
 * the registry's parser and judged through the control plane's {@link SchemaDriftConfig}, so a file gives the same
 * verdicts offline as in the control plane's windows.
 */
record SchemaFile(SchemaDriftConfig drift, List<Declared> features) {

    /**
     * A feature to compare.
     *
     * @param name    the name it is reported under ({@code __prediction__} for the prediction)
     * @param columns the column names it may have in a data file, in order of preference
     */
    record Declared(String name, FeatureType type, boolean required, List<String> columns) {
    }

    static SchemaFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage());
        }
        SchemaDriftConfig drift;
        try {
            drift = SchemaDriftConfig.of(SchemaParser.parse(text, SchemaFormat.ofFileName(file.toString())).schema());
        } catch (ProblemException e) {
            throw new DataFileException(file, e.detail());
        }
        List<Declared> features = new ArrayList<>();
        drift.columns().forEach((name, feature) -> features.add(declared(name, feature)));
        return new SchemaFile(drift, List.copyOf(features));
    }

    int bins(String feature) {
        return drift.binsOf(feature);
    }

    private static Declared declared(String name, Feature feature) {
        // a data file may hold the prediction under its own name or under the profile name
        List<String> columns = name.equals(FeatureSchema.PREDICTION) ? List.of(feature.name(), name) : List.of(name);
        return new Declared(name, SchemaDriftConfig.profileType(feature), feature.mandatory(), columns);
    }
}
