package com.acme.helpdesk.repository;

import com.acme.helpdesk.db.JdbcHelper;
import com.acme.helpdesk.sql.TicketSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class TicketRepository {
    private final JdbcHelper jdbc;

    public TicketRepository(JdbcHelper jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map<String, Object>> fetch(String sql, Object... params) throws SQLException {
        return jdbc.queryForList(sql, params);
    }

    public Optional<Map<String, Object>> findById(long id) throws SQLException {
        try (Connection conn = jdbc.connection();
             PreparedStatement ps = conn.prepareStatement("SELECT " + TicketSql.COLUMNS + " FROM tickets t WHERE t.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return JdbcHelper.toMaps(rs).stream().findFirst();
            }
        }
    }

    public List<Map<String, Object>> findByProject(String projectKey) throws SQLException {
        String sql = "SELECT " + TicketSql.COLUMNS + " FROM tickets t WHERE t.project_key = '" + projectKey
                + "' ORDER BY t.created_at DESC";
        try (Connection conn = jdbc.connection();
             ResultSet rs = conn.createStatement().executeQuery(sql)) { // expect: sql-injection
            return JdbcHelper.toMaps(rs);
        }
    }
}
