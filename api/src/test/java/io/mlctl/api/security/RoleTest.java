package io.mlctl.api.security;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoleTest {

    private static List<Role> included(Role r) {
        return Arrays.stream(Role.values()).filter(r::includes).toList();
    }

    @Test
    void ingestIsWriteOnlyAndIncludedByEditorsAndAdmins() {
        assertEquals(List.of(Role.viewer), included(Role.viewer));
        assertEquals(List.of(Role.viewer, Role.editor, Role.ingest), included(Role.editor));
        assertEquals(List.of(Role.viewer, Role.editor, Role.admin, Role.ingest), included(Role.admin));
        assertEquals(List.of(Role.ingest), included(Role.ingest));
    }
}
