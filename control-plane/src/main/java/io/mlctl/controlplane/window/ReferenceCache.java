package io.mlctl.controlplane.window;

import io.mlctl.controlplane.db.Jdbc;
import io.micronaut.data.exceptions.DataAccessException;
import io.mlctl.drift.profile.DatasetProfile;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decoded reference profiles by id. A stored reference never changes (a new upload is a new row), so entries never go
 * stale; the map keeps the most recently used ones.
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

    /** The reference profile with this id, read on the given connection when not cached. */
    public DatasetProfile get(Connection c, long id) {
        synchronized (cache) {
            DatasetProfile p = cache.get(id);
            if (p != null) {
                return p;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT profile FROM reference_profile WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DataAccessException("reference profile " + id + " does not exist");
                }
                DatasetProfile p = DatasetProfile.fromBytes(rs.getBytes(1));
                synchronized (cache) {
                    cache.put(id, p);
                }
                return p;
            }
        } catch (SQLException e) {
            throw Jdbc.wrap(e);
        }
    }

    /** Id of the newest reference profile of a version, if any. */
    public static OptionalLong currentId(Connection c, String model, int version) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT MAX(id) FROM reference_profile WHERE model = ? AND version = ?")) {
            ps.setString(1, model);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(id);
            }
        } catch (SQLException e) {
            throw Jdbc.wrap(e);
        }
    }
}
