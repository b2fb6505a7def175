package io.mlctl.controlplane.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;

/**
 * A JSON parser that refuses U+0000 in any string or member name of an NDJSON line (JSON spells it
 * {@code "\u0000"}). PostgreSQL's text types cannot store it, so a sample's category or a label's request id holding
 * it would fail the batch's insert with a 500; refused here it is a malformed line like any other.
 */
final class NulFreeParser extends JsonParserDelegate {
    NulFreeParser(JsonParser d) {
        super(d);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken t = delegate.nextToken();
        if (t == JsonToken.VALUE_STRING ? hasNul()
                : t == JsonToken.FIELD_NAME && delegate.currentName().indexOf('\0') >= 0) { // names: canonical Strings
            throw new JsonParseException(delegate, "text may not contain U+0000 (NUL)");
        }
        return t;
    }

    /** Scans the parser's own buffer: no String per value (a stream consumer reads millions of them). */
    private boolean hasNul() throws IOException {
        char[] text = delegate.getTextCharacters();
        int end = delegate.getTextOffset() + delegate.getTextLength();
        for (int i = delegate.getTextOffset(); i < end; i++) {
            if (text[i] == '\0') {
                return true;
            }
        }
        return false;
    }
}
