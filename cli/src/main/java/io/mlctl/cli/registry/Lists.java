package io.mlctl.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlctl.cli.support.OutputFormat;
import io.mlctl.cli.support.Printer;

import java.io.PrintWriter;
import java.util.List;

/** Prints a page answer: the items as a table (with a "page x of y" line), or the whole page as JSON/YAML. */
final class Lists {
    private Lists() {
    }

    static void print(PrintWriter out, OutputFormat format, JsonNode page, List<String> columns) {
        Printer p = new Printer(out, format);
        if (format != OutputFormat.table) {
            p.object(page);
            return;
        }
        p.list(page.path("items"), columns);
        long total = page.path("total").asLong();
        int size = Math.max(1, page.path("size").asInt());
        int number = page.path("page").asInt();
        if (total > size) {
            long pages = (total + size - 1) / size;
            out.println("page " + number + " of 0.." + (pages - 1) + " (" + total + " in all; --page N for more)");
            out.flush();
        }
    }
}
