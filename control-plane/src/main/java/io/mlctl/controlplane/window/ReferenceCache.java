package io.mlctl.controlplane.window;

import io.micronaut.data.exceptions.DataAccessException;
import io.mlctl.controlplane.db.Jdbc;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decoded reference profiles by id (what a window's rows are binned with and compared against). A stored reference
 * never changes (a new upload is a new row), so entries never go stale; the map keeps the most recently used ones.
 * Reads join the caller's transaction when there is one.
 */
@Singleton
public class ReferenceCache {
    private static final int CAPACITY = 256;
    private final Map<Long, DatasetProfile> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, DatasetProfile> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Jdbc jdbc;

    public ReferenceCache(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The reference profile with this id, read from the database when not cached. */
    public DatasetProfile get(long id) {
        synchronized (cache) {
            DatasetProfile p = cache.get(id);
            if (p != null) {
                return p;
            }
        }
        DatasetProfile p = jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT profile FROM reference_profile WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new DataAccessException("reference profile " + id + " does not exist");
                    }
                    return DatasetProfile.fromBytes(rs.getBytes(1));
                }
            }
        });
        synchronized (cache) {
            cache.put(id, p);
        }
        return p;
    }

    /** Id of the newest reference profile of a version, if any. */
    public OptionalLong currentId(String model, int version) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(id) FROM reference_profile WHERE model = ? AND version = ?")) {
                ps.setString(1, model);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
                }
            }
        });
    }
}
