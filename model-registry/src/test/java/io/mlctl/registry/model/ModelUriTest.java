package io.mlctl.registry.model;

import io.mlctl.api.common.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelUriTest {

    @Test
    void parsesAliasesVersionsAndLatest() {
        assertEquals(new ModelUri("fraud", null, "production", false), ModelUri.parse("models:/fraud@production"));
        assertEquals(new ModelUri("fraud", 7, null, false), ModelUri.parse("models:/fraud/7"));
        assertEquals(new ModelUri("fraud", null, null, true), ModelUri.parse("models:/fraud/latest"));
    }

    @Test
    void rejectsEverythingElse() {
        for (String bad : new String[]{"fraud@production", "models:/Fraud/7", "models:/fraud/0", "models:/fraud/x",
                "models:/fraud@", "models:/fraud@latest", "models:/fraud/7@x", "models:/", "models:/fraud"}) {
            assertEquals(400, assertThrows(ProblemException.class, () -> ModelUri.parse(bad), bad).status(), bad);
        }
    }
}
