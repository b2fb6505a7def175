package io.mlctl.controlplane.kafka;

import io.mlctl.controlplane.db.Jdbc;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code kafka_offset} table: the next offset to fold per topic-partition, written in the transaction that folds
 * the records before it (V2_7__kafka.sql says why).
 */
final class ConsumedOffsets {
    private ConsumedOffsets() {
    }

    /** The stored next offsets of these partitions (absent: never consumed). */
    static Map<TopicPartition, Long> read(Connection c, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM kafka_offset WHERE topic = ? "
                + "AND partition_no = ?")) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, tp.topic());
                ps.setInt(2, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Locks the partition's row for the rest of the transaction and answers its next offset (empty: never
     * consumed). Two consumers that both believe they own the partition serialize here, and the later one sees
     * that the offset moved past its batch.
     */
    static OptionalLong lock(Connection c, TopicPartition tp) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_offset FROM kafka_offset WHERE topic = ? "
                + "AND partition_no = ? FOR UPDATE")) {
            ps.setString(1, tp.topic());
            ps.setInt(2, tp.partition());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Stores the next offset (inserting the row on the partition's first batch). */
    static void store(Connection c, TopicPartition tp, boolean exists, long next) throws SQLException {
        String sql = exists
                ? "UPDATE kafka_offset SET next_offset = ?, updated_at = ? WHERE topic = ? AND partition_no = ?"
                : "INSERT INTO kafka_offset (next_offset, updated_at, topic, partition_no) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, next);
            ps.setTimestamp(2, Jdbc.ts(Instant.now()));
            ps.setString(3, tp.topic());
            ps.setInt(4, tp.partition());
            ps.executeUpdate();
        }
    }
}
