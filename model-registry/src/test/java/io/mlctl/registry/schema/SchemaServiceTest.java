package io.mlctl.registry.schema;

import io.mlctl.api.schema.ParsedSchema;
import io.mlctl.api.schema.SchemaFormat;
import io.mlctl.api.schema.SchemaParser;
import io.mlctl.api.common.ProblemException;
import io.mlctl.api.registry.CompatibilityReport;
import io.mlctl.api.registry.SchemaVersion;
import io.mlctl.registry.audit.AuditLog;
import io.mlctl.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaServiceTest extends DatabaseTest {
    static final String V1 = """
            name: %s
            features:
              - {name: amount, type: numeric, min: 0}
              - {name: country, type: categorical, values: [US, DE]}
            """;

    private SchemaService schemas() {
        return bean(SchemaService.class);
    }

    private long audit() {
        return bean(AuditLog.class).search(null, null, null, 0, 1).total();
    }

    /** A row written before warn levels and the dataset drift share existed loads, and a re-push matches it. */
    @Test
    void rowsStoredBeforeWarnLevelsStillLoad() {
        String source = "name: legacy\nfeatures: [{name: amount, type: numeric}]\ndrift: {thresholds: {psi: 0.2}}\n";
        bean(SchemaRepository.class).save(new SchemaEntity(null, "legacy", 1,
                "{\"name\":\"legacy\",\"features\":[{\"name\":\"amount\",\"type\":\"numeric\"}],"
                        + "\"drift\":{\"thresholds\":{\"psi\":0.2}}}", source, "yaml", true,
                "{\"schema\":\"legacy\",\"version\":1,\"compatible\":true,\"changes\":[]}",
                io.mlctl.registry.db.Now.micros(), "t#1"));
        SchemaVersion v = schemas().get("legacy", 1);
        assertEquals(0.2, v.schema().drift().thresholds().get("psi"));
        assertEquals(null, v.schema().drift().warn());
        assertEquals(null, v.schema().drift().datasetDriftShare());
        assertFalse(schemas().push(source, SchemaFormat.YAML, false, "t#1").created(), "the same document");
        assertEquals("legacy@2", schemas().push(source.replace("psi: 0.2", "psi: {warn: 0.1, drift: 0.2}"),
                SchemaFormat.YAML, false, "t#1").version().ref());
        assertEquals(0.1, schemas().schema("legacy@2").drift().warn().get("psi"));
    }

    @Test
    void versionsAreImmutableAndRepushingTheSameDocumentAddsNone() {
        SchemaService.Pushed first = schemas().push(V1.formatted("same"), SchemaFormat.YAML, false, "t#1");
        assertTrue(first.created());
        assertEquals("same@1", first.version().ref());
        assertTrue(first.version().compatibility().compatible());
        // same content, different formatting and format
        SchemaService.Pushed again = schemas().push("{\"name\": \"same\", \"features\": [{\"name\": \"amount\", "
                + "\"type\": \"numeric\", \"min\": 0}, {\"name\": \"country\", \"type\": \"categorical\", "
                + "\"values\": [\"US\", \"DE\"]}]}", SchemaFormat.JSON, false, "t#1");
        assertFalse(again.created());
        assertEquals(1, again.version().version());
        assertEquals(1, schemas().versions("same", 0, 10).total());
    }

    @Test
    void incompatibleVersionsAreStoredWithTheirReportUnlessCompatibilityIsRequired() {
        schemas().push(V1.formatted("evolving"), SchemaFormat.YAML, false, "t#1");
        String narrowed = V1.formatted("evolving").replace("[US, DE]", "[US]");
        long before = audit();
        ProblemException e = assertThrows(ProblemException.class,
                () -> schemas().push(narrowed, SchemaFormat.YAML, true, "t#1"));
        assertEquals(409, e.status());
        assertTrue(e.extensions().get("compatibility") instanceof CompatibilityReport);
        assertEquals(before, audit());
        assertEquals(1, schemas().versions("evolving", 0, 10).total(), "nothing stored");

        SchemaVersion v2 = schemas().push(narrowed, SchemaFormat.YAML, false, "t#1").version();
        assertEquals(2, v2.version());
        assertFalse(v2.compatibility().compatible());
        assertEquals(1, v2.compatibility().against());
        assertEquals(v2.compatibility(), schemas().diff("evolving", 2, null));
        CompatibilityReport reverse = schemas().diff("evolving", 1, 2);
        assertTrue(reverse.compatible(), "widening back is compatible");
        assertEquals(2, schemas().get("evolving", null).version());
        assertEquals("evolving@2", schemas().resolve("evolving").toString());
        assertEquals(narrowed, schemas().get("evolving", 2).source());
        assertSame(schemas().schema("evolving@2"), schemas().schema("evolving@2"), "immutable versions are cached");
        assertEquals(1, schemas().list("evolv", 0, 10).total());
        assertEquals(404, assertThrows(ProblemException.class, () -> schemas().get("evolving", 3)).status());
        assertEquals(404, assertThrows(ProblemException.class, () -> schemas().schema("nothing@1")).status());
    }
}
