package io.mlctl.api.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The plain-Jackson reading of the CLI's files and the operator's and logger's answers. */
class StrictJsonTest {
    record Shape(String name, Integer count, double share, Double limit, boolean on) {
    }

    private static final ObjectMapper DOCUMENTS = StrictJson.documents(new ObjectMapper());
    private static final ObjectMapper ANSWERS = StrictJson.answers(new ObjectMapper());
    private static final ObjectMapper YAML = StrictJson.documents(new ObjectMapper(new YAMLFactory()));

    @Test
    void wellFormedValuesAreRead() throws IOException {
        Shape s = DOCUMENTS.readValue("{\"name\":\"a\",\"count\":2,\"share\":0.5,\"limit\":1e300,\"on\":true}", Shape.class);
        assertEquals(new Shape("a", 2, 0.5, 1e300, true), s);
        assertEquals(s, ANSWERS.readValue("{\"name\":\"a\",\"count\":2,\"share\":0.5,\"limit\":1e300,\"on\":true,"
                + "\"newer\":[1]}", Shape.class));
    }

    @Test
    void coercionTruncationTrailingContentAndNonFiniteNumbersAreRefused() {
        for (String bad : List.of("{\"name\":1}", "{\"name\":true}", "{\"name\":[\"a\"]}", "{\"count\":\"2\"}",
                "{\"count\":1.5}", "{\"count\":[2]}", "{\"on\":\"yes\"}", "{\"on\":1}", "{\"share\":null}",
                "{\"share\":\"0.5\"}", "{\"share\":1e400}", "{\"limit\":-1e400}", "{\"name\":\"a\"} {}",
                "{\"name\":\"a\"} x")) {
            assertThrows(IOException.class, () -> DOCUMENTS.readValue(bad, Shape.class), bad);
            assertThrows(IOException.class, () -> ANSWERS.readValue(bad, Shape.class), bad);
        }
        assertThrows(IOException.class, () -> DOCUMENTS.readValue("{\"nmae\":\"a\"}", Shape.class));
        assertThrows(IOException.class, () -> YAML.readValue("limit: 1e400\n", Shape.class));
        assertThrows(IOException.class, () -> YAML.readValue("on: yes\n", Shape.class));
    }
}
