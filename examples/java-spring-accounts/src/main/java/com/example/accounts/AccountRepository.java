package com.example.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {
    private static final String COLUMNS = "id, owner_email, currency, balance";
    private static final RowMapper<Account> MAPPER = (rs, n) -> new Account(
            rs.getLong("id"), rs.getString("owner_email"), rs.getString("currency"), rs.getBigDecimal("balance"));

    private final JdbcTemplate jdbc;

    public AccountRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findById(long id) {
        List<Account> rows = jdbc.query("SELECT " + COLUMNS + " FROM accounts WHERE id = ?", MAPPER, id);
        return rows.stream().findFirst();
    }

    public List<Account> findByOwner(String email) {
        String sql = "SELECT " + COLUMNS + " FROM accounts WHERE owner_email = '" + email + "' ORDER BY id";
        return jdbc.query(sql, MAPPER);
    }

    public List<Account> findByCurrency(String currency) {
        return jdbc.query("SELECT " + COLUMNS + " FROM accounts WHERE currency = ? ORDER BY id", MAPPER, currency);
    }

    public int credit(long id, java.math.BigDecimal amount) {
        return jdbc.update("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, id);
    }
}
