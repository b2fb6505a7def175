package io.mlctl.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TestDatabaseTest {

    @Test
    void replacesTheDatabaseNameAndKeepsParameters() {
        assertEquals("jdbc:postgresql://localhost:5432/other?ssl=false",
                TestDatabase.withDatabase("jdbc:postgresql://localhost:5432/mlctl_test?ssl=false", "other"));
        assertEquals("jdbc:postgresql://db/x", TestDatabase.withDatabase("jdbc:postgresql://db/y", "x"));
    }

    @Test
    void h2DatabasesAreSeparateAndGoneAfterClose() throws Exception {
        try (TestDatabase a = TestDatabase.h2(); TestDatabase b = TestDatabase.h2()) {
            try (Connection c = a.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x INT)");
            }
            try (Connection c = b.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 't'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void postgresDatabaseIsCreatedFreshAndDropped() throws Exception {
        String url;
        try (TestDatabase db = TestDatabase.postgres()) {
            url = db.url();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
        assertFalse(url.endsWith("/mlctl_test"));
        assertThrows(java.sql.SQLException.class, () -> java.sql.DriverManager.getConnection(url,
                System.getenv("MLCTL_TEST_PG_USER"), System.getenv("MLCTL_TEST_PG_PASSWORD")).close());
    }
}
