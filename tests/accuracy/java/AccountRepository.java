package com.example.accounts.repository;

import com.example.accounts.model.Account;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class AccountRepository {
    private static final Logger log = LoggerFactory.getLogger(AccountRepository.class);
    private static final String TABLE = "accounts";
    private static final String COLUMNS = "id, owner_email, currency, balance, status";
    private static final Set<String> SORTABLE = Set.of("created_at", "balance", "owner_email");

    private final DataSource dataSource;

    public AccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Account> findById(long id) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?";
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public List<Account> findByOwner(String email) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             Statement stmt = conn.createStatement();
             // expect: sql-injection
             ResultSet rs = stmt.executeQuery("SELECT " + COLUMNS + " FROM accounts WHERE owner_email = '" + email + "'")) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    public List<Account> findByStatus(String status, String sortColumn) throws SQLException {
        String query = String.format("SELECT %s FROM %s WHERE status = '%s' ORDER BY %s", COLUMNS, TABLE, status, sortColumn);
        log.debug("Running account query for status {}", status);
        try (Connection conn = dataSource.getConnection();
             // expect: sql-injection
             PreparedStatement ps = conn.prepareStatement(query);
             ResultSet rs = ps.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    public List<Account> findAllSorted(String sortColumn) throws SQLException {
        String column = SORTABLE.contains(sortColumn) ? sortColumn : "created_at";
        String sql = "SELECT " + COLUMNS + " FROM accounts ORDER BY " + column;
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    public List<Account> findByIds(List<Long> ids) throws SQLException {
        String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(","));
        String sql = "SELECT " + COLUMNS + " FROM accounts WHERE id IN (" + placeholders + ")";
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            List<Account> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        }
    }

    public Optional<Account> findByIban(String iban) throws SQLException {
        String sql = String.format("SELECT %s FROM %s WHERE iban = ?", COLUMNS, TABLE);
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, iban);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public void credit(long id, BigDecimal amount) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
            ps.setBigDecimal(1, amount);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    public int closeDormant(String region, int days) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE accounts SET status = 'closed' WHERE region = '");
        sql.append(region).append("' AND last_activity < now() - interval '").append(days).append(" days'");
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            // expect: sql-injection
            return stmt.executeUpdate(sql.toString());
        }
    }

    public void tag(long id, String tag) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            Statement stmt = conn.createStatement();
            // expect: sql-injection
            stmt.execute("INSERT INTO account_tags (account_id, tag) VALUES (" + id + ", '" + tag + "')");
        }
    }

    public long count() throws SQLException {
        try (Connection conn = dataSource.getConnection();
             Statement stmt = conn.createStatement();
             ResultSet rs = stmt.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void deleteClosed() {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("DELETE FROM accounts WHERE status = 'closed'")) {
            ps.executeUpdate();
        // expect: error-handling
        } catch (SQLException e) {
        }
    }

    public void refreshStatistics() {
        try (Connection conn = dataSource.getConnection(); Statement stmt = conn.createStatement()) {
            stmt.execute("ANALYZE accounts");
        } catch (SQLException e) {
            log.warn("Could not refresh statistics: {}", e.getMessage());
        }
    }

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("owner_email"),
                rs.getString("currency"),
                rs.getBigDecimal("balance"),
                rs.getString("status"));
    }

    static String selectPrompt() {
        return "Select an account from the list to continue";
    }
}
