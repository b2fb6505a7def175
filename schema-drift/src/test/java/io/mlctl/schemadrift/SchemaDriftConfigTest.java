package io.mlctl.schemadrift;

import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.drift.evaluation.DriftConfig;
import io.mlctl.drift.evaluation.FeatureDriftConfig;
import io.mlctl.drift.evaluation.Statistic;
import io.mlctl.drift.evaluation.Threshold;
import io.mlctl.drift.profile.FeatureType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SchemaDriftConfigTest {

    private static SchemaDriftConfig of(String yaml) {
        return SchemaDriftConfig.of(SchemaParser.parse(yaml, SchemaFormat.YAML).schema());
    }

    @Test
    void withoutADriftBlockEverythingIsTheDetectorsDefault() {
        SchemaDriftConfig c = of("""
                name: plain
                features: [{name: amount, type: numeric}, {name: new, type: boolean}]
                prediction: {name: score, type: numeric}
                """);
        assertEquals(List.of("amount", "new", "__prediction__"), List.copyOf(c.columns().keySet()));
        assertEquals(FeatureType.CATEGORICAL, SchemaDriftConfig.profileType(c.columns().get("new")));
        DriftConfig d = c.config();
        assertEquals(DriftConfig.DEFAULT_DATASET_DRIFT_SHARE, d.datasetDriftShare());
        assertEquals(FeatureDriftConfig.defaults(FeatureType.NUMERIC), d.forFeature("amount", FeatureType.NUMERIC));
        assertEquals(FeatureDriftConfig.defaults(FeatureType.CATEGORICAL), d.forFeature("new", FeatureType.CATEGORICAL));
        assertEquals(Map.of("amount", 10, "__prediction__", 10), c.bins());
    }

    @Test
    void levelsStatisticsBinsAndShareComeFromTheDocument() {
        SchemaDriftConfig c = of("""
                name: tuned
                features:
                  - {name: amount, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                prediction: {name: score, type: numeric}
                drift:
                  default: {bins: 20, categorical: [psi, chi2]}
                  datasetDriftShare: 0.25
                  thresholds: {psi: {warn: 0.05, drift: 0.15}, kl: 0.3, chi2: {warn: 0.05, drift: 0.01}}
                  features:
                    amount: {statistics: [psi, ks], thresholds: {psi: 0.04, ks: {warn: 0.05, drift: 0.2}}, bins: 5}
                    score: {thresholds: {psi: 0.5}}
                """);
        DriftConfig d = c.config();
        assertEquals(0.25, d.datasetDriftShare());
        FeatureDriftConfig amount = d.forFeature("amount", FeatureType.NUMERIC);
        assertEquals(List.of(Statistic.PSI, Statistic.KS), amount.statistics());
        // the schema-wide warn level 0.05 no longer comes before amount's own drift level 0.04: dropped
        assertEquals(Threshold.drift(0.04), amount.threshold(Statistic.PSI));
        assertEquals(new Threshold(0.05, 0.2), amount.threshold(Statistic.KS));
        assertEquals(Threshold.drift(0.3), amount.threshold(Statistic.KL));
        FeatureDriftConfig country = d.forFeature("country", FeatureType.CATEGORICAL);
        assertEquals(List.of(Statistic.PSI, Statistic.CHI2), country.statistics());
        assertEquals(new Threshold(0.05, 0.15), country.threshold(Statistic.PSI));
        assertEquals(new Threshold(0.05, 0.01), country.threshold(Statistic.CHI2));
        // the prediction's own drift level keeps the schema-wide warn level, which still comes first
        assertEquals(new Threshold(0.05, 0.5), d.forFeature("__prediction__", FeatureType.NUMERIC)
                .threshold(Statistic.PSI));
        assertEquals(Map.of("amount", 5, "__prediction__", 20), c.bins());
    }

    @Test
    void effectSizesAreStatisticsWithTheirOwnLevels() {
        SchemaDriftConfig c = of("""
                name: effects
                features:
                  - {name: amount, type: numeric}
                  - {name: country, type: categorical, allowOther: true}
                drift:
                  thresholds: {wasserstein: 0.2, hellinger: {warn: 0.05, drift: 0.15}}
                  features:
                    country: {statistics: [psi, chi2, cramers_v, hellinger], thresholds: {cramers_v: 0.3}}
                """);
        FeatureDriftConfig amount = c.config().forFeature("amount", FeatureType.NUMERIC);
        assertEquals(FeatureDriftConfig.defaultStatistics(FeatureType.NUMERIC), amount.statistics());
        assertEquals(Threshold.drift(0.2), amount.threshold(Statistic.WASSERSTEIN));
        FeatureDriftConfig country = c.config().forFeature("country", FeatureType.CATEGORICAL);
        assertEquals(List.of(Statistic.PSI, Statistic.CHI2, Statistic.CRAMERS_V, Statistic.HELLINGER),
                country.statistics());
        assertEquals(Threshold.drift(0.3), country.threshold(Statistic.CRAMERS_V));
        assertEquals(new Threshold(0.05, 0.15), country.threshold(Statistic.HELLINGER));
        // a statistic of the other type is refused with its place in the document
        io.mlctl.api.common.ProblemException bad = org.junit.jupiter.api.Assertions.assertThrows(
                io.mlctl.api.common.ProblemException.class, () -> SchemaParser.parse("""
                        name: bad
                        features: [{name: amount, type: numeric}]
                        drift: {features: {amount: {statistics: [psi, cramers_v]}}}
                        """, SchemaFormat.YAML));
        assertEquals(422, bad.status());
        assertEquals(1, bad.errors().size(), bad.errors().toString());
        assertEquals(true, bad.errors().get(0).toString().contains("cramers_v applies to categorical features"),
                bad.errors().toString());
    }
}
